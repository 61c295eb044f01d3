"""The 维权信访 screen: a clerk types a phone petition, a referral and a reply; overdue rows on a fixed clock."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QBrush
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication

from desk.petitions.service import save_petition
from tests.helpers import type_text
from ui.common import record_screen
from ui.petitions.screen import make_screen

CLOCK = lambda: dt.date(2020, 6, 30)  # noqa: E731


def make(qtbot, context, clock=CLOCK):
    screen = make_screen(context, clock)
    qtbot.addWidget(screen)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    return screen


def choose(combo, value):
    combo.setCurrentIndex(combo.findData(value))


def set_date(editor, day):
    editor.setDate(QDate(day.year, day.month, day.day))  # what picking in the calendar does


def edit_cell(grid, row, column, text):
    grid.setCurrentCell(row, column)
    grid.editItem(grid._item(row, column))
    editor = QApplication.focusWidget()
    type_text(editor, text)
    grid.commitData(editor)
    grid.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def pick_cell(grid, row, column, value):
    grid.setCurrentCell(row, column)
    grid.editItem(grid._item(row, column))
    editor = QApplication.focusWidget()
    editor.setCurrentIndex(editor.findData(value))
    grid.commitData(editor)
    grid.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def cell(screen, row, key):
    number = next(n for n, column in enumerate(screen.model.columns) if column.key == key)
    return screen.model.data(screen.model.index(row, number))


def test_a_clerk_enters_a_phone_petition_a_referral_and_a_reply(qtbot, qtmodeltester, context):
    screen = make(qtbot, context)
    form = screen.form
    choose(form.editor("channel"), "call")
    set_date(form.editor("received_on"), dt.date(2020, 6, 2))
    type_text(form.editor("petitioner_name"), "王小花")
    type_text(form.editor("phone"), "13807751234")
    type_text(form.editor("address"), "北流市塘岸镇独竹村")
    choose(form.editor("category"), "violence")
    type_text(form.editor("summary"), "丈夫酗酒后殴打，请求妇联帮助")
    type_text(form.editor("first_receiver"), "李秀梅")
    QTest.keyClick(form.editor("first_receiver"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert screen.status_label.text() == "已保存"
    assert cell(screen, 0, "petitioner") == "王*花" and cell(screen, 0, "channel") == "来电"
    assert cell(screen, 0, "status") == "已受理"
    assert "来电 1" in screen.stats_label.text() and "处理答复率 0%" in screen.stats_label.text()
    qtmodeltester.check(screen.model)

    grid = form.editor("steps")
    edit_cell(grid, 0, 0, "2020-06-03")
    pick_cell(grid, 0, 1, "referred")
    edit_cell(grid, 0, 2, "李秀梅")
    edit_cell(grid, 0, 3, "市公安局")
    edit_cell(grid, 0, 4, "转城区派出所处理")
    set_date(form.editor("reply_on"), dt.date(2020, 6, 9))
    type_text(form.editor("reply"), "派出所已出警告诫，当事人表示满意")
    QTest.keyClick(form.editor("reply"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert screen.status_label.text() == "已保存"
    assert cell(screen, 0, "status") == "已答复"
    assert "已答复 1 件" in screen.stats_label.text() and "处理答复率 100%" in screen.stats_label.text()
    assert form.values()["steps"][0]["unit"] == "市公安局"
    assert form.values()["phone"] == "13807751234"  # the full record on the form only


def test_problems_show_on_fields_and_grid_cells_and_typing_stays(qtbot, context):
    screen = make(qtbot, context)
    form = screen.form
    set_date(form.editor("received_on"), dt.date(2020, 6, 15))
    assert form.editor("reception_day").value() is True  # marked as soon as the date is picked
    type_text(form.editor("petitioner_name"), "王小花")
    type_text(form.editor("summary"), "土地补偿款被扣")
    grid = form.editor("steps")
    edit_cell(grid, 0, 0, "2020-06-16")
    pick_cell(grid, 0, 1, "referred")
    assert not screen.save_record()
    assert form.problem_labels["leader"].text() == "15日是领导接访日，请填写接访领导"
    assert form.problem_labels["first_receiver"].text() == "请填写首问接访人"
    assert form.problem_labels["category"].text() == "请选择问题类别"
    assert grid.cell_problem(0, "unit") == "转交有关单位时请填写转交单位"
    assert form.values()["summary"] == "土地补偿款被扣"
    assert screen.model.rowCount() == 0


def test_overdue_rows_are_red_counted_and_filtered(qtbot, context):
    with context.sessions.begin() as session:
        for day, status in ((dt.date(2020, 6, 1), "received"), (dt.date(2020, 6, 25), "received")):
            save_petition(session, context.actor, None, {
                "channel": "visit", "received_on": day, "petitioner_name": "李桂兰", "category": "property",
                "summary": "土地权益", "first_receiver": "陈雪芳", "status": status,
            })
    screen = make(qtbot, context)
    assert screen.model.rowCount() == 2
    assert cell(screen, 0, "overdue") == "" and cell(screen, 1, "overdue") == "是"
    assert isinstance(screen.model.data(screen.model.index(1, 0), Qt.ItemDataRole.ForegroundRole), QBrush)
    assert screen.model.data(screen.model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is None
    assert "超期 1 件" in screen.stats_label.text()
    choose(screen.filter_combos["overdue"], "yes")
    assert screen.model.rowCount() == 1 and cell(screen, 0, "received_on") == "2020年6月1日"


def test_delete_asks_and_removes_from_the_list(qtbot, context, monkeypatch):
    with context.sessions.begin() as session:
        save_petition(session, context.actor, None, {
            "channel": "letter", "received_on": dt.date(2020, 5, 6), "petitioner_name": "黄美玲",
            "category": "labour", "summary": "被辞退", "first_receiver": "陈雪芳", "status": "received",
        })
    screen = make(qtbot, context)
    screen.table.selectRow(0)
    assert screen.form.values()["petitioner_name"] == "黄美玲"
    monkeypatch.setattr(record_screen, "confirm", lambda *args: True)
    screen.delete_record()
    assert screen.model.rowCount() == 0 and "共 0 件" in screen.stats_label.text()


def test_the_demo_half_year_shows_the_seed_figures(qtbot, context):
    from desk.petitions.demo import seed_petitions

    with context.sessions.begin() as session:
        seed_petitions(session, context.actor)
    screen = make(qtbot, context)
    assert screen.count_label.text() == "共 79 条"
    assert screen.stats_label.text() == (
        "共 79 件（来访 55、来信 3、来电 21），已答复 79 件，处理答复率 100%，超期 0 件"
    )
    choose(screen.filter_combos["channel"], "letter")
    assert screen.model.rowCount() == 3
