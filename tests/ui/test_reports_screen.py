"""The reports and home screens: narratives typed and saved, generation in the background with preview and cancel."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton

from desk.core.periods import parse_period
from desk.reports.summary import load_narratives
from tests.helpers import type_text
from ui.common.operations import Operation
from ui.home.screen import HomeScreen
from ui.reports.screen import ReportsScreen

H1 = parse_period("2020H1")


@pytest.fixture
def rights_sentences(reports):
    """A sentence writer in this test's report registry (the context's), seen by no other test."""
    reports.add_sentences("rights", "test", lambda s, p, sc: ["半年来我市妇联共接待来访79件（次）。"])


def make(qtbot, context):
    screen = ReportsScreen(context)
    qtbot.addWidget(screen)
    screen.show()
    screen.activateWindow()
    qtbot.waitUntil(screen.isActiveWindow)
    return screen


def choose_section(screen, key):
    for row in range(screen.narratives.section_list.count()):
        if screen.narratives.section_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
            screen.narratives.section_list.setCurrentRow(row)
            return
    raise AssertionError(key)


def narratives(context):
    with context.sessions() as session:
        return load_narratives(session, H1)


def test_the_clerk_sees_generated_sentences_types_a_narrative_and_saves_with_ctrl_s(qtbot, context, rights_sentences):
    screen = make(qtbot, context)
    choose_section(screen, "rights")
    assert screen.narratives.sentences_view.text() == "半年来我市妇联共接待来访79件（次）。"
    type_text(screen.narratives.narrative_edit, "完善妇女信访接待制度。")
    assert screen.has_unsaved_changes()
    QTest.keyClick(screen.narratives.narrative_edit, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert narratives(context) == {"rights": "完善妇女信访接待制度。"}
    choose_section(screen, "family")
    type_text(screen.narratives.narrative_edit, "深化和谐家庭创建工作。")
    choose_section(screen, "rights")  # switching sections keeps what was typed
    assert narratives(context)["family"] == "深化和谐家庭创建工作。"
    assert screen.narratives.narrative_edit.toPlainText() == "完善妇女信访接待制度。"


def test_text_that_is_too_long_stays_in_the_editor_with_a_message(qtbot, context):
    screen = make(qtbot, context)
    choose_section(screen, "plans")
    screen.narratives.narrative_edit.setPlainText("字" * 20_001)
    choose_section(screen, "family")
    assert screen.narratives.current_key == "plans"  # stayed
    assert screen.narratives.problem_label.text() == "“下阶段工作安排”的文字最多20000个字"
    assert len(screen.narratives.narrative_edit.toPlainText()) == 20_001
    assert not screen.maybe_leave()


def test_generating_the_summary_in_the_background_shows_its_pages(qtbot, context, rights_sentences, tmp_path):
    screen = make(qtbot, context)
    choose_section(screen, "overview")
    type_text(screen.narratives.narrative_edit, "半年来我市妇女工作取得了显著成效。")
    with qtbot.waitSignal(screen.generate_button.clicked, timeout=1000):
        QTest.mouseClick(screen.generate_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: screen.task is None, timeout=30_000)
    assert screen.last_error is None
    assert screen.preview.path is not None and screen.preview.path.read_bytes().startswith(b"%PDF")
    assert "已保存到" in screen.preview.path_label.text()
    if screen.preview.print_button.isEnabled() and __import__("shutil").which("pdftoppm"):
        assert screen.preview.page_count() >= 1
    assert narratives(context)["overview"] == "半年来我市妇女工作取得了显著成效。"  # saved before generating


def test_certificates_without_awards_say_so_and_a_bad_period_is_named(qtbot, context):
    screen = make(qtbot, context)
    screen.report_combo.setCurrentIndex(2)
    assert screen.options_stack.currentWidget() is screen.certificates_page
    screen.generate()
    qtbot.waitUntil(lambda: screen.task is None, timeout=30_000)
    assert "2020年上半年没有表彰记录，没有证书可打印" in screen.problem_label.text()
    screen.period_combo.setEditText("2020H7")
    screen.generate()
    assert "无法识别期间“2020H7”" in screen.problem_label.text()
    assert screen.task is None


def test_a_long_job_can_be_cancelled(qtbot, context):
    screen = make(qtbot, context)

    def endless(session, progress):
        progress(0, 10)
        task.cancelled.wait(10)  # works until the user cancels
        return progress(1, 10)

    task = Operation(screen, context.sessions, endless, "…")
    failures = []
    task.failed.connect(failures.append)
    with qtbot.waitSignal(task.done, timeout=10_000):
        task.start()
        qtbot.waitUntil(task.dialog.isVisible, timeout=5000)  # shown once the work outlasts 300 ms
        task.dialog.findChild(QPushButton).click()  # the dialog's cancel button
    assert failures and failures[0].message.startswith("已取消")


def test_the_register_model_passes_the_model_tester(qtbot, qtmodeltester, context):
    screen = make(qtbot, context)
    qtmodeltester.check(screen.register_list.model)


def test_home_shows_registered_figures_and_grows_when_an_area_registers(qtbot, context, reports):
    from desk.reports.registry import build_report_registry
    from desk.reports.sections import Figure

    screen = HomeScreen(context)
    qtbot.addWidget(screen)
    screen.show()  # the figures are read once the screen is shown
    qtbot.waitUntil(lambda: bool(screen.group_boxes), timeout=30000)
    texts = screen.figure_texts()
    assert texts["certificates"] == [("已登记证书", "0张"), ("证书打印次数", "0次")]
    assert texts["offices"] == [("下级组织", "0个")]
    reports.add_figures("petitions-test", 40, "维权信访", lambda s, p, sc: [Figure("来访", "79件（次）")])
    reports.add_attention("petitions-test", 1, lambda s, p, sc: ["有2件信访已超过办理期限"])
    screen.refresh()
    assert screen.figure_texts()["petitions-test"] == [("来访", "79件（次）")]
    assert any("有2件信访已超过办理期限" in label.text() for label in screen.attention_labels)
    assert "petitions-test" not in build_report_registry().figure_map  # another registry never sees it


def test_certificates_print_register_and_reprint_from_the_register(qtbot, context, reports, tmp_path, monkeypatch):
    import datetime as dt

    from desk.reports.certificates import CertificateItem
    from ui.reports import preview as preview_module

    awards = [CertificateItem("市人民医院", "“三八”红旗集体", "北流市妇女联合会", dt.date(2020, 3, 3), collective=True, award_id="a1")]
    reports.award_source = lambda session, period, ids: awards  # the context's registry, this test's own
    screen = make(qtbot, context)
    screen.report_combo.setCurrentIndex(2)
    for _preview in range(2):  # previews take no number and count nothing
        screen.generate()
        qtbot.waitUntil(lambda: screen.task is None, timeout=30_000)
        assert screen.last_error is None and screen.preview.path.name == "certificates-2020H1.pdf"
        assert screen.register_list.model.rowCount() == 0
    saved = tmp_path / "saved.pdf"
    monkeypatch.setattr(preview_module.QFileDialog, "getSaveFileName", lambda *args: (str(saved), ""))
    screen.preview.save_as()  # saving registers, once
    assert saved.exists() and screen.preview.path.name == "certificates-2020H1-issued.pdf"
    assert screen.register_list.model.rowCount() == 1
    screen.preview.save_as()
    assert screen.register_list.model.data(screen.register_list.model.index(0, 5)) == "1"
    assert screen.register_list.model.data(screen.register_list.model.index(0, 0)) == "〔2020〕第001号"
    screen.register_list.table.selectRow(0)
    screen.register_list.reprint_button.click()
    qtbot.waitUntil(lambda: screen.task is None, timeout=30_000)
    assert screen.preview.path.name == "certificates-reprint.pdf"
    assert screen.register_list.model.data(screen.register_list.model.index(0, 5)) == "1"  # a preview counts nothing
    screen.preview.save_as()
    assert screen.register_list.model.data(screen.register_list.model.index(0, 5)) == "2"  # printed twice

