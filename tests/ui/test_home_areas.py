"""The home screen with the areas' figures: a petition typed in shows in the figures and, past its deadline, under 需要注意."""

from __future__ import annotations

import datetime as dt

from desk.petitions.service import save_petition
from ui.home.screen import HomeScreen


def test_home_shows_each_areas_figures_and_an_overdue_petition(qtbot, context, database, actor):
    screen = HomeScreen(context)
    qtbot.addWidget(screen)
    texts = screen.figure_texts()
    assert {"campaigns", "awards", "relief", "petitions", "training"} <= set(texts)
    assert texts["petitions"][0] == ("信访总数", "0件（次）")
    assert not any("超过办理期限" in label.text() for label in screen.attention_labels)
    with database.sessions.begin() as session:
        save_petition(session, actor, None, {
            "channel": "letter", "received_on": dt.date(2020, 2, 3), "petitioner_name": "王小花", "sex": "F",
            "phone": "13807751234", "category": "marriage", "summary": "离婚后子女抚养费未按时支付", "first_receiver": "李秀梅",
            "status": "received",
        })
    context.data_changed.emit("petitions")
    texts = screen.figure_texts()
    assert texts["petitions"][:2] == [("信访总数", "1件（次）"), ("来信 / 来电", "1件 / 0件（次）")]
    assert any("有1件信访已超过办理期限" in label.text() for label in screen.attention_labels)
