"""One declaration per record kind: every field's label, type, choices, limits, sensitivity and ledger names.

An area declares each kind of record it keeps once, in ``desk/<area>/fields.py``::

    PETITION = RecordKind("petition", N_("信访件"), "petition", fields=(
        Field("channel", N_("来源方式"), "choice", required=True, choices=CHANNELS),
        Field("petitioner_name", N_("信访人姓名"), sensitive=NAME, aliases=("信访人",)),
        ...
    ))
    KINDS = (PETITION,)

and everything else reads it: the service checks values with ``check_fields`` (desk/core/validation),
the form in ui/ is built with ``ui.common.fields.form_fields``, the sheet with
``desk.sheets.spec.sheet_fields``, lists and exports mask with ``Field.mask``, and the exchange,
conflicts tab and audit log name tables, columns and values with ``table_label``,
``column_label`` and ``value_text``.  ``record_kinds()`` finds every area's KINDS without
naming an area.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

from desk.core.i18n import N_, _

# What makes a value sensitive; each has one way of masking (desk/core/masking.py).
NAME = "name"
ID_NUMBER = "id_number"
PHONE = "phone"
ADDRESS = "address"
PERSONAL_TEXT = "personal_text"  # free text about a person (a petition's account, a beneficiary's notes)
SENSITIVITIES = (NAME, ID_NUMBER, PHONE, ADDRESS, PERSONAL_TEXT)

# text, multiline, int, money (integer fen, written in yuan), date, choice, bool, list (several names),
# ref (the id of another record, shown by its name) and lines (child rows, declared as a RecordKind).
KINDS_OF_FIELD = ("text", "multiline", "int", "money", "date", "choice", "bool", "list", "ref", "lines")
YES, NO = N_("是"), N_("否")


@dataclass(frozen=True)
class Field:
    """One field of a record kind.

    ``key`` is the service's value key (and the table column unless ``column`` says otherwise, or
    ``column=""`` when it is not a column of the kind's table, such as lines or a person's name kept
    in the people register).  ``header`` is the sheet column when it differs from ``label``;
    ``aliases`` are the other names a ledger may head the column with.  ``example`` is what the
    sheet's 填写说明 shows, stored form (a choice key, a date); it must import as it is.
    """

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: Mapping[str, str] | None = None
    max_length: int = 200
    minimum: int | None = 0
    maximum: int | None = None
    sensitive: str = ""
    aliases: tuple[str, ...] = ()
    header: str = ""
    example: Any = ""
    column: str | None = None
    lines: RecordKind | None = None
    placeholder: str = ""
    in_sheet: bool = True
    short: str = ""  # the header of a list column when the label is too long for it (方式 for 来源方式)
    refers: str = ""  # a ref's table: a saved link to a gone record is refused (desk.db.records.check_links)
    once: bool = False  # a line's value may not repeat within its record (a beneficiary once per batch)
    width: int = 0  # a list column's width in Chinese characters when its kind and length judge it badly (0: derived)

    def __post_init__(self) -> None:
        if self.kind not in KINDS_OF_FIELD:
            raise ValueError(f"field {self.key}: unknown kind {self.kind!r}")
        if self.sensitive and self.sensitive not in SENSITIVITIES:
            raise ValueError(f"field {self.key}: unknown sensitivity {self.sensitive!r}")
        if (self.kind == "lines") != (self.lines is not None):
            raise ValueError(f"field {self.key}: a lines field needs its RecordKind and only it has one")

    @property
    def column_name(self) -> str:
        """Return the table column this field is stored in ("" when it is not one)."""
        return self.key if self.column is None else self.column

    @property
    def list_header(self) -> str:
        """Return the message id a list column heads this field with."""
        return self.short or self.label

    @property
    def sheet_header(self) -> str:
        """Return the message id a sheet heads this field's column with."""
        return self.header or self.label

    def allowed_text(self) -> str:
        """Return the allowed values of a choice as a clerk reads them: 来访、来信、来电、其他."""
        return "、".join(_(label) for label in (self.choices or {}).values())

    def mask(self, value: Any) -> str:
        """Return ``value`` masked as its declared sensitivity asks (unchanged text if not sensitive)."""
        from desk.core.masking import mask_value

        return mask_value(self.sensitive, value)

    def value_text(self, value: Any, full: bool = True) -> str:
        """Return a stored value as a clerk reads it: choice labels, 是/否, yuan, dates; masked unless ``full``."""
        if value is None or value == "":
            return ""
        if self.sensitive and not full:
            return self.mask(value)
        if self.kind == "choice":
            label = (self.choices or {}).get(str(value))
            return _(label) if label else str(value)
        if self.kind == "bool":
            return _(YES) if value in (True, 1, "1", "true", "True") else _(NO)
        if self.kind == "money":
            from desk.core.formatting import fen_to_yuan

            try:
                return _("{amount}元").format(amount=fen_to_yuan(int(value)))
            except (TypeError, ValueError):
                return str(value)
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, (list, tuple)):
            return "、".join(str(item.get("name", "")) if isinstance(item, dict) else str(item) for item in value)
        return str(value)


