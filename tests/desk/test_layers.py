"""The layer contract: every import (at the top or inside a function) points down or sideways, and no module imports itself round a cycle.

Layers, lowest first (docs/ARCHITECTURE.md explains them):
  0 core      desk.version, desk.plugins, desk.core.*
  1 db        desk.db.*, every ``desk.<package>.model`` and desk.models
  2 base      desk.office, desk.people, desk.directory, desk.drafts, desk.security, desk.backup
  3 areas     the work areas' services, queries, stats and demo data
  4 shared    desk.reports, desk.exchange, desk.sheets, and every area's
              contributions to them (``<area>.report``, ``<area>.area``, desk.areas)
  5 front     desk.cli, desk.console, desk.demo, every ``desk.<package>.cli``, main.py and ui.*
A module may import its own layer or lower ones; a cycle between modules fails whatever the layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BASE = {"office", "people", "directory", "drafts", "security", "backup"}
SHARED = {"reports", "exchange", "sheets"}
LAYER_NAMES = ("core", "db", "base", "areas", "shared", "front")


def layer_of(module: str) -> int:
    """Return the layer number of a ``desk`` or ``ui`` module."""
    parts = module.split(".")
    if parts[0] == "ui" or module in ("desk.cli", "desk.console", "desk.demo") or parts[-1] == "cli":
        return 5
    if module in ("desk", "desk.version", "desk.plugins") or parts[1] == "core":
        return 0
    if parts[1] == "db" or module == "desk.models" or parts[-1] == "model":
        return 1
    if module == "desk.areas" or parts[1] in SHARED or parts[-1] in ("report", "area", "sheets"):
        return 4
    if parts[1] in BASE:
        return 2
    return 3


def modules() -> dict[str, Path]:
    """Return module name → file for desk/ and ui/ (released migrations excluded)."""
    found = {}
    for top in ("desk", "ui"):
        for path in (ROOT / top).rglob("*.py"):
            if "versions" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """Return the desk/ui modules ``name`` imports anywhere in its body (functions included)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            targets.add(module)
            targets.update(f"{module}.{alias.name}" for alias in node.names)
    resolved = set()
    for target in targets:
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name and not name.startswith(target + "."):
            resolved.add(target)
    return resolved


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports_of(name, path, known) for name, path in known.items()}


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


# Cycles known when this test was written and being removed by other work (issue 17 replaces
# both sheet catalogues with per-area declarations).  Delete an entry once it is gone: the test
# fails on any new cycle and on an entry that no longer exists.
KNOWN_CYCLES: list[list[str]] = []


def test_no_import_cycles_even_through_imports_inside_functions():
    found = cycles(graph())
    assert [group for group in found if group not in KNOWN_CYCLES] == []
    assert [group for group in KNOWN_CYCLES if group not in found] == [], "a known cycle is gone: delete it from KNOWN_CYCLES"


def test_every_import_points_down_the_layers():
    upward = [
        f"{name} ({LAYER_NAMES[layer_of(name)]}) imports {target} ({LAYER_NAMES[layer_of(target)]})"
        for name, targets in sorted(graph().items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(name)
    ]
    assert upward == []


def test_the_contract_checker_sees_cycles_and_upward_imports():
    # The checker itself must be able to fail.
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert layer_of("desk.db.records") < layer_of("desk.security.users") < layer_of("desk.relief.service")
    assert layer_of("desk.relief.service") < layer_of("desk.relief.report") < layer_of("desk.relief.cli")
    assert "desk.core.i18n" in imports_of("desk.core.periods", ROOT / "desk/core/periods.py", modules())
