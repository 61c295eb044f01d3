"""Collecting field problems while cleaning form values, so every area validates the same way.

Services build a ``Checker`` over the submitted values, read each field through it, and call
``raise_if_any()`` before writing: the user sees every problem at once, each on its field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from typing import Any

from desk.core.errors import ValidationError
from desk.core.fields import ID_NUMBER, PHONE, Field, RecordKind
from desk.core.formatting import fen_to_yuan, yuan_to_fen
from desk.core.i18n import _
from desk.core.people import IdFacts, check_id_agrees, check_id_number, check_phone


def line_cell(field: str, index: int, column: str) -> str:
    """Return the problem key of one cell of a lines field's grid: ``goods:0:value_fen``."""
    return f"{field}:{index}:{column}"


class Checker:
    """Reads values by key, cleans them and remembers one problem per field."""

    def __init__(self, values: Mapping[str, Any]):
        self.values = values
        self.problems: dict[str, str] = {}
        self.id_facts: dict[str, IdFacts] = {}  # what each valid ID number read tells (birth date, sex)
        self._cells: dict[str, Callable[[str, int, str], str]] = {}  # how each lines field keys its cells

    def add(self, key: str, message: str) -> None:
        """Record a problem for ``key`` (the first one wins)."""
        self.problems.setdefault(key, message)

    def text(self, key: str, label: str, required: bool = False, max_length: int = 200) -> str:
        """Return stripped text; a problem if required and empty or longer than ``max_length``."""
        value = str(self.values.get(key) or "").strip()
        if required and not value:
            self.add(key, _("请填写{field}").format(field=label))
        elif len(value) > max_length:
            self.add(key, _("{field}最多{count}个字").format(field=label, count=max_length))
        return value

    def integer(
        self, key: str, label: str, required: bool = False, minimum: int | None = 0, maximum: int | None = None
    ) -> int | None:
        """Return an int (or None when empty and optional); a problem outside [minimum, maximum]."""
        raw = self.values.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.add(key, _("请填写{field}").format(field=label))
            return None
        try:
            value = int(str(raw).replace(",", "").strip())
        except ValueError:
            self.add(key, _("{field}应为整数").format(field=label))
            return None
        if minimum is not None and value < minimum:
            self.add(key, _("{field}不能小于{minimum}").format(field=label, minimum=minimum))
        if maximum is not None and value > maximum:
            self.add(key, _("{field}不能大于{maximum}").format(field=label, maximum=maximum))
        return value

    def date(self, key: str, label: str, required: bool = False) -> dt.date | None:
        """Return a date (date objects or ISO text); a problem if missing when required or invalid."""
        raw = self.values.get(key)
        if raw in (None, ""):
            if required:
                self.add(key, _("请填写{field}").format(field=label))
            return None
        if isinstance(raw, dt.datetime):
            return raw.date()
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            self.add(key, _("{field}不是有效日期").format(field=label))
            return None

    def choice(self, key: str, label: str, allowed: Collection[str], required: bool = True) -> str:
        """Return a value from ``allowed``; a problem naming the allowed values otherwise.

        ``allowed`` is usually the {key: label} mapping of the choice, so the problem lists the labels.
        """
        value = str(self.values.get(key) or "")
        if not value:
            if required:
                self.add(key, _("请选择{field}").format(field=label))
            return ""
        if value not in allowed:
            if isinstance(allowed, Mapping):
                names = "、".join(_(name) for name in allowed.values())
            else:
                names = "、".join(str(name) for name in allowed)
            self.add(key, _("{field}的取值“{value}”无效，可选：{allowed}").format(field=label, value=value, allowed=names))
        return value

    def phone(self, key: str, label: str, required: bool = False) -> str:
        """Return a normalised phone number; a problem if it is not a phone number."""
        value = str(self.values.get(key) or "").strip()
        if not value:
            if required:
                self.add(key, _("请填写{field}").format(field=label))
            return ""
        try:
            return check_phone(value)
        except ValueError as exc:
            self.add(key, str(exc))
            return value

    def money(self, key: str, label: str, required: bool = False, minimum: int | None = 0,
              maximum: int | None = None) -> int | None:
        """Return an amount in fen (an int, or unparsed text in yuan from a grid); a problem outside the limits, in yuan."""
        raw = self.values.get(key)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            if required:
                self.add(key, _("请填写{field}").format(field=label))
            return None
        if isinstance(raw, int) and not isinstance(raw, bool):
            fen = raw
        else:
            try:
                fen = yuan_to_fen(str(raw))
            except (ValueError, ArithmeticError):
                self.add(key, _("{field}应为金额（元，最多两位小数），输入的是“{value}”").format(field=label, value=raw))
                return None
        if minimum is not None and fen < minimum:
            if minimum == 0:
                self.add(key, _("{field}不能为负数").format(field=label))
            elif minimum == 1:
                self.add(key, _("{field}应大于0").format(field=label))
            else:
                self.add(key, _("{field}不能少于{amount}元").format(field=label, amount=fen_to_yuan(minimum)))
        if maximum is not None and fen > maximum:
            self.add(key, _("{field}不能多于{amount}元").format(field=label, amount=fen_to_yuan(maximum)))
        return fen

    def id_number(self, key: str, label: str, required: bool = False) -> str | None:
        """Return a resident ID number (upper-case X, no spaces) or None when empty; a problem naming what is wrong.

        The length, the digits, the birth date in it and the check digit are checked (GB 11643);
        what it tells is kept in ``id_facts[key]`` for the fields that must agree with it.
        """
        value = str(self.values.get(key) or "").strip().upper()
        if not value:
            if required:
                self.add(key, _("请填写{field}").format(field=label))
            return None
        try:
            facts = check_id_number(value)
        except ValueError as exc:
            self.add(key, str(exc))
            return value
        self.id_facts[key] = facts
        return facts.number

    def boolean(self, key: str) -> bool:
        """Return the value as a bool."""
        return bool(self.values.get(key))

    def field(self, declared: Field, key: str = "") -> Any:
        """Return the value of a declared field, cleaned and checked as its declaration says.

        ``key`` is where the value is read and its problem kept, when not the field's own key (a
        person's fields read as ``person.name`` on a form that holds two kinds).
        """
        label = _(declared.label)
        kind, key = declared.kind, key or declared.key
        if declared.sensitive == PHONE and kind == "text":
            return self.phone(key, label, required=declared.required)
        if declared.sensitive == ID_NUMBER and kind == "text":
            return self.id_number(key, label, required=declared.required)
        if kind in ("text", "multiline"):
            return self.text(key, label, required=declared.required, max_length=declared.max_length)
        if kind == "int":
            return self.integer(key, label, required=declared.required, minimum=declared.minimum,
                                maximum=declared.maximum)
        if kind == "money":
            return self.money(key, label, required=declared.required, minimum=declared.minimum,
                              maximum=declared.maximum)
        if kind == "date":
            return self.date(key, label, required=declared.required)
        if kind == "choice":
            return self.choice(key, label, declared.choices or {}, required=declared.required)
        if kind == "bool":
            return self.boolean(key)
        if kind == "ref":  # the id of another record; that it still exists is desk.db.records.check_links's
            value = str(self.values.get(key) or "").strip()
            if not value and declared.required:
                self.add(key, _("请选择{field}").format(field=label))
            return value or None
        return self.values.get(key)

    def fields(self, kind: RecordKind, *keys: str, prefix: str = "") -> dict[str, Any]:
        """Return {key: cleaned value} of the declared fields ``keys`` (every plain column field if none).

        With ``prefix`` the values are read, and their problems kept, under ``prefix + key``.  A valid ID
        number among them must agree with a birth date and sex read with it, and fills them when empty.
        """
        chosen = keys or tuple(key for key in kind.column_keys() if kind[key].kind not in ("ref", "list"))
        declared = [kind[key] for key in chosen]
        cleaned = {item.key: self.field(item, prefix + item.key) for item in declared}
        for item in declared:
            facts = self.id_facts.get(prefix + item.key) if item.sensitive == ID_NUMBER else None
            if facts is None:
                continue
            for other, message in check_id_agrees(facts, cleaned.get("birth_date"), cleaned.get("sex") or None).items():
                if other in cleaned:
                    self.add(prefix + other, message)
            if "birth_date" in cleaned:
                cleaned["birth_date"] = cleaned["birth_date"] or facts.birth_date
            if "sex" in cleaned:
                cleaned["sex"] = cleaned["sex"] or facts.sex
        return cleaned

    def line(self, kind: RecordKind, row: Mapping[str, Any], cell: Callable[[str], str], *keys: str) -> dict[str, Any]:
        """Return one child row (a grid line) cleaned as ``kind`` declares it; its problems go under ``cell(column)``."""
        cells = Checker(row if isinstance(row, Mapping) else {})
        cleaned = cells.fields(kind, *keys)
        for column, message in cells.problems.items():
            self.add(cell(column), message)
        return cleaned

    def lines(self, declared: Field, cell: Callable[[str, int, str], str] = line_cell) -> list[dict[str, Any]]:
        """Return the rows of a lines field, each cleaned as its line kind declares (choices, limits, ID numbers).

        A line field declared ``once`` may not repeat an earlier row's value, and a lines field declared
        ``required`` needs a row.  A cell's problem is kept under ``cell(field, row, column)`` and the
        first one, as a sentence naming the row, under the field's key (shown under the grid).
        Rows that are not mappings are left out.  Whether linked records exist is
        ``desk.db.records.check_links``'s, which reads the rows returned here.
        """
        kind = declared.lines
        if kind is None:
            raise ValueError(f"{declared.key} is not a lines field")
        self._cells[declared.key] = cell
        rows = [row for row in (self.values.get(declared.key) or ()) if isinstance(row, Mapping)]
        cleaned = []
        first: dict[tuple[str, Any], int] = {}
        for index, row in enumerate(rows):
            cells = Checker(row)
            line = cells.fields(kind, *kind.keys())
            for item in kind.fields:
                value = line.get(item.key)
                if not item.once or value in (None, "") or item.key in cells.problems:
                    continue
                seen = first.setdefault((item.key, value), index)
                if seen != index:
                    cells.add(item.key, _("{field}与第{row}行重复").format(field=_(item.label), row=seen + 1))
            for column, message in cells.problems.items():
                self.add_line(declared.key, index, column, message)
            cleaned.append(line)
        if declared.required and not cleaned:
            self.add(declared.key, _("请至少填写一行{field}").format(field=_(declared.label)))
        return cleaned

    def add_line(self, field: str, index: int, column: str, message: str) -> None:
        """Record a problem of one cell of the lines field ``field`` (row ``index``), and the row's sentence."""
        self.add(self._cells.get(field, line_cell)(field, index, column), message)
        self.add(field, _("第{row}行：{problem}").format(row=index + 1, problem=message))

    def raise_if_any(self) -> None:
        """Raise ValidationError with every problem found so far."""
        if self.problems:
            raise ValidationError(self.problems)
