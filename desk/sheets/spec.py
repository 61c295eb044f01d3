"""What a sheet is: its fields (Chinese header, key, type, allowed values) and how a cell becomes a value."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

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


@dataclass(frozen=True)
class ExportColumn:
    """One column of an exported list: row key, header, kind (text, int, date, choice, bool) and labels."""

    key: str
    header: str
    kind: str = "text"
    labels: Mapping[str, str] | None = None
    width: int = 14


@dataclass(frozen=True)
class SheetSpec:
    """A sheet an area offers: its fields, the service that saves one row, and the list it exports."""

    key: str
    title: str
    fields: tuple[SheetField, ...]
    save: Callable[[Session, Actor, dict[str, Any]], str]
    source: ListSource
    columns: tuple[ExportColumn, ...]
    defaults: Mapping[str, Any] = field(default_factory=dict)
    load: Callable[[Session, str], dict[str, Any]] | None = None  # the form values of one record

    def field(self, key: str) -> SheetField | None:
        """Return the field with ``key``, or None."""
        return next((item for item in self.fields if item.key == key), None)


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
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def choice_key(sheet_field: SheetField, text: str) -> str:
    """Return the stored key of a typed choice (its label in Chinese or English, or the key itself)."""
    for key, label in (sheet_field.choices or {}).items():
        if text in (key, label, _(label)):
            return key
    return text


def convert(sheet_field: SheetField, value: Any) -> tuple[Any, str | None]:
    """Return (value for the service, problem or None) for one cell.

    Text that cannot be read is passed on unchanged where the service's own check names it
    (an invalid date, an unknown choice), so the message is the form's.
    """
    if sheet_field.kind == "date":
        if isinstance(value, dt.datetime):
            return value.date(), None
        if isinstance(value, dt.date):
            return value, None
        text = cell_text(value)
        if not text:
            return None, None
        parsed = parse_date_text(text)
        if parsed is None:
            return None, _("{field}不是有效日期：“{value}”").format(field=_(sheet_field.header), value=text)
        return parsed, None
    if sheet_field.kind == "text" and isinstance(value, float) and abs(value) >= 1e15:
        return cell_text(value), _("{field}在 Excel 中存成了数字，末尾几位已经丢失：请把这一列设为文本格式后重新输入").format(
            field=_(sheet_field.header))
    text = cell_text(value)
    if sheet_field.kind == "int":
        return text, None
    if sheet_field.kind == "choice":
        return choice_key(sheet_field, text), None
    if sheet_field.kind == "bool":
        word = text.lower()
        if word in _TRUE_WORDS or word in (_(YES).lower(),):
            return True, None
        if word in _FALSE_WORDS or word in (_(NO).lower(),):
            return False, None
        return False, _("{field}请填“是”或“否”，不是“{value}”").format(field=_(sheet_field.header), value=text)
    if sheet_field.kind == "list":
        return [part.strip() for part in _LIST_SPLIT.split(text) if part.strip()], None
    return text, None


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
        return "、".join(str(item["name"]) if isinstance(item, dict) else str(item) for item in value)
    return value
