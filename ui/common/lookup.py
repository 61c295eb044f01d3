"""Choosing one of an unbounded list (events, beneficiaries, leaders, units) by typing: search as you type.

A drop-down of every row costs as much as the table is long (300,000 events took 1.4 s to load into
the award form).  The editors here load nothing when a form opens but the label of the record they
show; as the clerk types, at most ``LIMIT`` matches are read in the background and offered in a
list under the field.  Keyboard only: type, Down/Up through the list, Enter takes the highlighted
match and moves on.

- ``LookupEditor``: the value is a record id (an award's event, a stipend line's beneficiary).  Enter
  on typed text that names exactly one record (``Lookup.resolve``) takes it without opening the list.
- ``SuggestEditor``: the value is the text itself (a unit, a leader, a receiver); the matches are
  suggestions of what was typed before.

Both have the editor interface of ui/common/fields.py (``value``, ``set_value``, ``changed``) and serve
as grid cell editors too (ui/common/grid.py).  ``bind(sessions)`` gives them the sessions to search with.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QCompleter, QLineEdit, QWidget

from desk.core.i18n import _
from desk.db.listing import ListQuery, ListSource
from desk.db.lookup import LIMIT
from ui.common.keyboard import _PopupEnter, close_suggestions, is_plain_enter, move_on, say_why
from ui.common.operations import Operation, SessionMode

TYPING_PAUSE_MS = 200

Search = Callable[[Any, str, int], list[tuple[str, str]]]  # (session, text, limit) -> [(value, label)]


@dataclass(frozen=True)
class Lookup:
    """How a choice that grows without bound is searched.

    ``search(session, text, limit)`` returns the first (value, label) matches of ``text``;
    ``describe(session, values)`` the labels of saved values (a record's own, read by id);
    ``resolve(session, text)`` the one value typed text names, or None (Enter without picking).
    """

    search: Search
    describe: Callable[[Any, Iterable[str]], dict[str, str]] | None = None
    resolve: Callable[[Any, str], str | None] | None = None


def source_lookup(source: ListSource, label: Callable[[dict[str, Any]], str],
                  describe: Callable[[Any, Iterable[str]], dict[str, str]]) -> Lookup:
    """Return a lookup searching a list's ``source`` (its own search columns), labelled by ``label(row)``."""

    def search(session, text: str, limit: int) -> list[tuple[str, str]]:
        return [(str(row["id"]), label(row)) for row in source.rows(session, ListQuery(search=text), 0, limit)]

    return Lookup(search, describe)


class _SearchingLine(QLineEdit):
    """A line edit that searches what is typed in the background and offers the matches in a list."""

    changed = Signal()
    searched = Signal(list)  # the texts offered after a search (tests wait on it)

    def __init__(self, lookup: Lookup, parent: QWidget | None = None):
        super().__init__(parent)
        self.lookup = lookup
        self.sessions = None
        self.matches: dict[str, str] = {}  # offered text -> value
        self.operation: Operation | None = None
        self.pending = False
        self.model = QStringListModel(self)
        self.completer_ = QCompleter(self.model, self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        # The database already matched (pinyin initials too): the list shows every match it returned.
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompleter(self.completer_)
        # Enter in the list takes the highlighted match and moves on; Ctrl+S still saves.
        popup = self.completer_.popup()
        assert popup is not None
        popup.installEventFilter(_PopupEnter(self.completer_, self))
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TYPING_PAUSE_MS)
        self.timer.timeout.connect(self.search)
        self.textEdited.connect(self._on_text_edited)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)

    def bind(self, sessions) -> None:
        """Give the editor the sessions it searches with."""
        self.sessions = sessions

    def set_choices(self, _choices) -> None:
        """Nothing to load: matches are read as the clerk types."""

    def offered(self, value: str, label: str) -> str:
        """Return the text the list offers for a match."""
        return label

    def _on_text_edited(self, text: str) -> None:
        if text in self.matches:  # a match highlighted in the list: nothing new to search
            return
        if text.strip():
            self.timer.start()

    def search(self) -> None:
        """Read the first matches of the typed text in the background and offer them."""
        if self.sessions is None:
            return
        if self.operation is not None:  # one search at a time; the newest text is searched next
            self.pending = True
            return
        text = self.text().strip()
        if not text:
            return
        search = self.lookup.search

        def job(session, _progress):
            return search(session, text, LIMIT)

        self.operation = Operation(self, self.sessions, job, "", mode=SessionMode.READ, quiet=True)
        self.operation.succeeded.connect(self._on_search_succeeded)
        self.operation.done.connect(self._on_search_done)
        self.operation.start()

    def _on_search_succeeded(self, found: list[tuple[str, str]]) -> None:
        self.matches = {self.offered(value, label): value for value, label in found}
        self.model.setStringList(list(self.matches))
        if self.hasFocus() and self.matches:
            self.completer_.complete()
        elif not self.matches:
            close_suggestions(self)
        self.searched.emit(list(self.matches))

    def _on_search_done(self) -> None:
        operation, self.operation = self.operation, None
        if operation is not None and operation.error is not None:
            from ui.common.messages import show_error

            show_error(self, operation.error)
        if operation is not None:
            operation.deleteLater()
        if self.pending:
            self.pending = False
            self.search()


