"""The home screen's scope chooser (本单位 / 本单位及下级) and its month-by-month view."""

from __future__ import annotations

import dataclasses
import datetime as dt

from desk.office.service import save_sub_office
from desk.petitions.service import save_petition
from ui.home.screen import HomeScreen


def test_the_tree_scope_shows_the_offices_below_and_their_overdue_petitions(qtbot, context):
    # a record that came up from 塘岸镇 (origin office 450981101)
    town = dataclasses.replace(context.actor, user="town-clerk", office_code="450981101")
    with context.sessions.begin() as session:
        save_sub_office(session, context.actor, None, {"name": "塘岸镇妇联", "code": "450981101", "level": "town"})
        save_petition(session, town, None, {
            "channel": "letter", "received_on": dt.date(2020, 2, 3), "anonymous": True, "category": "marriage",
            "summary": "反映家庭矛盾", "first_receiver": "陈丽华", "status": "received"})
    screen = HomeScreen(context)
    qtbot.addWidget(screen)
    screen.show()  # the figures are read once the screen is shown
    qtbot.waitUntil(lambda: bool(screen.group_boxes), timeout=30000)
    assert screen.scope_combo.currentText() == "本单位"
    assert dict(screen.figure_texts()["petitions"])["信访总数"] == "0件（次）"
    assert not any("信访已超过办理期限" in label.text() for label in screen.attention_labels)
    petitions = dict(screen.month_chart.series)["信访（件次）"]
    assert [value for _month, value in petitions] == [0, 0, 0, 0, 0, 0]
    screen.scope_combo.setCurrentIndex(1)  # 本单位及下级
    qtbot.waitUntil(lambda: not screen.loading, timeout=30000)  # read again off the GUI thread
    assert screen.scope_combo.currentText() == "本单位及下级"
    assert dict(screen.figure_texts()["petitions"])["信访总数"] == "1件（次）"
    assert any("有1件信访已超过办理期限" in label.text() for label in screen.attention_labels)
    petitions = dict(screen.month_chart.series)["信访（件次）"]
    assert [(month, value) for month, value in petitions][:2] == [("1月", 0), ("2月", 1)]
    assert "信访（件次）: 1月 0, 2月 1" in screen.month_chart.accessibleDescription()
