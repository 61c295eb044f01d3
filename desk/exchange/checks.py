"""The checks an incoming record passes besides its column types: the same as its area's own form.

Each kind's fields are declared once (``desk/<area>/fields.py``, read through ``kinds_by_table``):
an incoming record of a declared table has every declared column cleaned by ``Checker.field``
as the form cleans it (choices, lengths, limits, dates, phone numbers), every field declared as
an ID number passes the check digit and agrees with the record's sex and birth date, and the
rules between fields that the area's form applies run too: an area lists them by table in its
service module's ``RECORD_RULES`` (``rule(checker, cleaned)``).  Rules that depend on this
office's own settings (which day leaders receive petitioners) or on other records are left out:
the sending office applied its own when the record was typed, and foreign keys are checked by
the import plan.  Any table's file names must be plain names inside the attachments folder.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

from sqlalchemy.orm import Session

from desk.core.fields import ID_NUMBER, RecordKind, kinds_by_table
from desk.core.i18n import _
from desk.core.people import check_id_agrees, check_id_number
from desk.core.validation import Checker

RecordRule = Callable[[Checker, dict[str, Any]], None]
# Columns holding the name of a file: a plain name, never a path.
FILE_NAME_COLUMNS = frozenset({"file_name"})
# Columns holding where a copy lives inside the attachments folder: "<subfolder>/<plain name>".
STORED_NAME_COLUMNS = frozenset({"stored_name"})
# Declared kinds of field that are not checked as values here: references are foreign keys, lines are their own rows.
_NOT_VALUES = ("ref", "list", "lines")


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


@cache
def record_rules() -> dict[str, RecordRule]:
    """Return the areas' rules between fields by table (each service module's ``RECORD_RULES``)."""
    from desk.plugins import package_modules

    rules: dict[str, RecordRule] = {}
    for module in package_modules("service"):
        rules.update(getattr(module, "RECORD_RULES", {}))
    return rules


def record_problems(session: Session, table_name: str, values: dict[str, Any]) -> list[str]:
    """Return why an incoming record of ``table_name`` breaks the rules its own form enforces (empty if none)."""
    problems = []
    for column in FILE_NAME_COLUMNS & values.keys():
        if values[column] is not None and not plain_file_name(str(values[column])):
            problems.append(_("{field}必须是一个文件名，不能带文件夹或路径").format(field=_("文件名")))
    for column in STORED_NAME_COLUMNS & values.keys():
        if values[column] is not None and not _stored_name(str(values[column])):
            problems.append(_("{field}必须是附件文件夹中的一个文件，不能带其他路径").format(field=_("附件")))
    kind = kinds_by_table().get(table_name)
    if kind is not None:
        problems.extend(declared_problems(kind, values).values())
    elif values.get("id_number"):
        try:
            check_id_number(str(values["id_number"]))
        except ValueError as exc:
            problems.append(str(exc))
    return problems


def declared_problems(kind: RecordKind, values: dict[str, Any]) -> dict[str, str]:
    """Return {field key: problem} of a stored row of ``kind`` (keyed by column) checked as its form checks it."""
    declared = [item for item in kind.fields if item.kind not in _NOT_VALUES and item.column_name in values]
    checker = Checker({item.key: values[item.column_name] for item in declared})
    cleaned = {item.key: checker.field(item) for item in declared}
    for item in declared:
        number = cleaned.get(item.key)
        if item.sensitive != ID_NUMBER or not number or item.key in checker.problems:
            continue
        try:
            facts = check_id_number(str(number))
        except ValueError as exc:
            checker.add(item.key, str(exc))
            continue
        for key, message in check_id_agrees(facts, cleaned.get("birth_date"), cleaned.get("sex") or None).items():
            if key in cleaned:
                checker.add(key, message)
    rule = record_rules().get(kind.table)
    if rule is not None:
        rule(checker, cleaned)
    return dict(checker.problems)