# How wide a list column is, in Chinese characters, when its kind decides it (0: as wide as its header).  A date
# (2020年5月31日) and an amount up to 999,999.99元 are mostly half-width digits: six characters hold them.
_LIST_WIDTHS = {"date": 6, "money": 6, "int": 0, "bool": 0}
# The widest a text column is made from its length: longer texts (a list of places, a title) are cut in the list,
# shown whole in its tooltip and form, so that a half-width list at 1366×768 keeps its other columns in view.
_TEXT_WIDTH_CAP = 9


@dataclass(frozen=True)
class ListColumn:
    """A column of a kind's list, on screen and in the exported list, where no field declares it as it is.

    A value only the list computes (a count, a total, a linked record's name) is declared here with
    its label and kind; ``of`` names the field it shows (``course_name`` of ``course_id``), whose
    label and sensitivity it takes.  ``width`` is in Chinese characters (0: from its kind);
    ``alert_key`` names a row key whose truth paints the row red (overdue petitions).
    """

    key: str
    label: str = ""
    kind: str = "text"  # text, int, money, date, bool, choice
    choices: Mapping[str, str] | None = None
    of: str = ""
    sensitive: str = ""
    width: int = 0
    alert_key: str = ""


def _list_kind(declared: Field) -> str:
    if declared.kind in ("multiline", "list"):
        return "text"
    if declared.kind == "int" and (declared.minimum or 0) >= 1000:  # a year: 2020, not 2,020
        return "text"
    return declared.kind


def _list_width(declared: Field) -> int:
    if declared.width:
        return declared.width
    if declared.kind in _LIST_WIDTHS:
        return _LIST_WIDTHS[declared.kind]
    if declared.kind == "choice":
        return min(max((len(label) for label in (declared.choices or {}).values()), default=0) + 1, _TEXT_WIDTH_CAP)
    if declared.max_length <= 20:  # a code or number: Latin characters are half as wide
        return declared.max_length // 2 + 1
    return 6 if declared.max_length <= 64 else _TEXT_WIDTH_CAP


@dataclass(frozen=True)
class RecordKind:
    """A kind of record: its key, what clerks call it, its table and its fields, in form order.

    ``columns`` names the table's other columns a clerk may see in the audit log or a conflict
    (a parent link, a computed mark) as ``{column: label}``; ``hidden`` lists internal columns
    (search keys, positions, stored file names) that those views leave out.  ``listed`` are the
    columns of its list (the screen's and the exported file's), in order: a field's key, or a
    ``ListColumn`` for what only the list shows; ``export_only`` names those the narrow screen leaves out.
    ``period_field`` names the date field that puts a record in a period (a petition's date received,
    an event's date): what "records of the period" means for the reporting marks of the exchange; a
    kind without one (a register, a catalogue) belongs to no period, and lines belong to their parent's.
    """

    key: str
    label: str
    table: str
    fields: tuple[Field, ...]
    columns: Mapping[str, str] = field(default_factory=dict)
    hidden: tuple[str, ...] = ()
    listed: tuple[str | ListColumn, ...] = ()
    export_only: tuple[str, ...] = ()
    period_field: str = ""

    def __post_init__(self) -> None:
        if self.period_field and (self.field(self.period_field) is None or self[self.period_field].kind != "date"):
            raise ValueError(f"{self.key}: period field {self.period_field!r} is not one of its date fields")

    @cached_property
    def _by_key(self) -> dict[str, Field]:
        found: dict[str, Field] = {}
        for item in self.fields:
            found.setdefault(item.key, item)
        return found

    def field(self, key: str) -> Field | None:
        """Return the field with ``key``, or None."""
        return self._by_key.get(key)

    def __getitem__(self, key: str) -> Field:
        found = self.field(key)
        if found is None:
            raise KeyError(f"{self.key} has no field {key}")
        return found

    def by_column(self, column: str) -> Field | None:
        """Return the field stored in table column ``column``, or None."""
        return next((item for item in self.fields if item.column_name == column), None)

    def keys(self) -> tuple[str, ...]:
        """Return the field keys in order."""
        return tuple(item.key for item in self.fields)

    def column_keys(self) -> tuple[str, ...]:
        """Return the keys of the fields that are columns of the kind's own table."""
        return tuple(item.key for item in self.fields if item.column_name and item.kind != "lines")

    def sensitive_keys(self) -> dict[str, str]:
        """Return {field key: sensitivity} of the sensitive fields."""
        return {item.key: item.sensitive for item in self.fields if item.sensitive}

    def mask_row(self, row: dict[str, Any], full: bool = False) -> dict[str, Any]:
        """Mask, in place, every value of ``row`` whose key is a sensitive field (unless ``full``); return it."""
        if not full:
            for key in self.sensitive_keys():
                if key in row:
                    row[key] = self[key].mask(row[key])
        return row

    def list_columns(self, screen: bool = False) -> tuple[ListColumn, ...]:
        """Return the columns of this kind's list as declared (the screen's when ``screen``), labels and kinds filled in.

        Raises ValueError on a listed key that is neither a field nor a ``ListColumn``.
        """
        shown: list[ListColumn] = []
        for item in self.listed:
            key = item if isinstance(item, str) else item.key
            if screen and key in self.export_only:
                continue
            if isinstance(item, ListColumn):
                source = self.field(item.of) if item.of else None
                if item.of and source is None:
                    raise ValueError(f"{self.key}: list column {key} shows unknown field {item.of}")
                shown.append(dataclasses.replace(
                    item,
                    label=item.label or (source.list_header if source else key),
                    sensitive=item.sensitive or (source.sensitive if source else ""),
                    width=item.width or (_list_width(source) if source else _LIST_WIDTHS.get(item.kind, 0)),
                ))
                continue
            declared = self.field(key)
            if declared is None or declared.kind in ("lines", "ref"):
                raise ValueError(f"{self.key}: listed {key} is not a field a list can show (declare a ListColumn)")
            shown.append(ListColumn(
                key, declared.list_header, _list_kind(declared),
                declared.choices, sensitive=declared.sensitive, width=_list_width(declared),
            ))
        return tuple(shown)

    def line_kinds(self) -> tuple[RecordKind, ...]:
        """Return the kinds of this kind's lines (child rows)."""
        return tuple(item.lines for item in self.fields if item.lines is not None)


