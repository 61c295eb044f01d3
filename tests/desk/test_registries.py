"""Registries are objects built at start and handed on, never module state a function changes (so test order cannot matter).

The test walks desk/ with ``ast``: a ``global`` statement, or a function that writes into a
dict, list or set kept at module level (``_TABLES[key] = ...``, ``_CHECKS.append(...)``), is
module state one caller can leave changed for the next.  Memos of what never changes
(a column's type) and process-wide settings (the language, logging) are allowed by name below, each with its reason.
"""

from __future__ import annotations

import ast
from pathlib import Path

from desk.reports.registry import build_report_registry
from desk.reports.sections import Figure

ROOT = Path(__file__).resolve().parents[2]

# module → module-level names a function may change, and why each is not a registry a test could leave changed.
ALLOWED = {
    "desk/exchange/travel.py": {
        "_KINDS": "a memo of each column's parsed type; a table's columns never change",
        "_CODECS": "a memo of each table's converters (built from _KINDS); a table's columns never change",
    },
    "desk/exchange/plan.py": {"_SUMMARY": "a memo of the columns an action keeps per table; they never change"},
    "desk/core/i18n.py": {"_language": "the language of the process, as gettext's", "_translations": "its catalogues"},
    "desk/core/logs.py": {"_configured": "the process's logging, set up once"},
    "desk/db/audit_trail.py": {"_installed": "SQLAlchemy's listener on Session is process-wide; installed once"},
}
MUTATORS = {"append", "extend", "insert", "add", "update", "setdefault", "pop", "remove", "discard", "clear", "popitem"}


def _module_containers(tree: ast.Module) -> set[str]:
    names = set()
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        value = getattr(node, "value", None)
        mutable = isinstance(value, (ast.Dict, ast.List, ast.Set)) or (
            isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in {"dict", "list", "set"})
        for target in targets:
            if isinstance(target, ast.Name) and mutable:
                names.add(target.id)
    return names


def _written_in_functions(tree: ast.Module, containers: set[str]) -> set[str]:
    written = set()
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        local = {arg.arg for arg in function.args.args + function.args.kwonlyargs}
        for node in ast.walk(function):
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, (ast.Store, ast.Del)):
                base = node.value
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in MUTATORS:
                base = node.func.value
            else:
                continue
            if isinstance(base, ast.Name) and base.id in containers and base.id not in local:
                written.add(base.id)
    return written


def module_state() -> dict[str, set[str]]:
    """Return file → the module-level names its functions change (``global`` names included)."""
    found: dict[str, set[str]] = {}
    for path in sorted((ROOT / "desk").rglob("*.py")):
        if "versions" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {name for node in ast.walk(tree) if isinstance(node, ast.Global) for name in node.names}
        names |= _written_in_functions(tree, _module_containers(tree))
        names -= set(ALLOWED.get(path.relative_to(ROOT).as_posix(), {}))
        if names:
            found[path.relative_to(ROOT).as_posix()] = names
    return found


def test_no_function_in_desk_changes_module_state():
    assert module_state() == {}


def test_the_names_allowed_still_exist():
    for file, names in ALLOWED.items():
        source = (ROOT / file).read_text(encoding="utf-8")
        assert all(f"\n{name}" in source for name in names), f"{file}: remove the entry of a name that is gone"


def test_each_report_registry_is_its_own():
    first, second = build_report_registry(), build_report_registry()
    first.award_source = lambda session, period, ids: []
    first.add_figures("test", 1, "测试", lambda session, period, scope: [Figure("甲", "1")])
    first.add_sentences("rights", "test", lambda session, period, scope: ["一句。"])
    assert second.award_source is not None and second.award_source is not first.award_source  # the awards area's own
    assert "test" not in second.figure_map and "test" not in second.section("rights").sentences
    # every package's contributions are there, in order
    assert [section.key for section in second.sections()][:2] == ["overview", "performance"]
    assert {"awards", "events", "petitions", "relief", "training", "organisation"} <= set(second.table_map)
    assert {"petitions", "summary", "exchange"} <= set(second.attention_map)


def test_the_commands_read_the_tables_and_sheets_their_context_carries(tmp_path, capsys):
    from desk.cli import main
    from desk.console import CliContext
    from desk.db.base import Base
    from desk.exchange.travel import TravelSet, program_tables
    from desk.sheets.catalog import SheetCatalog, discover_sheets
    from tests.desk.exchange.conftest import ProbeBase

    only_petitions = SheetCatalog([discover_sheets()["petitions"]])
    context = CliContext(sheets=only_petitions)
    assert main(["sheet", "template", "events", "--out", str(tmp_path / "活动.xlsx")], context) == 1
    assert "可用：petitions" in capsys.readouterr().err and not (tmp_path / "活动.xlsx").exists()
    assert main(["sheet", "template", "petitions", "--out", str(tmp_path / "信访.xlsx")], context) == 0
    # travelling tables: the test's own set holds its probe tables; the program's and a new context's do not
    probe = TravelSet.of(Base, ProbeBase)
    assert CliContext(travel=probe).travel is probe and "xt_household" in probe.by_name
    assert "xt_household" not in CliContext().travel.by_name and "xt_household" not in program_tables().by_name
    assert [travel.name for travel in probe][: len(program_tables())] == [travel.name for travel in program_tables()]
