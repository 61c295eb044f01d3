"""Running a report off the GUI thread with its own session, with progress and cancel after ~500 ms."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desk.core.i18n import _
from desk.reports.summary import Cancelled

# job(session, progress) -> result; progress(done, total) returns False once cancelled.
Job = Callable[[Any, Callable[[int, int], bool]], Any]

SHOW_AFTER_MS = 500


class _Runner(QObject):
    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, sessions, job: Job, cancelled: threading.Event):
        super().__init__()
        self.sessions = sessions
        self.job = job
        self.cancelled = cancelled

    def _progress(self, done: int, total: int) -> bool:
        self.progressed.emit(done, total)
        return not self.cancelled.is_set()

    @Slot()
    def run(self) -> None:
        try:
            with self.sessions.begin() as session:  # one transaction: a certificate run registers all or nothing
                result = self.job(session, self._progress)
                if self.cancelled.is_set():
                    raise Cancelled(_("已取消"))
        except BaseException as exc:  # noqa: BLE001 (reported on the GUI thread by the one error presenter)
            self.failed.emit(exc)
            return
        self.succeeded.emit(result)


class ReportTask(QObject):
    """One background run: ``succeeded(result)`` or ``failed(error)`` arrive on the GUI thread; then ``done``."""

    succeeded = Signal(object)
    failed = Signal(object)
    done = Signal()

    def __init__(self, parent: QWidget, sessions, job: Job, label: str):
        super().__init__(parent)
        self.cancelled = threading.Event()
        self.thread = QThread(self)
        self.runner = _Runner(sessions, job, self.cancelled)
        self.runner.moveToThread(self.thread)
        self.thread.started.connect(self.runner.run)
        self.runner.succeeded.connect(self._on_succeeded)
        self.runner.failed.connect(self._on_failed)
        self.dialog = QProgressDialog(label, _("取消"), 0, 0, parent)
        self.dialog.setWindowTitle(_("妇联工作台"))
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)  # no editing while the report is made
        self.dialog.setMinimumDuration(SHOW_AFTER_MS)  # shown only when the work outlasts half a second
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.runner.progressed.connect(self._on_progressed)

    def start(self) -> None:
        self.dialog.setValue(0)
        self.thread.start()

    def cancel(self) -> None:
        """Ask the job to stop at its next progress report."""
        self.cancelled.set()

    def _on_progressed(self, done: int, total: int) -> None:
        if total and self.dialog.maximum() != total:
            self.dialog.setMaximum(total)
        self.dialog.setValue(min(done, total))

    def _finish(self) -> None:
        self.thread.quit()
        self.thread.wait()
        self.dialog.hide()
        self.dialog.deleteLater()

    def _on_succeeded(self, result: object) -> None:
        self._finish()
        self.succeeded.emit(result)
        self.done.emit()

    def _on_failed(self, error: object) -> None:
        self._finish()
        self.failed.emit(error)
        self.done.emit()
