"""Which tables travel (every TravelMixin model, parents first) and how their rows become JSON and back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Column, Date, DateTime, Float, Integer, Numeric, String, Table, Text
from sqlalchemy.orm import DeclarativeBase

import desk.models  # noqa: F401  (loads every area's tables into the metadata)
from desk.core.i18n import _
from desk.db.base import Base, TravelMixin

BOOKKEEPING = ("id", "origin_office", "created_at", "created_by", "updated_at", "updated_by", "revision", "deleted")
_SKIP = frozenset(BOOKKEEPING) - {"deleted"}  # the deletion mark is content: a deletion must travel
MAX_TEXT = 20000  # a Text column's limit for incoming values (characters)


@dataclass(frozen=True)
class TravelTable:
    """One travelling table: the table and, per foreign-key column, the table it references."""

    table: Table
    references: dict[str, str]

    @property
    def name(self) -> str:
        return self.table.name


class TravelSet:
    """Which tables travel: every table mapped by a TravelMixin class of some declarative bases, parents first.

    An area that lands later takes part by declaring its models with TravelMixin; nothing here changes.
    The program's own set is ``program_tables()``; CliContext and AppContext carry one and hand it to
    the exchange functions. A test whose databases also hold tables of its own base builds
    ``TravelSet.of(Base, ItsBase)`` and passes that: nothing is registered anywhere.
    """

    def __init__(self, tables: Iterable[TravelTable]) -> None:
        self.tables = tuple(tables)
        self.by_name: dict[str, TravelTable] = {travel.name: travel for travel in self.tables}

    @classmethod
    def of(cls, *bases: type[DeclarativeBase]) -> TravelSet:
        """Return the travelling tables of ``bases`` (each base's tables in foreign-key order, bases in order)."""
        found = []
        for base in bases:
            names = {
                mapper.local_table.name
                for mapper in base.registry.mappers
                if issubclass(mapper.class_, TravelMixin) and isinstance(mapper.local_table, Table)
            }
            for table in base.metadata.sorted_tables:
                if table.name in names:
                    refs = {fk.parent.name: fk.column.table.name for fk in table.foreign_keys}
                    found.append(TravelTable(table, refs))
        return cls(found)

    def __iter__(self) -> Iterator[TravelTable]:
        return iter(self.tables)

    def __len__(self) -> int:
        return len(self.tables)

    def __repr__(self) -> str:
        return f"TravelSet({len(self.tables)} tables)"


def program_tables() -> TravelSet:
    """Return the program's travelling tables: every TravelMixin model of the areas (desk.models)."""
    return TravelSet.of(Base)


def to_json_value(value: Any) -> Any:
    """Return a column value as JSON: dates and times as ISO text, the rest unchanged."""
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def row_json(table: Table, row: Any) -> dict[str, Any]:
    """Return a database row (a mapping) as a JSON-ready dict of every column."""
    return {column.name: to_json_value(row[column.name]) for column in table.columns}


def digest(record: dict[str, Any]) -> str:
    """Return the SHA-256 of a record's content (every column but the bookkeeping ones)."""
    content = {key: value for key, value in record.items() if key not in _SKIP}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _kind(column: Column[Any]) -> tuple[str, int]:
    kind = column.type
    if isinstance(kind, Boolean):
        return "bool", 0
    if isinstance(kind, Integer):
        return "int", 0
    if isinstance(kind, (Float, Numeric)):
        return "number", 0
    if isinstance(kind, DateTime):
        return "datetime", 0
    if isinstance(kind, Date):
        return "date", 0
    if isinstance(kind, (String, Text)):
        return "text", kind.length or MAX_TEXT
    return "unknown", 0


def valid_text(text: str) -> bool:
    """Return whether ``text`` is valid Unicode (no lone surrogates, so it can be stored and hashed as UTF-8)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(text: str) -> str:
    """Return ``text`` with anything that is not valid Unicode replaced, safe to show and print."""
    return text.encode("utf-8", "replace").decode("utf-8")


def _column_label(column: Any) -> str:
    """Return what a clerk calls ``column`` (its declared label), for the messages of a refused record."""
    from desk.core.fields import column_label

    table = getattr(column, "table", None)
    return (column_label(table.name, column.name) if table is not None else None) or column.name


def parse_value(column: Column[Any], value: Any, kind: tuple[str, int] | None = None) -> tuple[Any, str | None]:
    """Return (python value, None) for an incoming JSON value, or (None, problem) if it does not fit."""
    name = _column_label(column)
    if value is None:
        if column.nullable and not column.primary_key:
            return None, None
        return None, _("字段 {field} 不能为空").format(field=name)
    code, limit = kind or _kind(column)
    try:
        if code == "text":
            if not isinstance(value, str):
                raise ValueError
            if not valid_text(value):
                return None, _("字段 {field} 含有无效的字符（不是有效的 Unicode 文本）").format(field=name)
            if len(value) > limit:
                return None, _("字段 {field} 太长（{length} 个字，最多 {limit} 个）").format(
                    field=name, length=len(value), limit=limit
                )
            return value, None
        if code == "bool":
            if not isinstance(value, bool):
                raise ValueError
            return value, None
        if code == "int":
            if isinstance(value, bool) or not isinstance(value, int) or abs(value) >= 2**63:
                raise ValueError
            return value, None
        if code == "number":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError
            return value, None
        if code == "datetime":
            if not isinstance(value, str) or len(value) > 40:
                raise ValueError
            parsed = dt.datetime.fromisoformat(value)
            if parsed.tzinfo is None:
                parsed = parsed.replace(tzinfo=dt.timezone.utc)
            return parsed.astimezone(dt.timezone.utc), None
        if code == "date":
            if not isinstance(value, str) or len(value) != 10:
                raise ValueError
            return dt.date.fromisoformat(value), None
    except (ValueError, TypeError, OverflowError):
        return None, _("字段 {field} 的值类型不对").format(field=name)
    return None, _("字段 {field} 的类型本程序不认识").format(field=name)


_KINDS: dict[Table, list[tuple[Any, tuple[str, int]]]] = {}


def _columns(table: Table) -> list[tuple[Any, tuple[str, int]]]:
    found = _KINDS.get(table)
    if found is None:
        found = _KINDS[table] = [(column, _kind(column)) for column in table.columns]
    return found


def parse_record(table: Table, data: Any) -> tuple[dict[str, Any] | None, list[str]]:
    """Return (values by column, []) for an incoming record, or (None, problems)."""
    if not isinstance(data, dict):
        return None, [_("记录不是一个对象")]
    problems = []
    unknown = set(data) - set(table.columns.keys())
    if unknown:
        problems.append(_("有本程序不认识的字段：{fields}").format(fields="、".join(sorted(map(str, unknown)))[:200]))
    values: dict[str, Any] = {}
    for column, kind in _columns(table):
        if column.name not in data:
            if column.nullable and not column.primary_key:
                values[column.name] = None
                continue
            problems.append(_("缺少字段 {field}").format(field=_column_label(column)))
            continue
        value, problem = parse_value(column, data[column.name], kind)
        if problem:
            problems.append(problem)
        else:
            values[column.name] = value
    if not problems and len(values.get("id") or "") < 1:
        problems.append(_("记录没有编号"))
    return (None, problems) if problems else (values, [])


class TableCodec:
    """How a table's incoming records are checked and converted, chosen once per table (not per value).

    ``parse`` takes the common case fast: every value of the right JSON type and within its limits.
    It returns None as soon as anything does not fit, and ``parse_record`` then says why in words;
    both accept and convert exactly the same records.
    """

    def __init__(self, table: Table):
        self.table = table
        self.names = frozenset(table.columns.keys())
        self.columns = [(column.name, code, limit, bool(column.nullable and not column.primary_key))
                        for column, (code, limit) in _columns(table)]

    def parse(self, data: Any, check_text: bool = True) -> tuple[dict[str, Any], dict[str, Any]] | None:
        """Return (values by column, the same as JSON) for a record that fits, else None.

        ``check_text`` False skips the per-value Unicode check, for a record whose JSON line holds no
        escaped surrogate (the only way text that is not valid Unicode can arrive).
        """
        if type(data) is not dict or not self.names.issuperset(data):
            return None
        values: dict[str, Any] = {}
        incoming: dict[str, Any] = {}
        for name, code, limit, nullable in self.columns:
            value = data.get(name)
            if value is None:
                if not nullable:
                    return None
                values[name] = incoming[name] = None
            elif code == "text":
                if type(value) is not str or len(value) > limit or (check_text and not valid_text(value)):
                    return None
                values[name] = incoming[name] = value
            elif code == "bool":
                if type(value) is not bool:
                    return None
                values[name] = incoming[name] = value
            elif code == "int":
                if type(value) is not int or not -(2**63) < value < 2**63:
                    return None
                values[name] = incoming[name] = value
            elif code == "number":
                if type(value) is not int and type(value) is not float:
                    return None
                values[name] = incoming[name] = value
            elif code == "datetime" or code == "date":
                parsed = _temporal(code, value)
                if parsed is None:
                    return None
                values[name] = parsed
                incoming[name] = parsed.isoformat()
            else:
                return None
        if not values.get("id"):
            return None
        return values, incoming


def _temporal(code: str, value: Any) -> dt.date | None:
    """Return a date or a UTC datetime as ``parse_value`` makes it, or None if it does not fit."""
    if type(value) is not str:
        return None
    try:
        if code == "date":
            return dt.date.fromisoformat(value) if len(value) == 10 else None
        if len(value) > 40:
            return None
        parsed = dt.datetime.fromisoformat(value)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.timezone.utc)
        return parsed.astimezone(dt.timezone.utc)
    except (ValueError, TypeError, OverflowError):
        return None


_CODECS: dict[Table, TableCodec] = {}


def codec_for(table: Table) -> TableCodec:
    """Return the table's codec (made once)."""
    found = _CODECS.get(table)
    if found is None:
        found = _CODECS[table] = TableCodec(table)
    return found
