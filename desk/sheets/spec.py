"""What a sheet is: its fields (Chinese header, key, type, allowed values) and how a cell becomes a value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sqlalchemy.orm import Session

from desk.core.fields import Field, ListColumn, RecordKind
from desk.core.i18n import N_, _
from desk.db.listing import ListSource
from desk.db.records import Actor

KIND_LABELS: dict[str, str] = {
    "text": N_("文字"),
    "int": N_("整数"),
    "date": N_("日期"),
    "choice": N_("选项"),
    "bool": N_("是/否"),
    "list": N_("多项，用顿号分隔"),
    "ref": N_("已登记的名称"),
    "money": N_("金额（元）"),
    "lines": N_("多项，用顿号分隔，括号内为补充"),
}
YES, NO = N_("是"), N_("否")
_TRUE_WORDS = {"是", "yes", "y", "true", "1", "√", "✓", "有", "t"}
_FALSE_WORDS = {"否", "no", "n", "false", "0", "×", "无", "f", ""}
_DATE = re.compile(r"^(\d{4})\s*[年\-./]\s*(\d{1,2})\s*[月\-./]\s*(\d{1,2})\s*日?$")
_LIST_SPLIT = re.compile(r"[、,，;；\n]+")


@dataclass(frozen=True)
class SheetField:
    """One column of a sheet: the header as the screen shows it, the service's key and its type.

    ``choices`` maps stored keys to label message ids; ``resolve`` turns a typed name into a
    record id (a course, an honour title) and returns None when nothing of that name exists.
    """

    key: str
    header: str
    kind: str = "text"
    required: bool = False
    choices: Mapping[str, str] | None = None
    example: Any = ""
    aliases: tuple[str, ...] = ()
    resolve: Callable[[Session, str], str | None] | None = None
    show: Callable[[Session, str], str] | None = None  # a ref's record id → the name the sheet shows
    mask: Callable[[str | None], str] | None = None  # how a record export masks it (desk.core.masking)
    # The field of the linked record a ref is written as (a beneficiary by her ID number): a cell with a
    # digit that names no record is checked as that field, so a mistyped number is told what is wrong with it.
    by: Field | None = None
    # A lines field written in one cell (「覃美玲（县委副书记）、黄志强（副县长）」): cell text → (lines,
    # problem or None), and lines → cell text.  ``lines_cell`` gives the default for simple lines.
    parse: Callable[[str], tuple[list[dict[str, Any]], str | None]] | None = None
    format: Callable[[list[dict[str, Any]]], str] | None = None
    line_keys: tuple[str, ...] = ()


@dataclass
class NewRecords:
    """What one checked row would create, nothing written yet: (model, column values) in insert order, its
    record first with its id already given; ``remember`` holds what the batch's ``finish`` needs of it."""

    records: list[tuple[type[Any], dict[str, Any]]]
    remember: Any = None

    @property
    def record_id(self) -> str:
        """Return the id of the row's record (the first one)."""
        return str(self.records[0][1]["id"])


@dataclass(frozen=True)
class BatchSave:
    """How a sheet's rows are checked without writing and then written many at a time (desk/sheets/importer.py).

    ``prepare`` runs the service's own checks on a row's values and returns the records it would create
    (raising ValidationError as ``save`` does); ``finish`` does, once for a batch of rows, what ``save``
    does after writing each (remembering unit and leader names).  Only for a sheet whose rows never name a
    record made by an earlier row of the same file, and whose checks do not look for earlier rows.
    """

    prepare: Callable[[Session, dict[str, Any]], NewRecords]
    finish: Callable[[Session, Actor, list[NewRecords]], None] | None = None


