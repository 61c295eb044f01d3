"""Choosing an award's event by typing: the form loads no list of events, the matches come as the clerk types."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from sqlalchemy import func, select

from desk.awards.model import Award
from desk.campaigns.service import save_event
from ui.awards.screen import AwardsScreen
from ui.common.lookup import LookupEditor


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
