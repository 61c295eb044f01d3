"""The home and reports screens with the areas plugged in: figures, overdue petitions, generated sentences."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desk.awards.model import HonourTitle
from desk.awards.service import ensure_catalogue, save_award
from desk.petitions.service import save_petition
from tests.ui.test_reports_screen import choose_section, make
from ui.home.screen import HomeScreen


def test_home_shows_each_areas_figures_and_an_overdue_petition(qtbot, context, database, actor):
    screen = HomeScreen(context)
    qtbot.addWidget(screen)
    screen.show()  # the figures are read once the screen is shown
    qtbot.waitUntil(lambda: bool(screen.group_boxes), timeout=30000)
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
    qtbot.waitUntil(lambda: not screen.loading, timeout=30000)  # read again off the GUI thread
    texts = screen.figure_texts()
    assert texts["petitions"][:2] == [("信访总数", "1件（次）"), ("来信 / 来电", "1件 / 0件（次）")]
    assert any("有1件信访已超过办理期限" in label.text() for label in screen.attention_labels)


def test_the_reports_screen_shows_an_awards_sentence_and_where_it_prints(qtbot, context, database, actor):
    with database.sessions.begin() as session:
        ensure_catalogue(session, actor)
        title = session.scalars(select(HonourTitle.id).where(HonourTitle.name == "三八红旗集体", HonourTitle.level == "city")).one()
        save_award(session, actor, None, {"title_id": title, "awardee_name": "市人民医院", "awarding_body": "北流市人民政府",
                                          "awarded_on": dt.date(2020, 3, 3)})
    screen = make(qtbot, context)
    choose_section(screen, "overview")
    assert screen.narratives.sentences_view.text() == "市人民医院荣获市“三八”红旗集体光荣称号。"
    assert "第一段末尾" in screen.narratives.sentences_label.text()
    choose_section(screen, "rights")
    assert "本部分开头" in screen.narratives.sentences_label.text()
