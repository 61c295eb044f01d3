"""The checks an incoming record passes besides its column types: the area's own form rules, file names, ID numbers.

Until every area declares its fields once (the field declarations), the exchange calls the same
check functions the areas' services use for their forms, through small adapters registered here
by table name (``_CHECKS``).  Rules that depend on this office's own settings (which day leaders receive
petitioners) are left out: the sending office applied its own when the record was typed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from desk.core.errors import ValidationError
from desk.core.i18n import _
from desk.core.people import check_id_number
from desk.core.validation import Checker

RecordCheck = Callable[[Session, dict[str, Any]], dict[str, str]]
# Columns holding the name of a file: a plain name, never a path.
FILE_NAME_COLUMNS = frozenset({"file_name"})
# Columns holding where a copy lives inside the attachments folder: "<subfolder>/<plain name>".
STORED_NAME_COLUMNS = frozenset({"stored_name"})


def plain_file_name(name: str) -> bool:
    """Return whether ``name`` is a plain file name: no folder, no drive, no parent, no control character."""
    if not name or len(name) > 255 or name in (".", "..") or name != name.strip():
        return False
    if any(ch in name for ch in "/\\:") or any(unicodedata.category(ch)[0] == "C" for ch in name):
        return False
    return True


def _stored_name(value: str) -> bool:
    parts = value.split("/")
    return len(parts) == 2 and all(plain_file_name(part) for part in parts)


def record_problems(session: Session, table_name: str, values: dict[str, Any]) -> list[str]:
    """Return why an incoming record of ``table_name`` breaks the rules its own form enforces (empty if none)."""
    problems = []
    for column in FILE_NAME_COLUMNS & values.keys():
        if values[column] is not None and not plain_file_name(str(values[column])):
            problems.append(_("字段 {field} 必须是一个文件名，不能带文件夹或路径").format(field=column))
    for column in STORED_NAME_COLUMNS & values.keys():
        if values[column] is not None and not _stored_name(str(values[column])):
            problems.append(_("字段 {field} 必须是附件文件夹中的一个文件，不能带其他路径").format(field=column))
    if values.get("id_number") and table_name not in _CHECKS:
        try:
            check_id_number(str(values["id_number"]))
        except ValueError as exc:
            problems.append(_("字段 {field}：{problem}").format(field="id_number", problem=exc))
    check = _CHECKS.get(table_name)
    if check is not None:
        problems.extend(
            _("字段 {field}：{problem}").format(field=field, problem=problem)
            for field, problem in sorted(check(session, values).items())
        )
    return problems


def _form_problems(run: Callable[[], Any], ignore: frozenset[str] = frozenset()) -> dict[str, str]:
    try:
        run()
    except ValidationError as exc:
        return {key: message for key, message in exc.problems.items() if key not in ignore}
    return {}


def _petition(session: Session, values: dict[str, Any]) -> dict[str, str]:
    from desk.petitions.service import check_petition

    # The leader reception day follows the receiving office's setting; steps are checked as their own records.
    return _form_problems(lambda: check_petition(session, {**values, "steps": []}), frozenset({"leader", "steps"}))


def _person(session: Session, values: dict[str, Any]) -> dict[str, str]:
    from desk.people.service import check_person

    checker = Checker(values)
    check_person(checker)
    return dict(checker.problems)


def _petition_step(session: Session, values: dict[str, Any]) -> dict[str, str]:
    from desk.petitions.model import ACTIONS

    checker = Checker(values)
    checker.choice("action", _("办理方式"), ACTIONS)
    return dict(checker.problems)


# ``check(session, values) -> {field: problem}`` for incoming records of a table, by table name.
_CHECKS: dict[str, RecordCheck] = {"petition": _petition, "petition_step": _petition_step, "person": _person}
