"""Test helpers: typing Chinese text the way an input method does."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QWidget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget``: ASCII as key clicks, other text as an input-method commit.

    ``qtbot.keyClicks`` aborts the process on non-ASCII text (a Qt assertion), and a commit
    string is what a real Chinese input method sends.
    """
    target = widget.lineEdit() if isinstance(widget, QComboBox) and widget.isEditable() else widget
    target.setFocus()
    for chunk in _chunks(text):
        if chunk.isascii():
            QTest.keyClicks(target, chunk)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(target, event)


def _chunks(text: str) -> list[str]:
    chunks: list[str] = []
    for char in text:
        if chunks and chunks[-1][-1].isascii() == char.isascii():
            chunks[-1] += char
        else:
            chunks.append(char)
    return chunks


def clear(widget: QWidget) -> None:
    """Select all and delete, as a user would."""
    target = widget.lineEdit() if isinstance(widget, QComboBox) and widget.isEditable() else widget
    target.setFocus()
    QTest.keyClick(target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(target, Qt.Key.Key_Delete)
