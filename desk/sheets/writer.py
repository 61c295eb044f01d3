"""Writing spreadsheets: an area's template (drop-downs, date columns, a sheet explaining each field) and list exports.

Exports never hold a live formula: every text cell is written as text (data type string), and a
text beginning with = + - @ (or a tab or carriage return) also carries Excel's quote prefix in
.xlsx, or a leading apostrophe in .csv, so that neither Excel nor WPS reads it as a formula
(``=HYPERLINK(…)``, ``=cmd|…``).  ``--out x.csv`` writes CSV; other endings are refused.
"""

from __future__ import annotations

import csv
import datetime as dt
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy.orm import Session

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.core.progress import Progress, step
from desk.db.listing import ListQuery
from desk.sheets.spec import KIND_LABELS, NO, YES, SheetSpec, display_value

log = logging.getLogger(__name__)

DATE_FORMAT = "yyyy-mm-dd"
TEMPLATE_ROWS = 5000  # rows the drop-downs cover
_BOLD = Font(bold=True)
_REQUIRED_FILL = PatternFill("solid", fgColor="FCE4D6")
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PAGE = 1000


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _save(book: Workbook, path: str | Path) -> None:
    try:
        book.save(path)
    except OSError as exc:
        raise DeskError(_("无法写入文件 {path}：{reason}").format(path=path, reason=exc.strerror or exc)) from None


def export_format(path: str | Path) -> str:
    """Return "xlsx" or "csv" from the file name of an export; raise DeskError for any other ending."""
    suffix = Path(path).suffix.lower()
    if suffix in (".xlsx", ".csv"):
        return suffix[1:]
    raise DeskError(_("导出文件应以 .xlsx 或 .csv 结尾：{path}").format(path=path))


def could_be_formula(text: str) -> bool:
    """Return whether Excel, WPS or LibreOffice could read ``text`` typed into a cell as a formula."""
    return text.startswith(FORMULA_START)


def text_cell(sheet: Any, value: Any) -> Any:
    """Return ``value`` for a write-only sheet's row: a string becomes a cell of type text, never a formula."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl makes a formula of any string that begins with =
    if could_be_formula(value):
        cell.quotePrefix = True  # Excel keeps it text even when the clerk edits the cell
    return cell


def csv_text(value: Any) -> str:
    """Return ``value`` as a CSV field; text that could be read as a formula gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _(YES) if value else _(NO)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, str):
        return "'" + value if could_be_formula(value) else value
    return str(value)


class _Out:
    """The rows of an export going to an .xlsx (write-only, text cells as text) or a .csv file."""

    def __init__(self, path: str | Path, title: str, widths: list[int]):
        self.path = Path(path)
        self.kind = export_format(path)
        self.temp = self.path.with_name(self.path.name + ".part")
        if self.kind == "xlsx":
            self.book = Workbook(write_only=True)
            self.sheet = self.book.create_sheet(title[:31])
            for column, width in enumerate(widths, start=1):
                self.sheet.column_dimensions[get_column_letter(column)].width = width
            self.sheet.freeze_panes = "A2"
        else:
            try:
                self.handle = self.temp.open("w", encoding="utf-8-sig", newline="")
            except OSError as exc:
                raise DeskError(_("无法写入文件 {path}：{reason}").format(path=path, reason=exc.strerror or exc)) from None
            self.writer = csv.writer(self.handle)

    def append(self, values: list[Any]) -> None:
        if self.kind == "xlsx":
            self.sheet.append([text_cell(self.sheet, value) for value in values])
        else:
            self.writer.writerow([csv_text(value) for value in values])

    def close(self) -> None:
        if self.kind == "xlsx":
            _save(self.book, self.path)
            return
        try:
            self.handle.close()
            os.replace(self.temp, self.path)
        except OSError as exc:
            self.temp.unlink(missing_ok=True)
            raise DeskError(_("无法写入文件 {path}：{reason}").format(path=self.path, reason=exc.strerror or exc)) from None

    def discard(self) -> None:
        if self.kind == "xlsx":  # finish and remove openpyxl's temporary sheet file now, not at collection
            try:
                self.sheet.close()
                self.sheet._writer.cleanup()
            except Exception:  # best effort: the export already failed or was cancelled
                log.debug("Could not remove a discarded sheet's temporary file", exc_info=True)
            return
        if self.kind == "csv":
            self.handle.close()
            self.temp.unlink(missing_ok=True)


