"""Choosing one of an unbounded list (events, beneficiaries, people, units) by typing: search-as-you-type over a ListSource.

A drop-down of every row costs as much as the table is long (300,000 events took 1.4 s to load into
the award form).  A ``LookupEditor`` loads nothing when a form opens but the label of the record it
shows; as the clerk types, at most ``LIMIT`` matches are read in the background and offered by a
completer.  It has the editor interface of ui/common/fields.py (``value``, ``set_value``, ``changed``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QStringListModel, Qt, QTimer, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from desk.core.i18n import _
from desk.db.listing import ListQuery, ListSource
from ui.common.operations import Operation, SessionMode

LIMIT = 20
TYPING_PAUSE_MS = 200


class LookupEditor(QLineEdit):
    """A line edit whose value is a record id, chosen from the matches of what is typed.

    ``label(row)`` turns a row of ``source`` into what the clerk reads; ``describe(session, id)``
    returns the label of one record (for a form that shows a saved value).  Call ``bind(sessions)``
    once the screen's sessions are known.
    """

    changed = Signal()
    searched = Signal(list)  # the labels offered after a search (tests wait on it)

    def __init__(self, source: ListSource, label: Callable[[dict[str, Any]], str],
                 describe: Callable[[Any, str], str], placeholder: str = ""):
        super().__init__()
        self.source, self.label, self.describe = source, label, describe
        self.sessions = None
        self.chosen_id = ""
        self.chosen_text = ""
        self.matches: dict[str, str] = {}
        self.operation: Operation | None = None
        self.pending = False
        self.model = QStringListModel(self)
        self.completer_ = QCompleter(self.model, self)
        self.completer_.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.completer_.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setCompleter(self.completer_)
        self.completer_.activated[str].connect(self._on_completer_activated)  # type: ignore[index]
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(TYPING_PAUSE_MS)
        self.timer.timeout.connect(self.search)
        self.textEdited.connect(self._on_text_edited)
        self.editingFinished.connect(self._on_editing_finished)
        self.setPlaceholderText(placeholder or _("输入名称、日期或拼音首字母查找"))

    def bind(self, sessions) -> None:
        """Give the editor the sessions it searches with (and show the label of a value set before)."""
        self.sessions = sessions
        if self.chosen_id:
            self.set_value(self.chosen_id)

    # -- the editor interface ----------------------------------------------------------------
    def value(self) -> str:
        return self.chosen_id

    def set_value(self, value: Any) -> None:
        self.chosen_id = "" if value is None else str(value)
        self.chosen_text = ""
        if self.chosen_id and self.sessions is not None:
            with self.sessions() as session:  # one row by its id: the same cost for 3 or 300,000 records
                self.chosen_text = self.describe(session, self.chosen_id)
        self.blockSignals(True)
        self.setText(self.chosen_text)
        self.blockSignals(False)

    def set_choices(self, _choices) -> None:
        """Nothing to load: matches are read as the clerk types."""

    # -- searching -----------------------------------------------------------------------------
    def _on_text_edited(self, text: str) -> None:
        if not text.strip():
            self.chosen_id, self.chosen_text = "", ""
            self.changed.emit()
            return
        self.timer.start()

    def search(self) -> None:
        """Read the first matches of the typed text in the background and offer them."""
        if self.sessions is None:
            return
        if self.operation is not None:  # one search at a time; the newest text is searched next
            self.pending = True
            return
        text = self.text().strip()
        source, label = self.source, self.label

        def job(session, _progress):
            rows = source.rows(session, ListQuery(search=text), 0, LIMIT)
            return {label(row): str(row["id"]) for row in rows}

        self.operation = Operation(self, self.sessions, job, "", mode=SessionMode.READ, quiet=True)
        self.operation.succeeded.connect(self._on_search_succeeded)
        self.operation.done.connect(self._on_search_done)
        self.operation.start()

    def _on_search_succeeded(self, matches: dict[str, str]) -> None:
        self.matches = matches
        self.model.setStringList(list(matches))
        if self.hasFocus() and matches:
            self.completer_.complete()
        self.searched.emit(list(matches))

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

    def choose(self, text: str) -> None:
        """Take the match labelled ``text`` (what a click or Enter in the completer does)."""
        record_id = self.matches.get(text)
        if record_id is None:
            return
        self.chosen_id, self.chosen_text = record_id, text
        self.blockSignals(True)
        self.setText(text)
        self.blockSignals(False)
        self.changed.emit()

    def _on_completer_activated(self, text: str) -> None:
        self.choose(text)

    def _on_editing_finished(self) -> None:
        # Typing that did not end in a choice keeps the record chosen before (the text shows it again).
        if self.text() != self.chosen_text:
            self.blockSignals(True)
            self.setText(self.chosen_text)
            self.blockSignals(False)