def record_kinds() -> dict[str, RecordKind]:
    """Return every record kind any area declares (``desk/<area>/fields.py``'s KINDS), lines included, by key."""
    import desk

    return dict(_discover(tuple(desk.__path__)))


@cache
def _discover(packages: tuple[str, ...]) -> tuple[tuple[str, RecordKind], ...]:
    """Return the kinds the packages on desk's package path ``packages`` declare.

    A memo of declarations (module constants) per package path: a test that adds an area to desk's path
    gets that path's kinds, and the program's path keeps its own, so there is nothing to forget.
    """
    from desk.plugins import package_modules

    found: dict[str, RecordKind] = {}

    def add(kind: RecordKind) -> None:
        found.setdefault(kind.key, kind)
        for child in kind.line_kinds():
            add(child)

    for module in package_modules("fields"):
        for kind in getattr(module, "KINDS", ()):
            add(kind)
    return tuple(found.items())


def kinds_by_table() -> dict[str, RecordKind]:
    """Return the declared kinds by table name."""
    return {kind.table: kind for kind in record_kinds().values()}


# The columns every travelling table has (desk.db.base.TravelMixin), as the audit log and conflicts name them.
BOOKKEEPING_LABELS = {
    "id": N_("记录编号"),
    "origin_office": N_("来源单位代码"),
    "created_at": N_("创建时间"),
    "created_by": N_("创建人"),
    "updated_at": N_("修改时间"),
    "updated_by": N_("修改人"),
    "revision": N_("修订次数"),
    "deleted": N_("已删除"),
}


def table_label(table: str) -> str | None:
    """Return the translated label of the kind stored in ``table``, or None when no area declares it."""
    kind = kinds_by_table().get(table)
    return _(kind.label) if kind else None


def column_label(table: str, column: str) -> str | None:
    """Return the translated label of ``column`` of ``table`` as declared (or a bookkeeping column's), or None."""
    kind = kinds_by_table().get(table)
    if kind is None:
        return _(BOOKKEEPING_LABELS[column]) if column in BOOKKEEPING_LABELS else None
    declared = kind.by_column(column)
    if declared is not None:
        return _(declared.label)
    label = kind.columns.get(column) or BOOKKEEPING_LABELS.get(column)
    return _(label) if label else None


def is_hidden(table: str, column: str) -> bool:
    """Return whether ``column`` of ``table`` is internal (left out of the audit log and conflicts)."""
    kind = kinds_by_table().get(table)
    return kind is not None and column in kind.hidden


def value_text(table: str, column: str, value: Any, full: bool = True) -> str:
    """Return a stored value of ``table.column`` as a clerk reads it (masked unless ``full`` when declared sensitive)."""
    kind = kinds_by_table().get(table)
    declared = kind.by_column(column) if kind else None
    if declared is not None:
        return declared.value_text(value, full)
    if value is None:
        return ""
    if isinstance(value, bool) or (column == "deleted" and isinstance(value, int)):
        return _(YES) if value else _(NO)
    return str(value)