@dataclass(frozen=True)
class SheetSpec:
    """A sheet an area offers: its fields, the service that saves one row, and the list it exports.

    The exported list has the columns ``kind`` lists (``RecordKind.listed``), as the screen's list does.
    """

    key: str
    title: str
    fields: tuple[SheetField, ...]
    save: Callable[[Session, Actor, dict[str, Any]], str]
    source: ListSource
    defaults: Mapping[str, Any] = field(default_factory=dict)
    load: Callable[[Session, str], dict[str, Any]] | None = None  # the form values of one record
    order: int = 50  # where the sheet screen and ``sheet`` commands list it
    kind: RecordKind | None = None  # the record kind the fields were derived from
    # Lines written one row each (a petition's steps, a batch's stipends): the field key whose lines the
    # sheet's line columns hold; rows whose record columns are empty (or repeat the record) add lines.
    row_lines: str = ""
    line_fields: tuple[SheetField, ...] = ()
    # What a saved row is accepted with but should be told (a reply date without its text): {key: message}.
    warn: Callable[[dict[str, Any]], dict[str, str]] | None = None
    # Rows checked in batches and written with executemany; None saves each row through ``save``.
    batch: BatchSave | None = None

    @cached_property
    def _by_key(self) -> dict[str, SheetField]:
        found: dict[str, SheetField] = {}
        for item in self.fields:
            found.setdefault(item.key, item)
        if self.row_lines:
            for item in self.line_fields:
                found.setdefault(f"{self.row_lines}.{item.key}", item)
        return found

    def field(self, key: str) -> SheetField | None:
        """Return the field with ``key`` (a line column as ``<row_lines>.<key>``), or None."""
        return self._by_key.get(key)

    def export_columns(self) -> tuple[ListColumn, ...]:
        """Return the columns of the exported list: the declared list of the sheet's record kind."""
        return self.kind.list_columns() if self.kind is not None else ()

    def columns_in_order(self) -> list[tuple[str, SheetField]]:
        """Return (mapping key, field) of every column the template has: the record's, then its lines'."""
        keyed = [(item.key, item) for item in self.fields]
        return keyed + [(f"{self.row_lines}.{item.key}", item) for item in self.line_fields]


def normalise_header(text: Any) -> str:
    """Return a header cell reduced for matching: no spaces, stars or colons, half-width brackets."""
    value = str(text or "").strip().replace("（", "(").replace("）", ")")
    return re.sub(r"[\s*＊:：]", "", value).lower()


def header_names(sheet_field: SheetField) -> set[str]:
    """Return every normalised name that recognises ``sheet_field``: Chinese, translated, key, aliases."""
    names = {sheet_field.header, _(sheet_field.header), sheet_field.key, *sheet_field.aliases}
    return {normalise_header(name) for name in names if name}


def parse_date_text(text: str) -> dt.date | None:
    """Return the date written as 2020年3月3日, 2020-3-3, 2020.03.03 or 2020/3/3; None otherwise."""
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def cell_text(value: Any) -> str:
    """Return a cell as text: whole numbers without ".0", dates as ISO text."""
    if value.__class__ is str:  # most cells
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


Converter = Callable[[Any], tuple[Any, str | None]]


def convert(sheet_field: SheetField, value: Any) -> tuple[Any, str | None]:
    """Return (value for the service, problem or None) for one cell.

    Text that cannot be read is passed on unchanged where the service's own check names it
    (an invalid date, an unknown choice), so the message is the form's.
    """
    return converter(sheet_field)(value)


def converter(sheet_field: SheetField) -> Converter:
    """Return ``convert`` for the cells of one column, its choices, words and parser looked up once (an import
    converts a column's cells with it)."""
    header = sheet_field.header
    kind = sheet_field.kind
    if kind == "date":
        def date_cell(value: Any) -> tuple[Any, str | None]:
            if isinstance(value, dt.datetime):
                return value.date(), None
            if isinstance(value, dt.date):
                return value, None
            text = cell_text(value)
            if not text:
                return None, None
            parsed = parse_date_text(text)
            if parsed is None:
                return None, _("{field}不是有效日期：“{value}”").format(field=_(header), value=text)
            return parsed, None

        return date_cell
    if kind == "text":
        def text_cell(value: Any) -> tuple[Any, str | None]:
            if isinstance(value, float) and abs(value) >= 1e15:
                return cell_text(value), _(
                    "{field}在 Excel 中存成了数字，末尾几位已经丢失：请把这一列设为文本格式后重新输入").format(field=_(header))
            return cell_text(value), None

        return text_cell
    if kind == "money":
        return lambda value: money_cell(sheet_field, cell_text(value))
    if kind == "lines":
        parse = sheet_field.parse or _plain_lines_parser(sheet_field)

        def lines_cell(value: Any) -> tuple[Any, str | None]:
            text = cell_text(value)
            return parse(text) if text else ([], None)

        return lines_cell
    if kind == "choice":
        keys: dict[str, str] = {}
        for key, label in (sheet_field.choices or {}).items():  # the first choice a text names wins
            for name in (key, label, _(label)):
                keys.setdefault(name, key)

        def choice_cell(value: Any) -> tuple[Any, str | None]:
            text = cell_text(value)
            return keys.get(text, text), None

        return choice_cell
    if kind == "bool":
        true_words, false_words = _TRUE_WORDS | {_(YES).lower()}, _FALSE_WORDS | {_(NO).lower()}

        def bool_cell(value: Any) -> tuple[Any, str | None]:
            text = cell_text(value)
            word = text.lower()
            if word in true_words:
                return True, None
            if word in false_words:
                return False, None
            return False, _("{field}请填“是”或“否”，不是“{value}”").format(field=_(header), value=text)

        return bool_cell
    if kind == "list":
        return lambda value: ([part.strip() for part in _LIST_SPLIT.split(cell_text(value)) if part.strip()], None)
    return lambda value: (cell_text(value), None)  # int (the service reads the number) and any other kind


