"""Several record screens of one area in tabs, behaving as one screen towards the main window."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTableView, QTabWidget, QWidget

from desk.core.i18n import _
from ui.common.messages import show_error
from ui.common.record_screen import RecordScreen


class _HasCurrent(Protocol):
    @property
    def current(self) -> Any: ...


class ForwardsToCurrent:
    """The main window's questions and commands (Ctrl+N, Ctrl+S, leaving, unsaved typing) go to ``current``.

    For a screen made of several screens (tabs): the class that mixes this in defines the ``current``
    property, the screen that answers now.
    """

    def new_record(self: _HasCurrent) -> None:
        self.current.new_record()

    def save_record(self: _HasCurrent) -> bool:
        return bool(self.current.save_record())

    def maybe_leave(self: _HasCurrent) -> bool:
        return bool(self.current.maybe_leave())

    def has_unsaved_changes(self: _HasCurrent) -> bool:
        return bool(self.current.has_unsaved_changes())


class TabbedScreens(ForwardsToCurrent, QTabWidget):
    """Record screens in tabs.

    Leaving a tab with unsaved typing asks first (save, discard or stay); a tab that comes into
    view reloads its choices and list, since another tab may have added what it offers.
    Ctrl+N/Ctrl+S from the menu and the main window's questions go to the open tab.
    """

    def __init__(self, pages: Sequence[tuple[str, RecordScreen]], parent: QWidget | None = None):
        super().__init__(parent)
        self.pages = [screen for _title, screen in pages]
        self._titles = [title for title, _screen in pages]
        self._index = 0
        for title, screen in pages:
            self.addTab(screen, _(title))
        self.currentChanged.connect(self._on_tab_changed)
        # Ctrl+Tab works from QTabWidget itself; Ctrl+PageDown/PageUp as in browsers and spreadsheets.
        for key, step in ((Qt.Key.Key_PageDown, 1), (Qt.Key.Key_PageUp, -1)):
            shortcut = QShortcut(QKeySequence(Qt.KeyboardModifier.ControlModifier | key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda step=step: self.setCurrentIndex((self.currentIndex() + step) % self.count()))

    def _on_tab_changed(self, index: int) -> None:
        if index == self._index:
            return
        previous = self.pages[self._index]
        if not previous.maybe_leave():
            self.blockSignals(True)
            self.setCurrentIndex(self._index)
            self.blockSignals(False)
            return
        self._index = index
        self._refresh(self.pages[index])
        if self.isVisible():
            # Ctrl+PageDown from the keyboard lands in the new tab's form, where its shortcuts work.
            self.pages[index].form.focus_first()

    def _refresh(self, page: RecordScreen) -> None:
        try:
            with page.context.sessions() as session:
                for spec in page.spec.fields:
                    if spec.dynamic_choices is not None:
                        page.form.set_choices(spec.key, spec.dynamic_choices(session, page.editing_id))
        except Exception as exc:  # noqa: BLE001 - show_error presents any failure (logged with its traceback)
            show_error(self, exc)
        page.refresh()
        if not page.dirty and page.editing_id is not None:
            page.open_record(page.editing_id)

    @property
    def current(self) -> RecordScreen:
        """Return the record screen of the open tab."""
        return self.pages[self.currentIndex()]

    @property
    def table(self) -> QTableView:
        """Return the list of the open tab (the screenshot tool and tests select its rows)."""
        return self.current.table

