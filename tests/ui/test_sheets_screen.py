"""The Excel screen: a clerk opens her own ledger, fixes a column mapping, checks, imports, and exports the list."""

from __future__ import annotations

import openpyxl
from sqlalchemy import func, select

from desk.campaigns.model import Event
from desk.db.listing import ListQuery
from desk.office.queries import SUB_OFFICES
from ui.sheets.screen import SheetsScreen

LEDGER = (
    "序号,名称,活动日期,活动类型,地点,人数,备注\r\n"
    "1,“诺廉”签名活动,2020年3月3日,签名活动,永丰广场,400,\r\n"
    "2,妇女议事座谈会,2020-3-5,座谈会,会议室,三十,\r\n"
    "3,三八节晚会,2020.03.08,文艺晚会,文化宫,600,\r\n"
)


def make(qtbot, context) -> SheetsScreen:
    screen = SheetsScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    return screen


def events(context) -> int:
    with context.sessions() as session:
        return session.scalar(select(func.count(Event.id)))


def combo(screen: SheetsScreen, row: int):
    return screen.mapping_table.cellWidget(row, 1)


def test_a_ledger_with_its_own_headers_is_mapped_by_hand_checked_then_imported(qtbot, context, tmp_path):
    path = tmp_path / "活动台账.csv"
    path.write_bytes(LEDGER.encode("gb18030"))
    screen = make(qtbot, context)
    screen.choose_area("events")
    with qtbot.waitSignal(screen.opened):
        screen.open_file(str(path))
    assert combo(screen, 2).currentData() == "held_on"  # 活动日期 recognised
    assert combo(screen, 1).currentData() == ""  # "名称" is not a field of events
    assert screen.check() is None  # refused at once: nothing to wait for
    assert "还没有对应的必填项：活动名称" in screen.summary_label.text()
    assert not screen.import_button.isEnabled()

    combo(screen, 1).setCurrentIndex(combo(screen, 1).findData("title"))
    combo(screen, 5).setCurrentIndex(combo(screen, 5).findData("participants"))
    with qtbot.waitSignal(screen.checked):
        screen.check()
    assert screen.problem_table.rowCount() == 1
    cells = [screen.problem_table.item(0, column).text() for column in range(3)]
    assert cells == ["3", "F（人数）", "参加人数应为整数"]
    assert "可导入 2 条" in screen.summary_label.text()
    assert events(context) == 0  # the check wrote nothing

    screen.strict_check.setChecked(True)
    assert not screen.import_button.isEnabled()
    screen.strict_check.setChecked(False)
    with qtbot.waitSignal(context.data_changed):
        screen.import_button.click()
    assert events(context) == 2
    assert "已导入" in screen.summary_label.text()


def test_template_and_export_buttons_write_files(qtbot, context, tmp_path):
    screen = make(qtbot, context)
    screen.choose_area("petitions")
    screen.save_template(str(tmp_path / "t.xlsx"))
    headers = [cell.value for cell in openpyxl.load_workbook(tmp_path / "t.xlsx").worksheets[0][1]]
    assert headers[:3] == ["来源方式", "收到日期", "匿名"]
    from desk.petitions.service import save_petition

    with context.sessions.begin() as session:
        save_petition(session, context.actor, None, {
            "channel": "visit", "received_on": "2020-03-04", "petitioner_name": "李秀梅", "category": "marriage",
            "summary": "反映丈夫不给生活费", "first_receiver": "黄丽", "status": "received", "phone": "13877512345",
        })
    with qtbot.waitSignal(screen.exported):
        screen.export_list(str(tmp_path / "e.xlsx"))
    assert "已导出 1 条记录" in screen.summary_label.text()
    sheet = openpyxl.load_workbook(tmp_path / "e.xlsx").worksheets[0]
    assert (sheet["A1"].value, sheet["C2"].value) == ("收到日期", "李*梅")
    screen.records_check.setChecked(True)
    with qtbot.waitSignal(screen.exported):
        screen.export_list(str(tmp_path / "r.xlsx"))
    row = [cell.value for cell in openpyxl.load_workbook(tmp_path / "r.xlsx").worksheets[0][2]]
    assert row[3:6] == ["李*梅", None, "138****2345"]  # the template's columns, masked for this clerk


def test_record_screens_get_excel_buttons_that_export_as_filtered_and_import(qtbot, context, tmp_path):
    from desk.office.service import save_sub_office
    from ui.common.record_screen import RecordScreen
    from ui.offices.screen import SPEC
    from ui.sheets.buttons import ImportDialog, export_screen_list

    with context.sessions.begin() as session:
        for name, code in (("塘岸镇妇联", "450981101"), ("民安镇妇联", "450981102")):
            save_sub_office(session, context.actor, None, {"name": name, "code": code, "level": "town"})
    screen = RecordScreen(context, SPEC)
    qtbot.addWidget(screen)
    assert screen.export_excel_button.text() == "导出Excel…"
    screen.search_edit.setText("450981102")
    screen.refresh()
    operation = export_screen_list(screen, str(tmp_path / "o.xlsx"))
    with qtbot.waitSignal(operation.succeeded) as blocker:
        pass
    assert blocker.args == [1] and "已导出 1 条记录" in screen.count_label.text()
    sheet = openpyxl.load_workbook(tmp_path / "o.xlsx").worksheets[0]
    assert [cell.value for cell in sheet[2]][:3] == ["民安镇妇联", "450981102", "镇(街道)"]

    path = tmp_path / "下级组织.csv"
    path.write_text("名称,代码,层级,上级组织\n六靖镇妇联,450981103,镇(街道),\n大坡外村妇代会,450981103201,村(社区),六靖镇妇联\n",
                    encoding="utf-8-sig")
    dialog = ImportDialog(screen, "offices", screen)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sheets.opened):
        dialog.sheets.open_file(str(path))
    with qtbot.waitSignal(dialog.sheets.checked):
        dialog.sheets.check()
    # The village's parent is registered by the row above it, in the same transaction.
    assert dialog.sheets.problem_table.rowCount() == 0
    assert "可导入 2 条" in dialog.sheets.summary_label.text()
    screen.search_edit.setText("")
    with qtbot.waitSignal(dialog.sheets.imported):
        dialog.sheets.import_now()
    assert screen.model.rowCount() == 4  # the screen behind the dialog shows the imported offices
    with context.sessions() as session:
        rows = {row["name"]: row["parent_name"] for row in SUB_OFFICES.rows(session, ListQuery())}
    assert rows["大坡外村妇代会"] == "六靖镇妇联"