def display_value(sheet_field: SheetField, value: Any) -> Any:
    """Return a stored value as a template or export cell shows it (choice labels, 是/否)."""
    if value is None:
        return None
    if sheet_field.kind == "choice":
        label = (sheet_field.choices or {}).get(value)
        return _(label) if label else value
    if sheet_field.kind == "bool":
        return _(YES) if value else _(NO)
    if sheet_field.kind == "list":
        if isinstance(value, str):  # an example written as the cell shows it
            return value
        return "、".join(str(item["name"]) if isinstance(item, dict) else str(item) for item in value)
    if sheet_field.kind == "lines":
        if isinstance(value, str):
            return value
        lines = [item if isinstance(item, dict) else {"name": item} for item in value]
        return (sheet_field.format or _plain_lines_format)(lines) or None
    if sheet_field.kind == "money":
        from desk.core.formatting import fen_to_yuan

        return float(fen_to_yuan(int(value))) if value not in ("",) else None
    return value


def money_cell(sheet_field: SheetField, text: str) -> tuple[Any, str | None]:
    """Return (fen, problem) of a money cell written in yuan: 8650, 8650.5, 8,650元, ¥8650."""
    from desk.core.formatting import yuan_to_fen

    cleaned = text.replace(",", "").replace("，", "").replace("元", "").replace("¥", "").replace("￥", "").strip()
    if not cleaned:
        return None, None
    try:
        return yuan_to_fen(cleaned), None
    except (ValueError, ArithmeticError):
        return None, _("{field}应为金额（元），不是“{value}”").format(field=_(sheet_field.header), value=text)


_BRACKETED = re.compile(r"^(?P<main>[^（(]*)[（(](?P<rest>[^）)]*)[）)]\s*$")


def _plain_lines_parser(sheet_field: SheetField) -> Callable[[str], tuple[list[dict[str, Any]], str | None]]:
    """Return the parser of a one-cell lines field: items split by 、 or ；, extra fields in brackets.

    「覃美玲（县委副书记）、黄志强（副县长）」 → [{"name": "覃美玲", "post": "县委副书记"}, ...].
    """
    keys = sheet_field.line_keys or ("name",)

    def parse(text: str) -> tuple[list[dict[str, Any]], str | None]:
        lines = []
        for part in _LIST_SPLIT.split(text):
            part = part.strip()
            if not part:
                continue
            match = _BRACKETED.match(part)
            main, rest = (match["main"].strip(), match["rest"].strip()) if match else (part, "")
            line: dict[str, Any] = {keys[0]: main}
            extras = [item.strip() for item in re.split(r"[，,]", rest)] if rest else []
            for key, extra in zip(keys[1:], extras):
                line[key] = extra
            lines.append(line)
        return lines, None

    return parse


def _plain_lines_format(lines: list[dict[str, Any]]) -> str:
    parts = []
    for line in lines:
        values = [str(value) for value in line.values() if value not in (None, "")]
        if not values:
            continue
        parts.append(values[0] + (f"（{'，'.join(values[1:])}）" if values[1:] else ""))
    return "、".join(parts)


_SHEET_KINDS = {"multiline": "text"}


def sheet_field(declared: Field, **overrides: Any) -> SheetField:
    """Return the sheet column of a declared field (header, type, choices, aliases, example, masking)."""
    values: dict[str, Any] = {
        "key": declared.key,
        "header": declared.sheet_header,
        "kind": _SHEET_KINDS.get(declared.kind, declared.kind),
        "required": declared.required,
        "choices": declared.choices,
        "example": declared.example,
        "aliases": declared.aliases,
        "mask": declared.mask if declared.sensitive else None,
    }
    if declared.lines is not None:
        values["line_keys"] = declared.lines.keys()
    values.update(overrides)
    if values.get("by") is not None and values["by"].sensitive and "mask" not in overrides:
        values["mask"] = values["by"].mask
    return SheetField(**values)


def sheet_fields(kind: RecordKind, *keys: str, **overrides: Mapping[str, Any]) -> tuple[SheetField, ...]:
    """Return the sheet columns of ``kind``: the fields ``keys`` (every field meant for sheets if none), in order.

    ``overrides`` maps a key to SheetField attributes the sheet adds (a ref's ``resolve``/``show``,
    a lines cell's ``parse``/``format``).
    """
    chosen = keys or tuple(item.key for item in kind.fields if item.in_sheet)
    return tuple(sheet_field(kind[key], **dict(overrides.get(key, {}))) for key in chosen)
