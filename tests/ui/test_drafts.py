"""Half-typed forms are kept aside and offered back after a crash; saved or discarded ones are forgotten."""

from __future__ import annotations

import datetime as dt

from desk.drafts.service import find_drafts, keep_draft
from tests.helpers import type_text
from ui.common import record_screen
from ui.common.messages import Unsaved
from ui.offices.screen import SPEC


def make(qtbot, context):
    screen = record_screen.RecordScreen(context, SPEC)
    qtbot.addWidget(screen)
    return screen


def drafts(context):
    with context.sessions() as session:
        return find_drafts(session, context.actor.user, SPEC.key)


def test_typing_is_kept_aside_and_offered_back_after_a_crash(qtbot, context):
    screen = make(qtbot, context)
    type_text(screen.form.editor("name"), "塘岸镇妇联")
    type_text(screen.form.editor("contact_person"), "陈丽华")
    with qtbot.waitSignal(screen.drafts.timer.timeout, timeout=5000):
        pass
    kept = drafts(context)
    assert len(kept) == 1 and kept[0].record_id is None
    assert kept[0].values["name"] == "塘岸镇妇联" and kept[0].values["contact_person"] == "陈丽华"

    # the program died here; the next start shows the banner and restores the typing
    screen.dirty = False
    again = make(qtbot, context)
    assert not again.drafts.banner.isHidden()
    assert "1 份上次没有保存的输入" in again.drafts.banner.message_label.text()
    again.drafts.restore_newest()
    assert again.form.values()["contact_person"] == "陈丽华" and again.dirty
    type_text(again.form.editor("code"), "450981101")
    assert again.save_record()
    assert drafts(context) == [] and again.drafts.banner.isHidden()


def test_drafts_keep_dates_and_lines_and_are_dropped_when_discarded(qtbot, context, monkeypatch):
    with context.sessions.begin() as session:
        keep_draft(session, context.actor.user, SPEC.key, None,
                   {"when": dt.date(2020, 3, 3), "lines": [{"item": "奶粉", "quantity": 20}], "password": "x"})
    kept = drafts(context)[0].values
    assert kept == {"when": dt.date(2020, 3, 3), "lines": [{"item": "奶粉", "quantity": 20}]}  # never a password
    screen = make(qtbot, context)
    type_text(screen.form.editor("name"), "西埌镇妇联")
    screen.drafts.write()
    monkeypatch.setattr(record_screen, "ask_unsaved", lambda parent: Unsaved.DISCARD)
    screen.new_record()
    assert drafts(context) == []
