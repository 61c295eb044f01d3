"""A new work area needs no edits outside its own package: the test-only area in tests/areas/sample declares its
fields once and gets a form, list columns, a sheet, masking, exchange labels and audit labels."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

import desk
from desk.core.fields import record_kinds
from desk.db.base import Base
from desk.db.listing import ListQuery
from desk.exchange.export import Selection, export_counts
from desk.exchange.labels import column_label, table_label
from desk.exchange.travel import TravelSet
from desk.sheets.catalog import discover_sheets
from tests.desk.test_fields import identifiers

AREAS = Path(__file__).resolve().parents[1] / "areas"


@pytest.fixture
def sample_area(monkeypatch, database):
    """Put tests/areas on desk's package path, as if desk/sample/ had been added; create its table."""
    monkeypatch.setattr(desk, "__path__", [*desk.__path__, str(AREAS)])  # the kinds follow desk's package path
    from desk.sample.model import SampleBase

    SampleBase.metadata.create_all(database.engine)


def test_a_new_area_declared_once_gets_form_sheet_masking_exchange_and_audit(sample_area, qtbot, qtmodeltester, database,
                                                                             actor, tmp_path):
    from PySide6.QtCore import Qt

    from desk.security.queries import AUDIT, describe_detail
    from desk.sheets.importer import guess_mapping, import_rows
    from desk.sheets.reader import read_table
    from desk.sheets.writer import write_export, write_template
    from ui.common.fields import form_fields
    from ui.common.form import RecordForm
    from ui.common.table_model import LazyTableModel, list_columns

    kind = record_kinds()["sample_visit"]
    # a form
    form = RecordForm(form_fields(kind))
    qtbot.addWidget(form)
    assert form.editor("purpose").findData("care") >= 0 and form.editor("purpose").itemText(
        form.editor("purpose").findData("care")) == "关爱"
    # a sheet, whose 填写说明 example imports as it stands
    spec = discover_sheets()["sample-visits"]  # discovered now, with the sample area on the path
    path = tmp_path / "走访.xlsx"
    write_template(spec, path)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    columns = {cell.value: cell.column for cell in sheet[1]}
    assert list(columns) == ["走访对象", "联系电话", "走访目的", "走访日期", "户数", "情况"]
    for header, _key, _kind, _required, _allowed, example in book["填写说明"].iter_rows(min_row=2, values_only=True):
        if _key and example not in (None, ""):
            sheet.cell(row=2, column=columns[header], value=example)
    book.save(path)
    table = read_table(path)
    with database.sessions() as session:
        result = import_rows(session, actor, spec, table, guess_mapping(spec, table.header))
        session.commit()
    assert (result.created, result.problems) == (1, [])
    # masking in the list, from the declared sensitivity
    with database.sessions() as session:
        (row,) = spec.source.rows(session, ListQuery())
    assert (row["visitor_name"], row["phone"], row["purpose"]) == ("王*花", "138****2345", "care")
    # list columns: the screen's and the exported list's, from the declaration (the phone only in the file)
    screen_columns = list_columns(kind)
    assert [(column.key, column.label, column.kind) for column in screen_columns] == [
        ("visitor_name", "走访对象", "text"), ("purpose", "走访目的", "choice"), ("visited_on", "走访日期", "date")]
    model = LazyTableModel(screen_columns, lambda: 1, lambda *_args: [row])
    model.reload()
    qtmodeltester.check(model)
    assert [model.headerData(n, Qt.Orientation.Horizontal) for n in range(3)] == ["走访对象", "走访目的", "走访日期"]
    assert [model.data(model.index(0, n)) for n in range(2)] == ["王*花", "关爱"]
    exported = tmp_path / "走访清单.xlsx"
    with database.sessions() as session:
        assert write_export(session, spec, ListQuery(), exported) == 1
    cells = list(openpyxl.load_workbook(exported).worksheets[0].iter_rows(values_only=True))
    assert cells[0] == ("走访对象", "走访目的", "走访日期", "联系电话")
    assert cells[1][:2] == ("王*花", "关爱") and cells[1][3] == "138****2345"
    # exchange labels
    from desk.sample.model import SampleBase

    with database.sessions() as session:
        assert export_counts(session, Selection(), TravelSet.of(Base, SampleBase))["sample_visit"] == 1
    assert table_label("sample_visit") == "走访记录"
    assert column_label("sample_visit", "visited_on") == "走访日期"
    # audit labels, values in words and masked: a visit saved on its form is logged with its values (the imported
    # one by its file and row; the record holds the values)
    from desk.sample.service import load_visit, save_visit

    with database.sessions() as session:
        (imported,) = [entry for entry in AUDIT.rows(session, ListQuery(), 0, None) if entry["table_name"] == "sample_visit"]
        assert imported["detail_text"] == "从表格文件“走访.xlsx”第 2 行导入"
        save_visit(session, actor, None, load_visit(session, result.record_ids[0]))
        session.commit()
    with database.sessions() as session:
        entries = [entry for entry in AUDIT.rows(session, ListQuery(), 0, None) if entry["table_name"] == "sample_visit"]
    entry = entries[0]  # the newest: the form's
    assert entry["table_label"] == "走访记录"
    assert "走访对象：王小花" in entry["detail_text"] and "走访目的：关爱" in entry["detail_text"]
    assert "联系电话：138****2345" in entry["detail_text"]  # the declared phone, masked without the full-ID grant
    for_admin = describe_detail(entry["kind"], entry["detail"], content=False, table_name="sample_visit")
    assert "走访对象：王*花" in for_admin  # the declared name, masked for a reader without a content role
    assert not identifiers(entry["detail_text"]), entry["detail_text"]
