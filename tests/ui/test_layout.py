"""Layout on a 1366×768 office PC: no form scrolls sideways in Chinese, English or at 125 % text,
the window is never wider than the screen, and the text-size setting applies at once."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea, QTabWidget

from desk.core.i18n import set_language
from desk.core.settings import FONT_SCALE, UserSettings
from ui.common.fonts import apply_default_font, apply_font_scale
from ui.common.form import RecordForm
from ui.main_window import MainWindow

WIDTH, HEIGHT = 1366, 738  # the screen less a task bar


@pytest.fixture
def restore_font(qapp):
    font = qapp.font()
    yield
    qapp.setFont(font)


def sideways(window: MainWindow) -> list[str]:
    """Return the screens and tabs whose form needs a horizontal scroll bar or that widen the window."""
    found = []
    for row, entry in enumerate(window.entries):
        window.nav_list.setCurrentRow(row)
        screen = window.current_screen()
        tabs = screen if isinstance(screen, QTabWidget) else screen.findChild(QTabWidget)
        for index in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(index)
            QApplication.processEvents()
            if window.width() > WIDTH:
                found.append(f"{entry.key}/{index}: window {window.width()}px wide")
            for form in screen.findChildren(RecordForm):
                scroll = form.parentWidget().parentWidget()
                if isinstance(scroll, QScrollArea) and scroll.isVisible() and scroll.horizontalScrollBar().maximum() > 0:
                    found.append(f"{entry.key}/{index}: {scroll.horizontalScrollBar().maximum()}px")
    return found


@pytest.mark.parametrize(("language", "percent"), [("zh_CN", 100), ("en", 100), ("zh_CN", 125), ("en", 125)])
def test_no_form_scrolls_sideways_at_1366_by_768(qtbot, context, tmp_path, restore_font, language, percent):
    set_language(language)
    try:
        apply_default_font(QApplication.instance())  # the family the program uses, as make_application sets it
        apply_font_scale(QApplication.instance(), percent)
        window = MainWindow(context, UserSettings(tmp_path / "settings.json"))
        qtbot.addWidget(window)
        window.resize(WIDTH, HEIGHT)
        window.show()
        assert window.width() <= WIDTH and window.height() <= HEIGHT
        assert sideways(window) == []
    finally:
        set_language("zh_CN")


def test_text_size_applies_at_once_and_is_remembered(qtbot, context, tmp_path, restore_font):
    apply_font_scale(QApplication.instance(), 100)
    settings = UserSettings(tmp_path / "settings.json")
    window = MainWindow(context, settings)
    qtbot.addWidget(window)
    window.show()
    label = window.office_label
    before = label.fontInfo().pointSizeF()
    window.show_screen("petitions")
    title = window.current_screen().form_title
    title_before = title.fontInfo().pointSizeF()
    window.font_actions[150].trigger()
    qtbot.waitUntil(lambda: label.fontInfo().pointSizeF() == pytest.approx(before * 1.5, rel=0.1), timeout=2000)
    assert window.font_actions[150].isChecked()
    assert title.fontInfo().pointSizeF() == pytest.approx(title_before * 1.5, rel=0.1)  # titles grow too
    assert UserSettings(tmp_path / "settings.json").get(FONT_SCALE) == 150
