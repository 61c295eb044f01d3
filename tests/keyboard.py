"""Typing as a clerk does: every key goes to whichever widget has focus, and is counted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget


class Keyboard:
    """Sends keys to the focus widget only (never to a widget picked by the test) and counts them.

    ASCII goes as key clicks, one keystroke each; Chinese goes as one input-method commit per
    character (``qtbot.keyClicks`` aborts the process on non-ASCII text), counted as one
    keystroke per character, as a spreadsheet would be counted the same way.
    """

    def __init__(self) -> None:
        self.keystrokes = 0

    @staticmethod
    def target() -> QWidget:
        widget = QApplication.focusWidget()
        assert widget is not None, "no widget has focus: the key would be lost"
        return widget

    def type(self, text: str) -> None:
        """Type ``text`` character by character into whatever has focus."""
        for char in text:
            if char.isascii():
                QTest.keyClick(self.target(), char)
            else:
                event = QInputMethodEvent()
                event.setCommitString(char)
                QApplication.sendEvent(self.target(), event)
            self.keystrokes += 1

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
        """Press ``key`` (with ``modifiers``) ``times`` times; a chord counts as one keystroke."""
        for _ in range(times):
            QTest.keyClick(self.target(), key, modifiers)
            self.keystrokes += 1

    def enter(self, times: int = 1) -> None:
        self.press(Qt.Key.Key_Return, times=times)

    def field(self, text: str) -> None:
        """Type ``text`` (if any) and press Enter to move on."""
        self.type(text)
        self.enter()
