"""Statistics tables: title row with office and period, Chinese headers, totals; XLSX numbers stay numbers."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from desk.cli import main
from desk.console import CliContext
from desk.reports.tables import StatTable, office_rows, tables_pdf, tables_xlsx, totals_row
from tests.desk.reports_helpers import libreoffice_csv, pdf_text

ROWS = (("塘岸镇妇联", 12, 2, 1700.5), ("西埌镇妇联", 67, 1, 300.0))
TABLE = StatTable("信访统计表", ("单位", "来访件(次)", "来信件", "金额(元)"), ROWS, totals_row("合计", ROWS),
                  "北流市妇女联合会", "2020年上半年")


def test_totals_add_numeric_columns_only():
    assert totals_row("合计", ROWS) == ("合计", 79, 3, 2000.5)
    assert totals_row("合计", (("甲", "优秀"), ("乙", 3))) == ("合计", None)


def test_the_workbook_has_a_title_row_headers_numbers_and_widths():
    book = load_workbook(io.BytesIO(tables_xlsx([TABLE])))
    sheet = book["信访统计表"]
    assert sheet["A1"].value == "信访统计表（北流市妇女联合会，2020年上半年）"
    assert [cell.value for cell in sheet[2]] == ["单位", "来访件(次)", "来信件", "金额(元)"]
    assert [cell.value for cell in sheet[5]] == ["合计", 79, 3, 2000.5]
    assert isinstance(sheet["B3"].value, int)
    assert sheet.column_dimensions["A"].width >= 12


def test_the_pdf_holds_the_title_and_totals(tmp_path):
    text = pdf_text(tables_pdf([TABLE], "北流市妇女联合会", "2020年上半年"), tmp_path)
    assert "信访统计表（北流市妇女联合会，2020年上半年）" in text.replace(" ", "")
    assert "合计" in text and "79" in text


@pytest.fixture
def a_table(reports):
    """A command-line context whose report registry (this test's own) has one more table."""
    reports.register_table("test", 1, lambda session, period, scope: StatTable("信访统计表", TABLE.headers, ROWS, TABLE.totals))
    return CliContext(reports)


def test_report_tables_writes_an_xlsx_that_libreoffice_reads(db_path, a_table, tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["--db", str(db_path), "report", "tables", "--period", "2020H1", "--out", str(out)], a_table) == 0
    assert "1张表" in capsys.readouterr().out
    sheet = load_workbook(out).active
    assert sheet["A1"].value == "信访统计表（北流市妇女联合会，2020年上半年）"
    csv = libreoffice_csv(out, tmp_path)
    assert "合计,79,3,2000.5" in csv


def test_report_tables_refuses_an_unknown_file_type(db_path, tmp_path, capsys):
    assert main(["--db", str(db_path), "report", "tables", "--period", "2020H1", "--out", str(tmp_path / "t.doc")]) == 1
    assert ".xlsx 或 .pdf" in capsys.readouterr().err


def test_report_summary_command_writes_the_pdf(db_path, tmp_path, capsys):
    out = tmp_path / "s.pdf"
    assert main(["--db", str(db_path), "report", "summary", "--period", "2020H1", "--date", "2020-07-10", "--out", str(out)]) == 0
    text = pdf_text(out.read_bytes(), tmp_path).replace(" ", "")
    assert "北流市妇女联合会2020年上半年工作总结" in text.replace("\n", "") and "2020年7月10日" in text
    assert main(["--db", str(db_path), "report", "summary", "--period", "2020H9", "--out", str(out)]) == 1
    assert "无法识别期间" in capsys.readouterr().err


def test_a_tree_scope_gives_one_row_per_office_and_the_total(database, actor):
    from desk.office.scope import office_scope
    from desk.office.service import save_sub_office

    with database.sessions.begin() as session:
        save_sub_office(session, actor, None, {"name": "塘岸镇妇联", "code": "450981101", "level": "town"})
        save_sub_office(session, actor, None, {"name": "西埌镇妇联", "code": "450981102", "level": "town"})
    counts = {"450981": 40, "450981101": 12, "450981102": 27}
    with database.sessions() as session:
        rows, totals = office_rows(session, office_scope(session, tree=True),
                                            lambda one: (counts[next(iter(one.codes))],))
        alone, _totals = office_rows(session, office_scope(session), lambda one: (counts[next(iter(one.codes))],))
    assert rows == (("北流市妇女联合会", 40), ("塘岸镇妇联", 12), ("西埌镇妇联", 27))
    assert totals == ("合计", 79)
    assert alone == (("北流市妇女联合会", 40),)