def _pages(session: Session, spec: SheetSpec, query: ListQuery) -> Iterator[list[dict[str, Any]]]:
    offset = 0
    while True:
        rows = spec.source.rows(session, query, offset, PAGE)
        yield rows
        if len(rows) < PAGE:
            return
        offset += PAGE


def _width(text: str, minimum: int = 10) -> int:
    return max(minimum, sum(2 if ord(char) > 0x2E80 else 1 for char in text) + 4)


def write_template(spec: SheetSpec, path: str | Path) -> None:
    """Write the empty template of ``spec``: headers, drop-downs for fixed values, date columns, a 说明 sheet."""
    book = Workbook()
    sheet = book.active
    sheet.title = _(spec.title)[:31]
    lists = book.create_sheet(_("选项"))
    for column, (_key, sheet_field) in enumerate(spec.columns_in_order(), start=1):
        header = _(sheet_field.header)
        cell = sheet.cell(row=1, column=column, value=header)
        cell.font = _BOLD
        cell.fill = _REQUIRED_FILL if sheet_field.required else _HEADER_FILL
        letter = get_column_letter(column)
        sheet.column_dimensions[letter].width = _width(header, 14 if sheet_field.kind == "date" else 12)
        cells = f"{letter}2:{letter}{TEMPLATE_ROWS + 1}"
        labels = _labels(sheet_field)
        if labels:
            for row, label in enumerate(labels, start=1):
                lists.cell(row=row, column=column, value=label)
            source = f"'{lists.title}'!${letter}$1:${letter}${len(labels)}"
            validation = DataValidation(type="list", formula1=f"={source}", allow_blank=not sheet_field.required)
            validation.error = _("请从下拉列表中选择{field}").format(field=header)
            validation.errorTitle = header
            sheet.add_data_validation(validation)
            validation.add(cells)
        if sheet_field.kind == "date":  # a column style: what the clerk types there is a date
            sheet.column_dimensions[letter].number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    lists.sheet_state = "hidden"
    _write_guide(book, spec)
    _save(book, path)


def _labels(sheet_field: Any) -> list[str]:
    if sheet_field.kind == "choice":
        return [_(label) for label in (sheet_field.choices or {}).values()]
    if sheet_field.kind == "bool":
        return [_(YES), _(NO)]
    return []


