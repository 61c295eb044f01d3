"""The administrator corrects how the office names itself in print, in the offices screen's second tab."""

from __future__ import annotations

from desk.office.voice import office_voice
from tests.helpers import type_text
from ui.offices.screen import make_screen


def test_the_voice_tab_shows_the_derived_forms_and_keeps_a_correction(qtbot, context):
    screen = make_screen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.setCurrentIndex(1)
    panel = screen.voice
    assert screen.current is panel
    assert [panel.edits[key].placeholderText() for key in ("self_name", "whole", "federation", "prefix")] == [
        "我市", "全市", "市妇联", "市"]
    assert "我市妇联" in panel.intro_label.text()
    type_text(panel.edits["self_name"], "本市")
    assert screen.has_unsaved_changes()
    assert screen.save_record()
    assert not screen.has_unsaved_changes()
    assert "本市" in panel.status_label.text()
    with context.sessions() as session:
        voice = office_voice(session)
    assert (voice.self_name, voice.whole, voice.federation) == ("本市", "全市", "市妇联")


def test_a_too_long_form_is_refused_with_a_message(qtbot, context):
    screen = make_screen(context)
    qtbot.addWidget(screen)
    screen.setCurrentIndex(1)
    screen.voice.edits["whole"].setMaxLength(100)
    type_text(screen.voice.edits["whole"], "全" * 25)
    assert not screen.save_record()
    assert "20" in screen.voice.problem_label.text()
    with context.sessions() as session:
        assert office_voice(session).whole == "全市"
