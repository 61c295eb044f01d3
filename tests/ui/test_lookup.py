"""Choosing an award's event by typing: the form loads no list of events, the matches come as the clerk types."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import func, select

from desk.awards.model import Award
from desk.campaigns.service import save_event
from desk.directory.service import remember_units
from desk.relief.beneficiaries import save_beneficiary
from ui.awards.screen import AwardsScreen
from ui.common.lookup import LookupEditor, SuggestEditor
from ui.relief.screen import ReliefScreen


def type_chinese(widget, text: str) -> None:
    for char in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier)


def add_event(context, title: str, held_on: str) -> str:
    with context.sessions.begin() as session:
        return save_event(session, context.actor, None, {
            "kind": "forum", "title": title, "held_on": dt.date.fromisoformat(held_on), "place": "会议室",
        })


@pytest.mark.qt_log_ignore("This plugin does not support")  # the completer's popup, offscreen
def test_the_award_form_finds_an_event_by_typing_and_shows_a_chosen_one(qtbot, context):
    add_event(context, "三八节表彰大会", "2020-03-08")
    add_event(context, "巾帼建功推进会", "2020-05-20")
    screen = AwardsScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    editor = screen.awards.form.editor("event_id")
    assert isinstance(editor, LookupEditor) and editor.model.rowCount() == 0  # nothing loaded on opening
    editor.setFocus()
    with qtbot.waitSignal(editor.searched, timeout=10_000) as blocker:
        type_chinese(editor, "三八")
    assert blocker.args[0] == ["2020-03-08 三八节表彰大会"]
    editor.choose("2020-03-08 三八节表彰大会")
    assert editor.value() and editor.text() == "2020-03-08 三八节表彰大会"
    chosen = editor.value()
    editor.set_value("")
    assert editor.text() == "" and editor.value() == ""
    editor.set_value(chosen)
    assert editor.text() == "2020-03-08 三八节表彰大会"  # a saved value shows its label: one row read by id
    with context.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Award)) == 0


def press(key) -> None:
    """Press ``key`` where a real keyboard sends it: to the open list, else to the focus widget."""
    target = QApplication.activePopupWidget() or QApplication.focusWidget()
    QTest.keyClick(target, key)


def add_beneficiary(context, name: str) -> str:
    with context.sessions.begin() as session:
        return save_beneficiary(session, context.actor, None, {"name": name, "sex": "F", "group": "spring_bud"})


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_stipend_line_takes_a_beneficiary_by_keyboard_only(qtbot, context):
    first = add_beneficiary(context, "李秀梅")
    second = add_beneficiary(context, "李秀英")
    third = add_beneficiary(context, "黄丽")
    screen = ReliefScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    screen.setCurrentWidget(screen.stipends)
    stipends = screen.stipends
    stipends.new_record(ask=False)
    grid = stipends.form.editor("lines")
    grid.setFocus()
    grid.setCurrentCell(0, 0)
    type_chinese(grid, "李")  # the first character opens the cell's editor and lands in it
    editor = QApplication.focusWidget()
    assert isinstance(editor, LookupEditor)
    with qtbot.waitSignal(editor.searched, timeout=10_000) as blocker:
        type_chinese(editor, "秀")
    assert blocker.args[0] == ["李秀梅", "李秀英"]  # no ID numbers: the name alone
    qtbot.waitUntil(lambda: editor.completer_.popup().isVisible())
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)  # takes the highlighted one and moves to the amount
    assert (grid.currentRow(), grid.currentColumn()) == (0, 1)
    assert grid.value()[0]["beneficiary_id"] == second and grid.item(0, 0).text() == "李秀英"
    QTest.keyClicks(QApplication.focusWidget(), "500")
    press(Qt.Key.Key_Return)
    # A full name and Enter take her without the list; a name that fits two people is refused.
    type_chinese(grid, "黄丽")
    press(Qt.Key.Key_Return)
    assert grid.value()[1]["beneficiary_id"] == third and grid.item(1, 0).text() == "黄丽"
    press(Qt.Key.Key_Return)  # to the amount of the second line
    press(Qt.Key.Key_Return)  # the blank amount ends the line
    type_chinese(grid, "李秀")
    press(Qt.Key.Key_Return)
    assert [row["beneficiary_id"] for row in grid.value()] == [second, third]
    assert first not in {row["beneficiary_id"] for row in grid.value()}


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_unit_is_suggested_as_typed_and_taken_with_arrow_and_enter(qtbot, context):
    with context.sessions.begin() as session:
        remember_units(session, context.actor, ["市纪委", "市委组织部", "县纪委"])
    screen = AwardsScreen(context)
    qtbot.addWidget(screen)
    screen.resize(1366, 768)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    editor = screen.awards.form.editor("awarding_body")
    assert isinstance(editor, SuggestEditor) and editor.model.rowCount() == 0  # nothing loaded on opening
    editor.setFocus()
    with qtbot.waitSignal(editor.searched, timeout=10_000) as blocker:
        type_chinese(editor, "纪委")
    assert blocker.args[0] == ["县纪委", "市纪委"]
    qtbot.waitUntil(lambda: editor.completer_.popup().isVisible())
    press(Qt.Key.Key_Down)
    press(Qt.Key.Key_Return)
    assert editor.value() == "县纪委"
    assert QApplication.focusWidget() is not editor  # Enter took it and moved on
