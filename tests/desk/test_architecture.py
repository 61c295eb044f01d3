"""Project rules enforced by tests: desk/ never imports Qt or ui; every module has a docstring."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ("PySide6", "shiboken6", "ui")


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_core_never_imports_qt_or_ui():
    offenders = [
        f"{path.relative_to(ROOT)}: {name}"
        for path in (ROOT / "desk").rglob("*.py")
        for name in _imports(path)
        if name.split(".")[0] in FORBIDDEN
    ]
    assert offenders == []


def test_every_module_opens_with_a_docstring():
    missing = []
    for top in ("desk", "ui"):
        for path in (ROOT / top).rglob("*.py"):
            if "versions" in path.parts or path.stat().st_size == 0:
                continue
            if ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) is None:
                missing.append(str(path.relative_to(ROOT)))
    assert missing == []


def test_only_the_engine_module_creates_engines():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "desk").rglob("*.py")
        if "create_engine(" in path.read_text(encoding="utf-8") and path.name != "engine.py"
    ]
    assert offenders == []
