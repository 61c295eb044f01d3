"""帮助 → 用户手册 opens the guide's PDF (F1), and says so when it cannot."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence

from desk.core.errors import DeskError
from desk.core.settings import UserSettings
from ui.main_window import MainWindow


def _window(qtbot, context, tmp_path) -> MainWindow:
    window = MainWindow(context, UserSettings(tmp_path / "settings.json"))
    qtbot.addWidget(window)
    window.show()
    return window


def test_help_menu_opens_the_guide_pdf(qtbot, context, tmp_path):
    window = _window(qtbot, context, tmp_path)
    opened: list[str] = []
    window.guide_opener._open_url = lambda url: opened.append(url.toLocalFile()) or True
    assert window.guide_action in window.help_menu.actions()
    assert window.guide_action.text() == "用户手册"
    assert window.guide_action.shortcut() == QKeySequence(QKeySequence.StandardKey.HelpContents)
    with qtbot.waitSignal(window.guide_opener.opened, timeout=60000):
        window.guide_action.trigger()
    assert len(opened) == 1
    path = Path(opened[0])
    assert path.name == "用户手册.pdf"
    assert path.read_bytes().startswith(b"%PDF")


def test_a_guide_that_cannot_be_made_gives_a_message(qtbot, context, tmp_path, monkeypatch):
    window = _window(qtbot, context, tmp_path)
    shown: list[BaseException] = []
    monkeypatch.setattr("ui.common.guide.show_error", lambda parent, error: shown.append(error))

    def broken() -> Path:
        raise DeskError("找不到用户手册 /nowhere")

    window.guide_opener._locate = broken
    with qtbot.waitSignal(window.guide_opener.failed, timeout=10000) as blocker:
        window.guide_action.trigger()
    assert blocker.args == ["找不到用户手册 /nowhere"]
    assert [str(error) for error in shown] == ["找不到用户手册 /nowhere"]
