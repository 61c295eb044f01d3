"""The commendations screen: a clerk adds a title and an award, searches by pinyin initials."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from tests.helpers import type_text
from ui.awards.screen import make_screen


def test_a_clerk_adds_a_title_then_awards_it_and_finds_it_by_initials(qtbot, qtmodeltester, context):
    tabs = make_screen(context)
    qtbot.addWidget(tabs)
    tabs.resize(1200, 800)
    tabs.show()
    tabs.activateWindow()
    qtbot.waitUntil(tabs.isActiveWindow)
    awards, titles = tabs.awards, tabs.titles
    assert titles.model.rowCount() == 10  # the catalogue is there from the start
    tabs.setCurrentIndex(1)
    type_text(titles.form.editor("name"), "维护妇女儿童权益先进集体")
    titles.form.editor("level").setCurrentIndex(titles.form.editor("level").findData("region"))
    QTest.keyClick(titles.form.editor("name"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert titles.status_label.text() == "已保存" and titles.model.rowCount() == 11
    tabs.setCurrentIndex(0)
    form = awards.form
    title = form.editor("title_id")
    title.setCurrentIndex(title.findText("自治区维护妇女儿童权益先进集体（集体）"))
    assert title.currentIndex() > 0  # the new title is offered at once
    type_text(form.editor("awardee_name"), "北流市妇女联合会")
    type_text(form.editor("awarding_body"), "自治区妇儿工委")
    form.editor("received_by_office").setChecked(True)
    QTest.keyClick(form.editor("awardee_name"), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert awards.status_label.text() == "已保存", awards.status_label.text()
    awards.new_record(ask=False)
    title.setCurrentIndex(title.findText("市三八红旗集体（集体）"))
    type_text(form.editor("awardee_name"), "市人民医院")
    type_text(form.editor("post"), "院长")
    assert not awards.save_record()
    assert form.problem_labels["awarding_body"].text() == "请填写授予单位"
    assert form.problem_labels["post"].text() == "“三八红旗集体”授予集体，不填职务"
    form.editor("post").clear()
    type_text(form.editor("awarding_body"), "北流市人民政府")
    assert awards.save_record()
    assert awards.model.rowCount() == 2
    qtmodeltester.check(awards.model)
    type_text(awards.search_edit, "srmyy")
    awards.refresh()
    assert awards.model.rowCount() == 1
    assert awards.model.data(awards.model.index(0, 3)) == "市人民医院"
    assert awards.model.data(awards.model.index(0, 1)) == "市三八红旗集体"
