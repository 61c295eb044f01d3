"""The 组织建设 screen: a clerk types the seed's facts into the four tabs and sees what is computed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractItemDelegate, QApplication, QComboBox

from desk.core.people import SEX_FEMALE, make_id_number
from desk.office.service import save_sub_office
from tests.helpers import type_text
from ui.common import record_screen
from ui.common.messages import Unsaved
from ui.organisation.screen import OrganisationScreen


def make(qtbot, context):
    screen = OrganisationScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)  # shortcuts fire only in the active window
    return screen


def ctrl_s(widget):
    QTest.keyClick(widget, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def edit_cell(grid, row, column, text):
    """Type into a grid cell (or pick the entry labelled ``text`` in a choice cell) and leave it."""
    grid.setCurrentCell(row, column)
    grid.editItem(grid.item(row, column) or grid._item(row, column))
    editor = QApplication.focusWidget()
    if isinstance(editor, QComboBox):
        editor.setCurrentIndex(editor.findText(text))
    else:
        type_text(editor, text)
    grid.commitData(editor)
    grid.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


def test_a_clerk_records_the_education_bureau_committee_and_sees_the_credit_code_warning(qtbot, qtmodeltester, context):
    screen = make(qtbot, context)
    tab = screen.organisations
    form = tab.form
    assert form.editor("name").hasFocus()
    type_text(form.editor("name"), "市教育局妇委会")
    QTest.keyClick(form.editor("name"), Qt.Key.Key_Tab)
    assert form.editor("org_type").hasFocus()  # Tab order is reading order
    type_text(form.editor("host_unit"), "市教育局")
    type_text(form.editor("credit_code"), "11450981007564213A")  # last character mistyped: D is right
    form.editor("set_up_on").set_value(dt.date(2020, 4, 16))
    type_text(form.editor("chair"), "韦丽萍")
    type_text(form.editor("member_count"), "7")
    ctrl_s(form.editor("member_count"))
    assert tab.editing_id is not None  # saved despite the failing check
    assert tab.status_label.text().startswith("已保存。注意：统一社会信用代码校验位不符：按GB 32100最后一位应为D，输入的是A")
    note = form.editor("credit_check")
    assert note.isVisible() and "校验位不符" in note.text()
    model = tab.model
    assert model.rowCount() == 1
    assert [model.data(model.index(0, column)) for column in range(4)] == ["市教育局妇委会", "妇委会", "市教育局", "机关"]
    assert model.data(model.index(0, 6)) == "本级"
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole).color() == QColor("#b00020")  # the row is marked red
    qtmodeltester.check(model)
    form.editor("credit_code").clear()
    type_text(form.editor("credit_code"), "11450981007564213D")
    ctrl_s(form.editor("credit_code"))
    assert tab.status_label.text() == "已保存" and not note.isVisible()


def test_a_clerk_types_an_assessment_year_and_sees_ratings_and_ranking(qtbot, context, actor):
    with context.sessions.begin() as session:
        for number, name in enumerate(("北流镇妇联", "塘岸镇妇联", "西埌镇妇联")):
            save_sub_office(session, actor, None, {"name": name, "code": f"45098110{number}", "level": "town"})
    screen = make(qtbot, context)
    screen.tabs.setCurrentIndex(1)
    tab = screen.assessments
    form = tab.form
    assert form.editor("year").text() == "2019"
    assert form.editor("thresholds").text() == "优秀：90分及以上；称职：60分及以上；其余为不称职"
    type_text(form.editor("title"), "2019年度镇(街道)妇联目标责任制考核")
    form.editor("assessed_on").set_value(dt.date(2020, 1, 16))
    tasks = form.editor("tasks")
    for row, (task, weight) in enumerate((("组织建设", "60"), ("维权信访", "30"))):
        edit_cell(tasks, row, 0, task)
        edit_cell(tasks, row, 1, weight)
    scores = form.editor("scores")
    for row, (office, score, consequence) in enumerate(
        (("北流镇妇联", "78", ""), ("塘岸镇妇联", "93", "奖励"), ("西埌镇妇联", "55", "诫勉谈话"))
    ):
        edit_cell(scores, row, 0, office)
        edit_cell(scores, row, 1, score)
        if consequence:
            edit_cell(scores, row, 2, consequence)
    ranking = form.editor("ranking")
    assert ranking.texts()[0] == ["1", "塘岸镇妇联", "93", "优秀", "奖励"]  # shown while typing
    ctrl_s(form.editor("title"))
    assert tab.editing_id is None
    assert form.problem_labels["tasks"].text() == "各项任务分值合计应为100分，现为90分"
    assert form.values()["title"] == "2019年度镇(街道)妇联目标责任制考核"  # nothing lost
    edit_cell(tasks, 1, 1, "40")
    ctrl_s(form.editor("title"))
    assert tab.status_label.text() == "已保存"
    assert ranking.texts() == [
        ["1", "塘岸镇妇联", "93", "优秀", "奖励"],
        ["2", "北流镇妇联", "78", "称职", ""],
        ["3", "西埌镇妇联", "55", "不称职", "诫勉谈话"],
    ]
    model = tab.model
    assert [model.data(model.index(0, column)) for column in (0, 3, 4, 5, 6)] == ["2019", "3", "1", "1", "1"]


def test_a_duplicate_office_is_marked_on_its_cell(qtbot, context, actor):
    with context.sessions.begin() as session:
        save_sub_office(session, actor, None, {"name": "北流镇妇联", "code": "450981100", "level": "town"})
    screen = make(qtbot, context)
    screen.tabs.setCurrentIndex(1)
    form = screen.assessments.form
    type_text(form.editor("title"), "考核")
    edit_cell(form.editor("tasks"), 0, 0, "全部工作")
    edit_cell(form.editor("tasks"), 0, 1, "100")
    for row in (0, 1):
        edit_cell(form.editor("scores"), row, 0, "北流镇妇联")
        edit_cell(form.editor("scores"), row, 1, "90")
    assert not screen.save_record()
    assert form.editor("scores").cell_problem(1, "office_id") == "“北流镇妇联”已在第1行评分"
    assert form.problem_labels["scores"].text() == "评分第2行：“北流镇妇联”已在第1行评分"


def test_a_pooled_woman_and_her_recommendation(qtbot, context):
    screen = make(qtbot, context)
    screen.tabs.setCurrentIndex(2)
    tab = screen.cadres
    form = tab.form
    type_text(form.editor("name"), "黄秋菊")
    type_text(form.editor("id_number"), make_id_number("450981", dt.date(1978, 5, 14), 41, SEX_FEMALE))
    type_text(form.editor("work_unit"), "市教育局")
    type_text(form.editor("post"), "办公室主任")
    grid = form.editor("recommendations")
    edit_cell(grid, 0, 0, "2020-05-12")
    edit_cell(grid, 0, 1, "市教育局副局长")
    edit_cell(grid, 0, 3, "已任用")
    ctrl_s(form.editor("post"))
    assert tab.status_label.text() == "已保存"
    model = tab.model
    assert [model.data(model.index(0, column)) for column in (0, 1, 2, 6)] == ["黄*菊", "妇女干部", "市教育局", "1"]
    assert form.values()["sex"] == "F"  # taken from the ID number


def test_switching_tabs_with_unsaved_typing_asks_first(qtbot, context, monkeypatch):
    screen = make(qtbot, context)
    type_text(screen.organisations.form.editor("name"), "市档案局妇委会")
    monkeypatch.setattr(record_screen, "ask_unsaved", lambda parent: Unsaved.CANCEL)
    screen.tabs.setCurrentIndex(3)
    assert screen.tabs.currentIndex() == 0 and screen.has_unsaved_changes()
    assert screen.organisations.form.values()["name"] == "市档案局妇委会"
    monkeypatch.setattr(record_screen, "ask_unsaved", lambda parent: Unsaved.DISCARD)
    screen.tabs.setCurrentIndex(3)
    assert screen.current() is screen.indicators and not screen.has_unsaved_changes()
    form = screen.indicators.form
    type_text(form.editor("indicator"), "信访处理答复率")
    type_text(form.editor("target"), "100%")
    type_text(form.editor("leader"), "覃秀珍")
    ctrl_s(form.editor("target"))
    assert screen.indicators.model.data(screen.indicators.model.index(0, 1)) == "信访处理答复率"
    assert screen.indicators.model.data(screen.indicators.model.index(0, 4)) == "推进中"
    QTest.keyClick(screen.tabs.tabBar(), Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)  # tabs by Alt+number
    assert screen.current() is screen.assessments
    assert screen.assessments.form.editor("year").hasFocus()  # the shown form gets the cursor
