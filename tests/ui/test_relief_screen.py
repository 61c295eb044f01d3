"""The 慰问帮扶 screen: a clerk types the seed's visit, beneficiaries and a stipend batch."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication, QComboBox

from desk.core.people import SEX_FEMALE, make_id_number
from desk.core.periods import parse_period
from desk.office.scope import office_scope
from desk.relief.stats import stipend_stats, visit_stats
from tests.helpers import clear, type_text
from ui.relief.screen import ReliefScreen

# The goods column suggests items in a completer popup; the offscreen platform cannot raise
# popups or grab the keyboard and says so. That is the test platform talking, not the screen.
pytestmark = pytest.mark.qt_log_ignore(r"This plugin does not support (raise\(\)|grabbing the keyboard)")

BIRTH = dt.date(2010, 6, 1)
GOOD_ID = make_id_number("450981", BIRTH, 7, SEX_FEMALE)


def make(qtbot, context):
    screen = ReliefScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1200, 800)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)  # shortcuts fire only in the active window
    return screen


def edit_cell(grid, row, column, text):
    """Type into one grid cell the way a clerk does: open the editor, type, leave the cell."""
    grid.setCurrentCell(row, column)
    grid.editItem(grid.item(row, column) or grid._item(row, column))
    editor = QApplication.focusWidget()
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(editor.findText(text, Qt.MatchFlag.MatchContains))
    else:
        type_text(editor, text)
    grid.commitData(editor)
    grid.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def test_a_clerk_types_a_children_day_visit_and_sees_the_totals(qtbot, qtmodeltester, context):
    screen = make(qtbot, context)
    tab = screen.visits
    form = tab.form
    form.editor("visit_date").setDate(QDate(2020, 5, 29))
    type_text(form.editor("title"), "六一慰问塘岸镇独竹村留守儿童")
    type_text(form.editor("places"), "塘岸镇独竹村")
    leaders = form.editor("leaders")
    edit_cell(leaders, 0, 0, "刘良芬")
    edit_cell(leaders, 0, 1, "市人大副主任")
    edit_cell(form.editor("units"), 0, 0, "市妇儿工委办")
    groups = form.editor("groups")
    edit_cell(groups, 0, 0, "留守儿童")
    edit_cell(groups, 0, 1, "45")
    edit_cell(groups, 1, 0, "单亲困难家庭儿童")
    edit_cell(groups, 1, 1, "12")
    goods = form.editor("goods")
    for row, (item, quantity, unit, value) in enumerate(
        (("书包", "57", "个", "5700"), ("字典", "57", "本", "2280"), ("毛巾被", "20", "床", "1600"))
    ):
        edit_cell(goods, row, 0, item)
        edit_cell(goods, row, 1, quantity)
        edit_cell(goods, row, 2, unit)
        edit_cell(goods, row, 3, value)
    type_text(form.editor("cash_fen"), "2850")
    summary = form.editor("summary").text()
    assert summary == "慰问57人；物品价值9,580.00元，慰问金2,850.00元，合计12,430.00元（1.24万元）"
    assert tab.dirty
    QTest.keyClick(form.editor("cash_fen"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert tab.status_label.text() == "已保存"
    model = tab.model
    assert model.rowCount() == 1
    row = [model.data(model.index(0, column)) for column in range(model.columnCount())]
    assert row == ["2020年5月29日", "六一慰问塘岸镇独竹村留守儿童", "塘岸镇独竹村", "12,430.00元", "57"]
    qtmodeltester.check(model)
    assert form.editor("summary").text() == summary  # reopened from the database, same totals
    with context.sessions() as session:
        stats = visit_stats(session, parse_period("2020H1"), office_scope(session))
    assert (stats.left_behind, stats.single_parent, stats.goods_fen) == (45, 12, 958_000)
    QTest.keyClick(form.editor("title"), Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert tab.editing_id is None and form.editor("summary").text().startswith("慰问0人")
    edit_cell(form.editor("leaders"), 0, 0, "刘良芬")
    assert form.editor("leaders").value() == [{"name": "刘良芬", "post": "市人大副主任"}]  # remembered post


def test_bad_goods_lines_are_marked_and_typing_is_kept(qtbot, context):
    screen = make(qtbot, context)
    form = screen.visits.form
    type_text(form.editor("title"), "六一慰问")
    goods = form.editor("goods")
    edit_cell(goods, 0, 0, "书包")
    edit_cell(goods, 0, 1, "五十")
    assert not screen.save_record()
    assert form.problem_text("goods") == "第1行：数量应为整数"
    assert goods.cell_problem(0, "quantity") == "数量应为整数"
    assert form.problem_text("groups") == "请至少填写一个帮扶类别及人数"
    assert goods.value()[0]["item"] == "书包" and form.values()["title"] == "六一慰问"


def test_wrong_check_digit_and_disagreeing_birth_date_are_refused(qtbot, context):
    screen = make(qtbot, context)
    screen.setCurrentIndex(1)
    tab = screen.beneficiaries
    form = tab.form
    type_text(form.editor("name"), "王小花")
    wrong = GOOD_ID[:17] + ("0" if GOOD_ID[17] != "0" else "1")
    type_text(form.editor("id_number"), wrong)
    type_text(form.editor("school"), "西埌镇木棉村中心小学")
    QTest.keyClick(form.editor("school"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert form.problem_text("id_number") == f"身份证号码校验位错误：最后一位应为{GOOD_ID[17]}，输入的是{wrong[17]}"
    assert tab.model.rowCount() == 0
    clear(form.editor("id_number"))
    type_text(form.editor("id_number"), GOOD_ID)
    form.editor("birth_date").setDate(QDate(2010, 6, 2))
    assert not screen.save_record()
    assert form.problem_text("birth_date") == "出生日期与身份证号码不符：身份证号码中为2010-06-01"
    assert form.problem_text("id_number") == ""
    form.editor("birth_date").setDate(QDate(2010, 6, 1))
    assert screen.save_record()
    assert tab.model.data(tab.model.index(0, 0)) == "王*花"  # masked in the list
    assert tab.model.data(tab.model.index(0, 2)) == GOOD_ID[:4] + "*" * 10 + GOOD_ID[-4:]
    assert form.values()["name"] == "王小花" and form.values()["id_number"] == GOOD_ID  # full on the form
    screen.new_record()
    type_text(form.editor("name"), "王小红")
    type_text(form.editor("id_number"), GOOD_ID)
    assert not screen.save_record()
    assert form.problem_text("id_number") == "该身份证号码已登记：王小花（2010年6月1日，—）"


def test_a_stipend_batch_shows_totals_and_lands_in_the_girls_history(qtbot, context):
    screen = make(qtbot, context)
    screen.setCurrentIndex(1)
    for number, name in enumerate(("李春燕", "陈秀兰")):
        screen.new_record()
        type_text(screen.beneficiaries.form.editor("name"), name)
        type_text(screen.beneficiaries.form.editor("id_number"), make_id_number("450981", BIRTH, number, SEX_FEMALE))
        assert screen.save_record()
    screen.setCurrentIndex(2)
    form = screen.stipends.form
    type_text(form.editor("programme"), "春蕾计划扶助款")
    form.editor("pay_date").setDate(QDate(2020, 5, 30))
    type_text(form.editor("fund_source"), "社会募捐")
    lines = form.editor("lines")
    edit_cell(lines, 0, 0, "李春燕")
    edit_cell(lines, 0, 1, "250")
    edit_cell(lines, 1, 0, "陈秀兰")
    edit_cell(lines, 1, 1, "200")
    assert form.editor("summary").text() == "共2人，合计450.00元（0.05万元）"
    QTest.keyClick(form.editor("fund_source"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert screen.stipends.status_label.text() == "已保存"
    assert screen.stipends.count_label.text() == "共 1 批；发放 2 人，合计 450.00元（0.05万元）"
    with context.sessions() as session:
        assert stipend_stats(session, parse_period("2020H1"), office_scope(session)).amount_fen == 45_000
    screen.setCurrentIndex(1)
    tab = screen.beneficiaries
    tab.table.selectRow([tab.model.data(tab.model.index(r, 0)) for r in range(2)].index("李*燕"))
    assert tab.form.values()["name"] == "李春燕"
    assert tab.form.editor("history").row_texts() == [("2020年5月30日", "扶助款：春蕾计划扶助款", "250.00元")]


def test_switching_tabs_or_leaving_with_unsaved_typing_asks(qtbot, context, monkeypatch):
    from ui.common import record_screen
    from ui.common.messages import Unsaved

    screen = make(qtbot, context)
    type_text(screen.visits.form.editor("title"), "春节慰问")
    asked = []
    monkeypatch.setattr(record_screen, "ask_unsaved", lambda parent: asked.append(1) or Unsaved.CANCEL)
    screen.setCurrentIndex(2)
    assert asked and screen.currentIndex() == 0  # stayed on the tab with the typing
    assert screen.has_unsaved_changes()
    assert not screen.maybe_leave()
    assert screen.visits.form.values()["title"] == "春节慰问"