def _write_guide(book: Workbook, spec: SheetSpec) -> None:
    guide = book.create_sheet(_("填写说明"), 1)
    headers = (_("列名"), _("字段键"), _("类型"), _("必填"), _("可选的值"), _("示例"))
    for column, text in enumerate(headers, start=1):
        guide.cell(row=1, column=column, value=text).font = _BOLD
    columns = spec.columns_in_order()
    for row, (key, sheet_field) in enumerate(columns, start=2):
        example = display_value(sheet_field, sheet_field.example)
        guide.cell(row=row, column=1, value=_(sheet_field.header))
        guide.cell(row=row, column=2, value=key)
        guide.cell(row=row, column=3, value=_(KIND_LABELS[sheet_field.kind]))
        guide.cell(row=row, column=4, value=_(YES) if sheet_field.required else "")
        guide.cell(row=row, column=5, value="、".join(_labels(sheet_field)))
        cell = guide.cell(row=row, column=6, value=example if example not in (None, "") else None)
        if isinstance(example, dt.date):
            cell.number_format = DATE_FORMAT
    note_row = len(columns) + 3
    guide.cell(row=note_row, column=1, value=_(
        "日期可写成 2020-3-3、2020年3月3日、2020.03.03 或 2020/3/3；身份证号码请设为文本格式，以免末尾变成 0。"
    ))
    for offset, note in enumerate(_notes(spec), start=1):
        guide.cell(row=note_row + offset, column=1, value=note)
    for column, width in enumerate((18, 22, 16, 8, 50, 30), start=1):
        guide.column_dimensions[get_column_letter(column)].width = width
    for row in guide.iter_rows(min_row=2, max_row=len(columns) + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def _notes(spec: SheetSpec) -> list[str]:
    """Return the guide's notes on how the sheet's lines are written."""
    notes = []
    if spec.row_lines:
        lines = "、".join(_(item.header) for item in spec.line_fields)
        notes.append(_("每行一条{lines}：同一条记录的第二行起，前面各列可以留空（或照抄），只填{lines}各列。").format(lines=lines))
    for sheet_field in spec.fields:
        if sheet_field.kind == "lines":
            example = display_value(sheet_field, sheet_field.example) or ""
            notes.append(_("{field}写在一格里，多项用顿号或分号隔开，如“{example}”。").format(
                field=_(sheet_field.header), example=example))
    return notes


def write_export(session: Session, spec: SheetSpec, query: ListQuery, path: str | Path,
                 progress: Progress | None = None) -> int:
    """Write the list of ``spec`` as filtered by ``query`` (masked as the list shows it); return the row count.

    The file is .xlsx or .csv by its ending; text cells are never formulas.  ``progress`` hears of
    every page; if it cancels (Cancelled), no file is left.
    """
    total = spec.source.count(session, query) if progress is not None else 0
    columns = spec.export_columns()
    # A list column's width is in Chinese characters; a spreadsheet's in Latin ones, half as wide.
    widths = [max(2 * column.width + 2, 12, _width(_(column.label))) for column in columns]
    out = _Out(path, _(spec.title), widths)
    count = 0
    try:
        out.append([_(column.label) for column in columns])
        for rows in _pages(session, spec, query):
            for row in rows:
                out.append([_export_value(column, row.get(column.key)) for column in columns])
            count += len(rows)
            step(progress, count, max(total, count))
    except BaseException:
        out.discard()
        raise
    out.close()
    return count


def _export_value(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if column.kind == "choice":
        label = (column.choices or {}).get(value)
        return _(label) if label else value
    if column.kind == "bool":
        return _(YES) if value else _(NO)
    if column.kind == "money":
        from desk.core.formatting import fen_to_yuan

        return float(fen_to_yuan(int(value)))
    return value  # numbers stay numbers, dates become Excel dates


def write_records(session: Session, spec: SheetSpec, query: ListQuery, path: str | Path, full: bool,
                  progress: Progress | None = None) -> int:
    """Write the records of the list in the template's columns, so the file imports again; return the count.

    Sensitive fields are masked (desk/core/masking.py) unless ``full``: pass
    ``may_see_full(actor)``, so only a role that may see full values gets a file that round-trips.
    """
    if spec.load is None:
        raise DeskError(_("“{sheet}”不能按模板格式导出").format(sheet=_(spec.title)))
    total = spec.source.count(session, query) if progress is not None else 0
    columns = spec.columns_in_order()
    out = _Out(path, _(spec.title), [_width(_(sheet_field.header), 12) for _key, sheet_field in columns])
    count = 0
    try:
        out.append([_(sheet_field.header) for _key, sheet_field in columns])
        for rows in _pages(session, spec, query):
            for done, row in enumerate(rows, start=1):
                values = spec.load(session, row["id"])
                record = [_record_cell(session, sheet_field, values.get(sheet_field.key), full)
                          for sheet_field in spec.fields]
                lines = list(values.get(spec.row_lines) or ()) if spec.row_lines else []
                for number, line in enumerate(lines or [{}]):  # a record's lines one row each, it on the first
                    cells = record if number == 0 else [None] * len(record)
                    out.append(cells + [_record_cell(session, item, line.get(item.key), full)
                                        for item in spec.line_fields])
                if done % 100 == 0:  # a record is loaded with its lines: slower than a list row
                    step(progress, count + done, max(total, count + done))
            count += len(rows)
            step(progress, count, max(total, count))
    except BaseException:
        out.discard()
        raise
    out.close()
    return count


def _record_cell(session: Session, sheet_field: Any, value: Any, full: bool) -> Any:
    if value in (None, ""):
        return None
    if sheet_field.kind == "ref":
        shown = sheet_field.show(session, value) if sheet_field.show else value
        return sheet_field.mask(shown) if sheet_field.mask is not None and not full else shown
    if sheet_field.mask is not None and not full:
        return sheet_field.mask(str(value))
    return display_value(sheet_field, value)
