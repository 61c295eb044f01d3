"""The record-screen pattern, exercised through the subordinate office register."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desk.db.listing import ListQuery
from desk.office.queries import SUB_OFFICES
from tests.helpers import clear, type_text
from ui.common import record_screen
from ui.common.messages import Unsaved
from ui.offices.screen import SPEC


def make(qtbot, context):
    screen = record_screen.RecordScreen(context, SPEC)
    qtbot.addWidget(screen)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)  # shortcuts fire only in the active window
    return screen


def names(context):
    with context.sessions() as session:
        return [row["name"] for row in SUB_OFFICES.rows(session, ListQuery())]


def test_model_passes_the_model_tester(qtbot, qtmodeltester, context):
    screen = make(qtbot, context)
    type_text(screen.form.editor("name"), "塘岸镇妇联")
    type_text(screen.form.editor("code"), "450981101")
    assert screen.save_record()
    qtmodeltester.check(screen.model)


def test_a_clerk_types_a_town_office_and_saves_with_ctrl_s(qtbot, context):
    screen = make(qtbot, context)
    qtbot.waitUntil(screen.form.editor("name").hasFocus)  # the cursor starts in the first field
    type_text(screen.form.editor("name"), "塘岸镇妇联")
    QTest.keyClick(screen.form.editor("name"), Qt.Key.Key_Return)  # Enter moves on
    assert screen.form.editor("code").hasFocus()
    type_text(screen.form.editor("code"), "450981101")
    type_text(screen.form.editor("contact_person"), "陈丽华")
    type_text(screen.form.editor("phone"), "0775-6512018")
    assert screen.dirty and screen.form_title.text().endswith("*")
    QTest.keyClick(screen.form.editor("phone"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert names(context) == ["塘岸镇妇联"]
    assert screen.status_label.text() == "已保存"
    assert screen.model.rowCount() == 1
    assert screen.model.data(screen.model.index(0, 0)) == "塘岸镇妇联"
    assert screen.model.data(screen.model.index(0, 2)) == "镇(街道)"
    assert screen.form_title.text() == "编辑下级组织：塘岸镇妇联"


def test_problems_show_inline_in_chinese_and_nothing_is_lost(qtbot, context):
    screen = make(qtbot, context)
    type_text(screen.form.editor("phone"), "12345")
    type_text(screen.form.editor("contact_person"), "陈丽华")
    assert not screen.save_record()
    assert screen.form.problem_labels["name"].text() == "请填写名称"
    assert "电话号码格式不对" in screen.form.problem_labels["phone"].text()
    assert screen.form.values()["contact_person"] == "陈丽华"  # typing kept
    assert names(context) == []
    type_text(screen.form.editor("name"), "塘岸镇妇联")
    type_text(screen.form.editor("code"), "450981101")
    clear(screen.form.editor("phone"))
    assert screen.save_record()
    assert screen.form.problem_labels["name"].text() == ""


def test_leaving_unsaved_typing_asks_first(qtbot, context, monkeypatch):
    screen = make(qtbot, context)
    type_text(screen.form.editor("name"), "塘岸镇妇联")
    type_text(screen.form.editor("code"), "450981101")
    screen.save_record()
    asked = []
    monkeypatch.setattr(record_screen, "ask_unsaved", lambda parent: asked.append(1) or Unsaved.CANCEL)
    type_text(screen.form.editor("contact_person"), "陈丽华")
    QTest.keyClick(screen, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert asked and screen.form.values()["contact_person"] == "陈丽华"  # stayed
    monkeypatch.setattr(record_screen, "ask_unsaved", lambda parent: Unsaved.SAVE)
    screen.new_record()
    assert screen.editing_id is None and screen.form.values()["name"] == ""
    screen.open_record(screen.model.row_id(0))
    assert screen.form.values()["contact_person"] == "陈丽华"  # saved by the answer


def test_escape_throws_away_typing_after_asking(qtbot, context, monkeypatch):
    screen = make(qtbot, context)
    type_text(screen.form.editor("name"), "塘岸镇妇联")
    type_text(screen.form.editor("code"), "450981101")
    screen.save_record()
    type_text(screen.form.editor("name"), "改名")
    monkeypatch.setattr(record_screen, "confirm", lambda *args: True)
    QTest.keyClick(screen.form.editor("name"), Qt.Key.Key_Escape)
    assert screen.form.values()["name"] == "塘岸镇妇联" and not screen.dirty


def test_search_filter_and_delete(qtbot, context, monkeypatch):
    screen = make(qtbot, context)
    for name, code, _level in (("塘岸镇妇联", "450981101", "town"), ("西埌镇妇联", "450981102", "town")):
        screen.new_record(ask=False)
        type_text(screen.form.editor("name"), name)
        type_text(screen.form.editor("code"), code)
        assert screen.save_record()
    screen.new_record(ask=False)
    type_text(screen.form.editor("name"), "独竹村妇联")
    type_text(screen.form.editor("code"), "450981101201")
    screen.form.editor("level").set_value("village")
    screen.form.editor("parent_id").setCurrentIndex(screen.form.editor("parent_id").findText("塘岸镇妇联（450981101）"))
    assert screen.save_record()
    assert screen.model.rowCount() == 3
    type_text(screen.search_edit, "西埌")
    screen.refresh()
    assert screen.model.rowCount() == 1 and screen.count_label.text() == "共 1 条"
    clear(screen.search_edit)
    level = screen.filter_combos["level"]
    level.setCurrentIndex(level.findData("village"))
    assert screen.model.rowCount() == 1
    assert screen.model.data(screen.model.index(0, 3)) == "塘岸镇妇联"
    screen.table.selectRow(0)
    assert screen.form.values()["name"] == "独竹村妇联"
    monkeypatch.setattr(record_screen, "confirm", lambda *args: True)
    screen.delete_record()
    assert screen.model.rowCount() == 0
    assert sorted(names(context)) == ["塘岸镇妇联", "西埌镇妇联"]
