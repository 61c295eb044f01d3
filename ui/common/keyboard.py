"""Keyboard entry shared by every form: Enter moves on, focus frames, drop-downs that select as you type.

Enter in any field moves to the next one, like Tab.  A widget that knows its fields (a
record form, a wizard page) offers ``focus_after(widget) -> bool`` and decides where focus
goes; otherwise Qt's focus chain does.  A key that cannot go where focus is makes the
field say why (``say_why``) instead of vanishing.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QInputMethodEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QApplication, QComboBox, QCompleter, QLineEdit, QToolTip, QWidget

from desk.core.i18n import _
from desk.core.pinyin import initials

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)
FOCUS_COLOUR = "#1565c0"
# A clear frame on whichever editor has focus; grids mark the current cell the same way.
FOCUS_STYLE = f"""
QLineEdit:focus, QPlainTextEdit:focus, QDateEdit:focus, QSpinBox:focus, QComboBox:focus {{
    border: 2px solid {FOCUS_COLOUR}; border-radius: 3px; padding: 1px;
}}
QCheckBox:focus {{ border: 2px solid {FOCUS_COLOUR}; border-radius: 3px; padding: 1px; }}
QTableWidget:focus, QListWidget:focus {{ border: 2px solid {FOCUS_COLOUR}; }}
QPushButton:focus {{ border: 2px solid {FOCUS_COLOUR}; border-radius: 3px; padding: 3px 10px; }}
"""
TYPE_AHEAD_SECONDS = 1.2


def is_plain_enter(event: QKeyEvent) -> bool:
    """Return whether ``event`` is Enter or Return without Ctrl, Shift or Alt."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    return event.key() in ENTER_KEYS and modifiers == Qt.KeyboardModifier.NoModifier


def close_suggestions(widget: QWidget) -> None:
    """Close the list of suggestions open under ``widget`` (a list left open would take the next keys)."""
    completer = widget.completer() if isinstance(widget, (QLineEdit, QComboBox)) else None
    popup = completer.popup() if completer is not None else None
    if popup is not None and popup.isVisible():
        popup.hide()


def move_on(widget: QWidget) -> None:
    """Move focus from ``widget`` to the next field, letting the enclosing form decide where that is."""
    close_suggestions(widget)
    parent = widget.parentWidget()
    while parent is not None:
        handler = getattr(parent, "focus_after", None)
        if callable(handler) and handler(widget):
            return
        parent = parent.parentWidget()
    widget.focusNextChild()


def say_why(widget: QWidget, message: str) -> None:
    """Show ``message`` at ``widget`` (a key it could not take) and keep it for tests and screen readers."""
    widget.setProperty("refusal", message)
    QToolTip.showText(widget.mapToGlobal(QPoint(0, widget.height())), message, widget)


class _EnterMovesOn(QObject):
    """Event filter: plain Enter in a one-line editor, date or check box moves to the next field."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress and is_plain_enter(event) \
                and isinstance(watched, QWidget):
            parent = watched.parentWidget()
            move_on(parent if isinstance(parent, QComboBox) else watched)
            return True
        return False


ENTER_MOVES_ON = _EnterMovesOn()


class _PopupEnter(QObject):
    """Enter in a completer's list takes the highlighted suggestion and moves on in one key.

    QCompleter hands keys to its widget with ``event()`` directly, past every event filter, so
    without this Enter would only close the list and the next characters land in the same field.
    """

    def __init__(self, completer: QCompleter, target: QLineEdit):
        super().__init__(completer)
        self.completer = completer
        self.target = target

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if not isinstance(event, QKeyEvent) or event.type() != QEvent.Type.KeyPress:
            return False
        popup = self.completer.popup()
        if popup is None:
            return False
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            # An open list takes the keyboard, so Ctrl+S and friends would never reach the screen.
            shortcut = find_shortcut(self.target, QKeySequence(event.keyCombination()))
            if shortcut is not None:
                popup.hide()
                shortcut.activated.emit()
                return True
        if is_plain_enter(event):
            index = popup.currentIndex()
            selection = popup.selectionModel()
            if index.isValid() and selection is not None and selection.isSelected(index):
                self.target.setText(str(index.data()))
            popup.hide()
            QApplication.sendEvent(self.target, QKeyEvent(QEvent.Type.KeyPress, event.key(), event.modifiers()))
            return True
        return False


def find_shortcut(start: QWidget, sequence: QKeySequence) -> QShortcut | None:
    """Return the enabled shortcut for ``sequence`` that ``start`` or one of its ancestors holds."""
    widget: QWidget | None = start
    while widget is not None:
        for shortcut in widget.findChildren(QShortcut, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if shortcut.isEnabled() and shortcut.key() == sequence:
                return shortcut
        widget = widget.parentWidget()
    return None


def suggestions(holder: QWidget, completer: QCompleter, target: QLineEdit) -> QCompleter:
    """Give ``holder`` (a line edit, or the editable drop-down around ``target``) ``completer``: a list of
    matches anywhere in the text that changes nothing until one is picked, Enter that takes the picked
    one (if any) and moves on, and Ctrl+ keys that still reach the screen while the list is open."""
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    if not isinstance(holder, (QLineEdit, QComboBox)):
        raise TypeError(f"{type(holder).__name__} takes no completer")
    holder.setCompleter(completer)
    # Installed after the completer's own filter (set up with its widget), so it sees the keys first.
    popup = completer.popup()
    assert popup is not None  # a completer in popup mode always has its list
    popup.installEventFilter(_PopupEnter(completer, target))
    return completer


def label_matches(label: str, typed: str) -> bool:
    """Return whether a drop-down label starts with ``typed`` or its pinyin initials do."""
    if not label or not typed:
        return False
    lowered = typed.lower()
    return label.lower().startswith(lowered) or (typed.isascii() and initials(label).startswith(lowered))


class TypeToSelectCombo(QComboBox):
    """A fixed drop-down that selects as you type: the label's start or its pinyin initials (``hy`` → 婚姻家庭).

    Chinese typed through an input method selects too.  Typing that matches nothing leaves the
    choice as it was and says so at the field.
    """

    selection_refused = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)
        self._typed = ""
        self._typed_at = 0.0

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        text = event.text()
        plain = not event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
        if plain and text and text.isprintable() and text != " ":
            self.select_typed(text)
            return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 (Qt override)
        if event.commitString():
            self.select_typed(event.commitString())
        event.accept()

    def focusInEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self._typed = ""
        super().focusInEvent(event)

    def select_typed(self, text: str) -> bool:
        """Select the item matching what was typed lately plus ``text``; return whether one matched."""
        now = time.monotonic()
        typed = self._typed + text if now - self._typed_at < TYPE_AHEAD_SECONDS else text
        self._typed_at = now
        index = self._find(typed, 0)
        if index < 0 and typed != text:
            # A repeated letter steps to the next item starting with it, as list boxes do.
            typed = text
            index = self._find(text, self.currentIndex() + 1)
            if index < 0:
                index = self._find(text, 0)
        if index < 0:
            self._typed = ""
            message = _("没有以“{typed}”开头的选项").format(typed=typed)
            say_why(self, message)
            self.selection_refused.emit(message)
            return False
        self._typed = typed
        self.setProperty("refusal", "")
        QToolTip.hideText()
        self.setCurrentIndex(index)
        return True

    def _find(self, typed: str, start: int) -> int:
        for index in range(start, self.count()):
            if label_matches(self.itemText(index), typed):
                return index
        return -1
