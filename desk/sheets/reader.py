"""Reading a spreadsheet (.xlsx or .csv in UTF-8, UTF-8 with BOM or GB18030) into a header and rows.

A file from a USB stick may be hostile.  Before calamine reads an .xlsx, the archive's declared
sizes are checked (a zip bomb of 1.5 MB once grew the process to 10 GB), XML with a DTD or
entities (XXE, billion laughs) is refused, and the first sheet's rows are counted in its XML, so
a file with too many rows is refused without being read whole.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desk.core.errors import DeskError
from desk.core.i18n import _

log = logging.getLogger(__name__)

MAX_ROWS = 100_000
MAX_FILE_BYTES = 64 * 1024 * 1024  # a ledger of 100,000 rows is a few MB
MAX_UNPACKED_BYTES = 512 * 1024 * 1024  # the archive's members together, as declared
MAX_RATIO = 150  # unpacked / packed of one member; sheet XML packs about 10 to 30 times
MAX_MEMBERS = 5000
HEADER_SEARCH = 5  # rows above the header a ledger may spend on a title
_OLE = b"\xd0\xcf\x11\xe0"  # old .xls files and password-protected .xlsx files


@dataclass
class Table:
    """A sheet as read: the header row, the data rows (with their row numbers in the file) and notes."""

    header: list[str]
    rows: list[tuple[int, list[Any]]]
    notes: list[str] = field(default_factory=list)
    source: str = ""  # the file's name, which the audit entries of the records imported from it give


def read_table(path: str | Path) -> Table:
    """Read ``path``; raise DeskError with a message a clerk understands if it is not a usable sheet."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DeskError(_("无法读取文件 {path}：{reason}").format(path=path, reason=exc.strerror or exc)) from None
    if size > MAX_FILE_BYTES:
        raise DeskError(_("文件 {name} 太大（{size} MB），不像一份台账：请分成几个文件").format(
            name=path.name, size=size // (1024 * 1024)))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DeskError(_("无法读取文件 {path}：{reason}").format(path=path, reason=exc.strerror or exc)) from None
    if not data.strip():
        raise DeskError(_("文件 {name} 是空的").format(name=path.name))
    if data.startswith(_OLE):
        raise DeskError(
            _("文件 {name} 设有密码或是旧版 .xls 格式：请在 Excel 或 WPS 中取消密码，另存为 .xlsx 后再导入").format(name=path.name)
        )
    if data.startswith(b"PK"):
        table = _read_xlsx(data, path.name)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        raise DeskError(_("文件 {name} 不是有效的 Excel 文件").format(name=path.name))
    else:
        table = _read_csv(data, path.name)
    if not any(table.header):
        raise DeskError(_("文件 {name} 的第一行没有列名").format(name=path.name))
    if not table.rows:
        raise DeskError(_("文件 {name} 只有列名，没有数据行").format(name=path.name))
    table.source = path.name
    return table


def check_archive(data: bytes, name: str) -> None:
    """Refuse an .xlsx whose declared sizes or packing ratio are those of a zip bomb (nothing is unpacked)."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise DeskError(_("文件 {name} 不是有效的 Excel 文件").format(name=name)) from None
    total = sum(member.file_size for member in members)
    packed_too_tight = any(member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1)
                           for member in members)
    if len(members) > MAX_MEMBERS or total > MAX_UNPACKED_BYTES or packed_too_tight:
        log.warning("Refused %s: %d members, %d bytes declared unpacked", name, len(members), total)
        raise DeskError(_("文件 {name} 解压后异常庞大（压缩炸弹），为保护电脑未打开：请向发来文件的人核实").format(name=name))


_MERGED = re.compile(rb"<(?:\w+:)?mergeCell\s[^>]*?ref=\"([A-Z]+[0-9]+:[A-Z]+[0-9]+)\"")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s[^>]*?ref=\"[A-Z]*[0-9]*:?[A-Z]+([0-9]+)\"")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PACKAGE_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_EXACT = 1e15  # a float at or past this lost digits in Excel (convert() names it): never made an int


def _declares(xml: bytes) -> bool:
    """Return whether XML text declares a DTD or entities (XML spells both keywords in capitals)."""
    return b"<!DOCTYPE" in xml or b"<!ENTITY" in xml


def _count(xml: bytes, tag: bytes) -> int:
    """Return how many ``tag`` elements the XML has; a prefixed name (<x:row>) is looked for only if the
    text uses prefixes at all (a plain count is many times quicker than the pattern on a 100,000-row sheet)."""
    count = sum(xml.count(b"<" + tag + end) for end in (b" ", b">", b"/"))
    if b":" + tag in xml:
        count += len(re.findall(rb"<\w+:" + tag + rb"[\s/>]", xml))
    return count


def _unsafe_xml(name: str) -> DeskError:
    return DeskError(_("文件 {name} 含有不安全的 XML 内容（外部实体或实体定义），已拒绝：请在 Excel 或 WPS 中另存一份再导入").format(
        name=name))


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """Return the archive path of the workbook's first worksheet (as Excel lists its sheets)."""
    from defusedxml.ElementTree import fromstring

    book = fromstring(archive.read("xl/workbook.xml"))
    first = next(iter(book.iter(f"{_MAIN}sheet")))
    relation = first.get(f"{_REL}id")
    for item in fromstring(archive.read("xl/_rels/workbook.xml.rels")).iter(f"{_PACKAGE_REL}Relationship"):
        if item.get("Id") == relation:
            target = str(item.get("Target", ""))
            return target.lstrip("/") if target.startswith("/") else "xl/" + target
    raise KeyError(relation)


def _read_xlsx(data: bytes, name: str) -> Table:
    """Read the first sheet with calamine (cached values), after refusing what a hostile file could hide.

    The archive's sizes are checked first; any XML member declaring a DTD or entities (XXE, billion
    laughs) is refused; the rows are counted in the sheet's XML (its <dimension>, then its <row>
    elements) before a cell is read, so a file with too many rows is refused without being read whole.
    Formulas and merged header cells are found in the same XML.  Calamine (Rust) reads a 100,000-row
    ledger in about a second where openpyxl's read-only mode took half a minute.
    """
    from defusedxml import DefusedXmlException
    from python_calamine import CalamineError, CalamineWorkbook

    check_archive(data, name)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for member in archive.infolist():
                if member.filename.endswith((".xml", ".rels")) and _declares(archive.read(member)):
                    log.warning("Refused %s: a DTD or entity in %s", name, member.filename)
                    raise _unsafe_xml(name)
            xml = archive.read(_first_sheet(archive))
        declared = _DIMENSION.search(xml, 0, 64 * 1024)  # the schema puts <dimension> before the rows
        if declared and int(declared[1]) - 1 > MAX_ROWS:
            raise DeskError(_("文件 {name} 有 {count} 行，一次最多导入 {limit} 行：请分成几个文件").format(
                name=name, count=int(declared[1]) - 1, limit=MAX_ROWS))
        if _count(xml, b"row") - 1 > MAX_ROWS + HEADER_SEARCH:
            raise DeskError(_("文件 {name} 超过 {limit} 行，一次最多导入 {limit} 行：请分成几个文件").format(
                name=name, limit=MAX_ROWS))
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        try:
            lines = _plain_rows(book.get_sheet_by_index(0).to_python(skip_empty_area=False))
        finally:
            book.close()
    except DefusedXmlException as exc:
        log.warning("Refused %s: %r", name, exc)
        raise _unsafe_xml(name) from None
    except (CalamineError, zipfile.BadZipFile, KeyError, ValueError, OSError, StopIteration, SyntaxError) as exc:
        # calamine's refusal, a broken archive, a workbook without sheets, XML that does not parse
        log.info("Cannot read %s: %r", name, exc)
        raise DeskError(_("文件 {name} 不是有效的 Excel 文件").format(name=name)) from None
    if len(lines) - 1 > MAX_ROWS + HEADER_SEARCH:
        raise DeskError(_("文件 {name} 超过 {limit} 行，一次最多导入 {limit} 行：请分成几个文件").format(
            name=name, limit=MAX_ROWS))
    notes: list[str] = []
    formulas = _count(xml, b"f")
    if formulas:
        notes.append(_("文件中有 {count} 个公式，导入的是 Excel 最后计算出的值").format(count=formulas))
    start = header_index(lines)
    for found in _MERGED.findall(xml) if b"mergeCell" in xml else ():
        from openpyxl.utils.cell import range_boundaries

        coord = found.decode("ascii")
        min_col, min_row, max_col, max_row = range_boundaries(coord)
        if min_row <= start + 1 <= max_row and max_col > min_col:
            raise DeskError(_("文件 {name} 的列名有合并单元格（{cells}）：请每列只用一个列名").format(name=name, cells=coord))
    if start:
        notes.append(_("跳过了列名上方的 {count} 行标题").format(count=start))
    header = [str(value).strip() if value is not None else "" for value in (lines[start] if lines else ())]
    header += [""] * (max((len(values) for values in lines), default=0) - len(header))
    rows: list[tuple[int, list[Any]]] = []
    width = max((len(values) for values in lines), default=0)  # a sheet without <dimension> gives ragged rows
    for number, values in enumerate(lines[start + 1:], start=start + 2):
        if len(rows) >= MAX_ROWS:
            raise DeskError(_("文件 {name} 超过 {limit} 行，一次最多导入 {limit} 行：请分成几个文件").format(
                name=name, limit=MAX_ROWS))
        cells = list(values) + [None] * (width - len(values))
        if any(value not in (None, "") for value in cells):
            rows.append((number, cells))
    return Table(header, rows, notes)


def _plain_rows(rows: list[list[Any]]) -> list[tuple[Any, ...]]:
    """Return calamine's rows with openpyxl's kinds of cell: an empty cell None, a whole number int (unless
    so large Excel lost digits, which ``convert`` names), a date a datetime at midnight."""
    return [tuple([value if type(value) is str and value else None if value == "" else _plain(value) for value in values])
            for values in rows]


def _plain(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT:
        return int(value)
    if type(value) is dt.date:
        return dt.datetime.combine(value, dt.time())
    return value


def header_index(lines: Sequence[Sequence[object]]) -> int:
    """Return the index of the header row: the first of the first rows with two or more filled cells.

    Ledgers often open with a title row (2020年活动台账) merged across the columns above the header.
    """
    for index, values in enumerate(lines[:HEADER_SEARCH]):
        if sum(1 for value in values if value not in (None, "") and str(value).strip()) >= 2:
            return index
    return 0


def decode_text(data: bytes) -> str:
    """Return CSV bytes as text: UTF-8 (with or without BOM) first, then GB18030 as older Excel writes."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DeskError(_("无法识别文件的文字编码：请另存为 UTF-8 或 GB18030 编码的 CSV"))


def _read_csv(data: bytes, name: str) -> Table:
    text = decode_text(data)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error:
        raise DeskError(_("文件 {name} 不是有效的 CSV 表格").format(name=name)) from None
    if len(lines) - 1 > MAX_ROWS:
        raise DeskError(_("文件 {name} 有 {count} 行，一次最多导入 {limit} 行：请分成几个文件").format(
            name=name, count=len(lines) - 1, limit=MAX_ROWS))
    lines = [[_unquote(value) for value in values] for values in lines]
    start = header_index(lines)
    header = [value.strip() for value in lines[start]] if lines else []
    rows = [(number, values) for number, values in enumerate(lines[start + 1:], start=start + 2)
            if any(value.strip() for value in values)]
    notes = [_("跳过了列名上方的 {count} 行标题").format(count=start)] if start else []
    return Table(header, rows, notes)


def _unquote(value: str) -> str:
    """Drop the apostrophe an export puts before text that could be read as a formula ('=…, '-…)."""
    if value.startswith("'") and value[1:2] in ("=", "+", "-", "@", "\t", "\r"):
        return value[1:]
    return value
