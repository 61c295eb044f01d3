"""Drafts for record screens: typing is written aside every few seconds and offered back after a crash."""

from __future__ import annotations

import logging
from typing import Any, Protocol

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton

from desk.core.formatting import format_datetime
from desk.core.i18n import _
from desk.drafts.service import Draft, drop_draft, find_drafts, keep_draft
from ui.common.context import AppContext

log = logging.getLogger(__name__)
DRAFT_DELAY_MS = 2000


class DraftScreen(Protocol):
    """What a screen offers the draft keeper (the record screen does; drafts never import it)."""

    context: AppContext
    spec: Any
    form: Any
    dirty: bool
    editing_id: str | None

    def maybe_leave(self) -> bool: ...
    def open_record(self, record_id: str) -> None: ...
    def new_record(self, ask: bool = True) -> None: ...
    def _on_form_changed(self) -> None: ...


class DraftBanner(QFrame):
    """A bar above the list offering back what was typed and never saved."""

    def __init__(self):
        super().__init__()
        self.setObjectName("draft_banner")
        self.setStyleSheet("#draft_banner { background: #fff4d6; border: 1px solid #e0c060; }")
        self.message_label = QLabel()
        self.restore_button = QPushButton()
        self.discard_button = QPushButton()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.message_label, 1)
        layout.addWidget(self.restore_button)
        layout.addWidget(self.discard_button)
        self.restore_button.setText(_("恢复"))
        self.discard_button.setText(_("丢弃"))
        self.hide()


class DraftKeeper(QObject):
    """Writes the screen's unsaved typing aside after a pause, and forgets it once saved or discarded."""

    def __init__(self, screen: DraftScreen, parent: QObject):
        super().__init__(parent)
        self.screen = screen
        self.banner = DraftBanner()
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DRAFT_DELAY_MS)
        self.timer.timeout.connect(self.write)
        self.banner.restore_button.clicked.connect(self.restore_newest)
        self.banner.discard_button.clicked.connect(self.discard_all)
        self._drafts: list[Draft] = []

    @property
    def _who(self) -> tuple[str, str]:
        return self.screen.context.actor.user, self.screen.spec.key

    def schedule(self) -> None:
        """Typing happened: write the draft once the user pauses."""
        self.timer.start()

    def write(self) -> None:
        """Write the form's values aside now (only while there are unsaved changes)."""
        self.timer.stop()
        if not self.screen.dirty:
            return
        user, key = self._who
        try:
            with self.screen.context.sessions.begin() as session:
                keep_draft(session, user, key, self.screen.editing_id, self.screen.form.values())
        except Exception:  # a draft must never disturb typing; the save itself reports problems
            log.exception("Could not keep a draft for %s", key)

    def drop(self, record_id: str | None) -> None:
        """Forget the draft of ``record_id`` (saved or deliberately discarded)."""
        self.timer.stop()
        user, key = self._who
        try:
            with self.screen.context.sessions.begin() as session:
                drop_draft(session, user, key, record_id)
        except Exception:
            log.exception("Could not drop a draft for %s", key)
        self.check()

    def check(self) -> None:
        """Show the banner if drafts from an earlier session wait on this screen."""
        user, key = self._who
        try:
            with self.screen.context.sessions() as session:
                self._drafts = find_drafts(session, user, key)
        except Exception:
            log.exception("Could not read drafts for %s", key)
            self._drafts = []
        if not self._drafts:
            self.banner.hide()
            return
        self.banner.message_label.setText(
            _("有 {count} 份上次没有保存的输入（最近一份：{time}），可以恢复后再保存。").format(
                count=len(self._drafts), time=format_datetime(self._drafts[0].saved_at.astimezone())
            )
        )
        self.banner.show()

    def restore_newest(self) -> None:
        """Put the newest draft back into the form, unsaved, for the user to check and save."""
        if not self._drafts or not self.screen.maybe_leave():
            return
        draft = self._drafts[0]
        if draft.record_id is not None:
            self.screen.open_record(draft.record_id)
            if self.screen.editing_id != draft.record_id:  # the record is gone: keep it as a new one
                self.screen.new_record(ask=False)
        else:
            self.screen.new_record(ask=False)
        self.screen.form.set_values(draft.values)
        self.screen.dirty = False
        self.screen._on_form_changed()
        self.banner.hide()

    def discard_all(self) -> None:
        """Forget every draft of this user on this screen."""
        user, key = self._who
        with self.screen.context.sessions.begin() as session:
            for draft in self._drafts:
                drop_draft(session, user, key, draft.record_id)
        self._drafts = []
        self.banner.hide()
