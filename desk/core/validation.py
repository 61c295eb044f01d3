"""Collecting field problems while cleaning form values, so every area validates the same way.

Services build a ``Checker`` over the submitted values, read each field through it, and call
``raise_if_any()`` before writing: the user sees every problem at once, each on its field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Collection, Mapping
from typing import Any

from desk.core.errors import ValidationError
from desk.core.fields import PHONE, Field, RecordKind
from desk.core.i18n import _
from desk.core.people import check_phone


class Checker:
    """Reads values by key, cleans them and remembers one problem per field."""

    def __init__(self, values: Mapping[str, Any]):
        self.values = values
        self.problems: dict[str, str] = {}

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
        if kind in ("text", "multiline"):
            return self.text(key, label, required=declared.required, max_length=declared.max_length)
        if kind in ("int", "money"):
            return self.integer(key, label, required=declared.required, minimum=declared.minimum,
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

        With ``prefix`` the values are read, and their problems kept, under ``prefix + key``.
        """
        chosen = keys or tuple(key for key in kind.column_keys() if kind[key].kind not in ("ref", "list"))
        return {key: self.field(kind[key], prefix + key) for key in chosen}

    def line(self, kind: RecordKind, row: Mapping[str, Any], cell: Callable[[str], str], *keys: str) -> dict[str, Any]:
        """Return one child row (a grid line) cleaned as ``kind`` declares it; its problems go under ``cell(column)``."""
        cells = Checker(row if isinstance(row, Mapping) else {})
        cleaned = cells.fields(kind, *keys)
        for column, message in cells.problems.items():
            self.add(cell(column), message)
        return cleaned

    def raise_if_any(self) -> None:
        """Raise ValidationError with every problem found so far."""
        if self.problems:
            raise ValidationError(self.problems)
