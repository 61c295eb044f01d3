"""Checking the lines typed in a form's grid and replacing a record's child rows with them.

Row problems travel in ``ValidationError.problems`` twice: once under the grid's field key
(a sentence naming the row, shown under the grid) and once per cell as ``field:row:column``
so the screen can mark the cell.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from desk.core.errors import ValidationError
from desk.core.fields import RecordKind
from desk.core.formatting import yuan_to_fen
from desk.core.i18n import _


def cell_key(field: str, index: int, column: str) -> str:
    """Return the problem key of one grid cell."""
    return f"{field}:{index}:{column}"


def parse_cell_key(key: str) -> tuple[str, int, str] | None:
    """Return (field, row index, column) of a cell problem key, or None for a field key."""
    parts = key.split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    return parts[0], int(parts[1]), parts[2]


class LineChecker:
    """Reads the rows of one grid field, collecting cell problems and one sentence per field."""

    def __init__(self, problems: dict[str, str], field: str, rows: Any):
        self.problems = problems
        self.field = field
        self.rows: Sequence[dict[str, Any]] = [row for row in (rows or ()) if isinstance(row, dict)]

    def add(self, index: int, column: str, message: str) -> None:
        """Record a problem of cell (row ``index``, ``column``)."""
        self.problems.setdefault(cell_key(self.field, index, column), message)
        self.problems.setdefault(self.field, _("第{row}行：{problem}").format(row=index + 1, problem=message))

    def text(self, index: int, column: str, label: str, required: bool = False, max_length: int = 100) -> str:
        """Return a cell's stripped text; a problem if required and empty or too long."""
        value = str(self.rows[index].get(column) or "").strip()
        if required and not value:
            self.add(index, column, _("请填写{field}").format(field=label))
        elif len(value) > max_length:
            self.add(index, column, _("{field}最多{count}个字").format(field=label, count=max_length))
        return value

    def count(self, index: int, column: str, label: str, required: bool = True) -> int:
        """Return a cell's whole number (0 when empty and optional); a problem if not a whole number ≥ 0."""
        raw = self.rows[index].get(column)
        if raw is None or raw == "":
            if required:
                self.add(index, column, _("请填写{field}").format(field=label))
            return 0
        if isinstance(raw, bool) or not (isinstance(raw, int) or str(raw).strip().isdigit()):
            self.add(index, column, _("{field}应为不小于0的整数，输入的是“{value}”").format(field=label, value=raw))
            return 0
        return int(raw)

    def money(self, index: int, column: str, label: str, required: bool = True) -> int:
        """Return a cell's amount in fen (typed in yuan); a problem if it is not an amount ≥ 0."""
        raw = self.rows[index].get(column)
        if raw is None or raw == "":
            if required:
                self.add(index, column, _("请填写{field}").format(field=label))
            return 0
        if isinstance(raw, int) and not isinstance(raw, bool):
            fen = raw
        else:
            try:
                fen = yuan_to_fen(str(raw))
            except (ValueError, ArithmeticError):
                self.add(index, column, _("{field}应为金额（元，最多两位小数），输入的是“{value}”").format(field=label, value=raw))
                return 0
        if fen < 0:
            self.add(index, column, _("{field}不能为负数").format(field=label))
            return 0
        return fen

    def choice(self, index: int, column: str, label: str, allowed: Iterable[str]) -> str:
        """Return a cell's choice; a problem when empty or not allowed."""
        value = str(self.rows[index].get(column) or "")
        if not value:
            self.add(index, column, _("请选择{field}").format(field=label))
        elif value not in set(allowed):
            if isinstance(allowed, Mapping):  # name the allowed values, as Checker.choice does
                names = "、".join(_(name) for name in allowed.values())
                self.add(index, column, _("{field}的取值“{value}”无效，可选：{allowed}").format(
                    field=label, value=value, allowed=names))
            else:
                self.add(index, column, _("{field}的取值“{value}”无效").format(field=label, value=value))
        return value


    def line(self, index: int, kind: RecordKind, *keys: str) -> dict[str, Any]:
        """Return row ``index`` cleaned as ``kind`` declares its fields ``keys`` (all if none): labels, limits, choices."""
        values: dict[str, Any] = {}
        for key in keys or kind.keys():
            declared = kind[key]
            label = _(declared.label)
            if declared.kind == "choice":
                values[key] = self.choice(index, key, label, declared.choices or {})
            elif declared.kind == "int":
                values[key] = self.count(index, key, label, required=declared.required)
            elif declared.kind == "money":
                values[key] = self.money(index, key, label, required=declared.required)
            else:
                values[key] = self.text(index, key, label, required=declared.required, max_length=declared.max_length)
        return values


def raise_problems(problems: dict[str, str]) -> None:
    """Raise ValidationError when there are problems; the summary leaves out per-cell keys."""
    if problems:
        summary = "；".join(message for key, message in problems.items() if parse_cell_key(key) is None)
        raise ValidationError(problems, summary or None)