class LookupEditor(_SearchingLine):
    """A line edit whose value is a record id, chosen from the matches of what is typed."""

    def __init__(self, lookup: Lookup, parent: QWidget | None = None, placeholder: str = ""):
        super().__init__(lookup, parent)
        self.chosen_id = ""
        self.chosen_text = ""
        self.completer_.activated[str].connect(self.choose)  # type: ignore[index]
        self.editingFinished.connect(self._on_editing_finished)
        self.setPlaceholderText(placeholder or _("输入名称或拼音首字母查找，上下键选择，回车确定"))

    def bind(self, sessions) -> None:
        super().bind(sessions)
        if self.chosen_id and not self.chosen_text:
            self.set_value(self.chosen_id)

    # -- the editor interface ----------------------------------------------------------------
    def value(self) -> str:
        return self.chosen_id

    def set_value(self, value: Any) -> None:
        chosen_id = "" if value is None else str(value)
        text = ""
        if chosen_id and self.sessions is not None and self.lookup.describe is not None:
            with self.sessions() as session:  # one row by its id: the same cost for 3 or 300,000 records
                text = self.lookup.describe(session, [chosen_id]).get(chosen_id, "")
        self.show_choice(chosen_id, text)

    def show_choice(self, value: str, text: str) -> None:
        """Show ``value`` labelled ``text`` without reading anything."""
        self.chosen_id, self.chosen_text = value or "", text if value else ""
        self.blockSignals(True)
        self.setText(self.chosen_text)
        self.blockSignals(False)

    # -- choosing ------------------------------------------------------------------------------
    def _on_text_edited(self, text: str) -> None:
        if not text.strip():
            self.chosen_id, self.chosen_text = "", ""
            self.changed.emit()
            return
        super()._on_text_edited(text)

    def choose(self, text: str) -> None:
        """Take the match offered as ``text`` (what a click or Enter in the list does)."""
        record_id = self.matches.get(text)
        if record_id is None:
            return
        changed = record_id != self.chosen_id
        self.chosen_id, self.chosen_text = record_id, text
        self.blockSignals(True)
        self.setText(text)
        self.blockSignals(False)
        if changed:
            self.changed.emit()

    def resolve(self) -> None:
        """Settle what the field shows: a match, the one record the typed text names, or the choice before."""
        text = self.text().strip()
        if text == self.chosen_text:
            return
        if not text:
            if self.chosen_id:
                self.chosen_id, self.chosen_text = "", ""
                self.changed.emit()
            return
        if text in self.matches:
            self.choose(text)
            return
        found = None
        if self.lookup.resolve is not None and self.sessions is not None:
            with self.sessions() as session:  # the exact name, or the only match: a few rows by index
                found = self.lookup.resolve(session, text)
        if found is not None and self.lookup.describe is not None and self.sessions is not None:
            with self.sessions() as session:
                label = self.lookup.describe(session, [found]).get(found, text)
            self.matches[label] = found
            self.choose(label)
            return
        # Typing that names no single record keeps the record chosen before (the text shows it again).
        self.blockSignals(True)
        self.setText(self.chosen_text)
        self.blockSignals(False)
        if text:
            say_why(self, _("“{typed}”不是唯一的一项：请从列表中用上下键选择，回车确定").format(typed=text))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if is_plain_enter(event):
            self.resolve()
            move_on(self)
            return
        super().keyPressEvent(event)

    def _on_editing_finished(self) -> None:
        self.resolve()


class SuggestEditor(_SearchingLine):
    """Free text (a unit, a leader) with suggestions of what was typed before, read as the clerk types."""

    def __init__(self, lookup: Lookup, parent: QWidget | None = None, max_length: int = 200):
        super().__init__(lookup, parent)
        self.setMaxLength(max_length)
        self.textEdited.connect(lambda _text: self.changed.emit())
        self.completer_.activated[str].connect(lambda _text: self.changed.emit())  # type: ignore[index]

    def offered(self, value: str, label: str) -> str:
        return value

    def value(self) -> str:
        return self.text().strip()

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        self.setText("" if value is None else str(value))
        self.blockSignals(False)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if is_plain_enter(event):
            move_on(self)
            return
        super().keyPressEvent(event)
