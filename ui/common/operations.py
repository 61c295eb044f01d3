"""Long work off the GUI thread: one Operation per job, with its own session, progress, cancel and one error path.

A job is ``job(session, progress)`` (``session`` is None when the operation opens none) and runs in a
``QThread``; it touches no widget.  ``progress(done, total, text=None)`` reports how far it is and
returns False once the user has cancelled: the job then stops (desk functions raise ``Cancelled``)
before it writes anything, and the operation's transaction is rolled back.  The result or the error
comes back on the GUI thread as ``succeeded(result)`` or ``failed(error)``, then ``done``.  A progress
dialog with what is being done (正在检查第 12,000 / 100,000 行) appears when the work outlasts 300 ms;
it is window-modal, so while a job runs the rest of the window repaints but takes no input.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
import time
from collections.abc import Callable
from enum import Enum
from typing import Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desk.core.errors import Cancelled
from desk.core.formatting import format_count
from desk.core.i18n import _

log = logging.getLogger(__name__)

Progress = Callable[..., bool]  # progress(done, total, text=None) -> False once cancelled
Job = Callable[[Any, Progress], Any]

SHOW_AFTER_MS = 300
EMIT_EVERY_S = 0.05  # at most 20 progress signals a second: the GUI thread stays free to repaint
# A job in Python holds the GIL; the GUI thread waits up to one switch interval for every slot it runs.
# Python's 5 ms default, paid for each timer, paint and signal, adds up to visible stalls; 1 ms does not.
SWITCH_INTERVAL_S = 0.001

# Python's cyclic garbage collector stops every thread while it walks every object; with the hundreds of
# thousands a large import holds, one full collection took 0.5–1.5 s: the window froze although the work
# ran on another thread.  While any job runs, collection waits (reference counting still frees almost
# everything at once); it resumes when the last job ends.
_gc_paused_by: set[int] = set()


def _pause_collection(token: int) -> None:
    if not _gc_paused_by and not gc.isenabled():
        return  # someone else turned it off: leave it so
    _gc_paused_by.add(token)
    gc.disable()


def _resume_collection(token: int) -> None:
    if token in _gc_paused_by:
        _gc_paused_by.discard(token)
        if not _gc_paused_by:
            # What the job left alive (caches, the result on screen) would be walked all at once by the
            # next collection, on the GUI thread; frozen, it is never walked again.  The price: reference
            # cycles made during the job stay (a little of the database layer's bookkeeping).
            gc.freeze()
            gc.enable()


class SessionMode(Enum):
    """How the job's session ends: committed, always rolled back, or no session at all."""

    WRITE = "write"  # one transaction, committed when the job returns (rolled back on error or cancel)
    READ = "read"  # rolled back: checks and dry runs write nothing
    NONE = "none"  # the job opens what it needs (a backup copies the file through the engine)


class _Runner(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)

    def __init__(self, sessions, job: Job, mode: SessionMode, cancelled: threading.Event, low_priority: bool):
        super().__init__()
        self.sessions = sessions
        self.job = job
        self.mode = mode
        self.cancelled = cancelled
        self.low_priority = low_priority
        self.refused = False  # True once a progress call told the job to stop
        self._last_emit = 0.0

    def progress(self, done: int, total: int, text: str | None = None) -> bool:
        now = time.monotonic()
        if done >= total or now - self._last_emit >= EMIT_EVERY_S:
            self._last_emit = now
            self.progressed.emit(int(done), int(total), text or "")
        if self.cancelled.is_set():
            self.refused = True
            return False
        return True

    def _run_job(self) -> Any:
        if self.mode is SessionMode.NONE:
            return self.job(None, self.progress)
        if self.mode is SessionMode.READ:
            with self.sessions() as session:
                try:
                    return self.job(session, self.progress)
                finally:
                    session.rollback()
        with self.sessions.begin() as session:  # one transaction: all or nothing
            result = self.job(session, self.progress)
            if self.refused:
                raise Cancelled(_("已取消，没有做任何改动。"))
            return result

    @Slot()
    def run(self) -> None:
        if self.low_priority:
            _lower_thread_priority()
        try:
            result = self._run_job()
            if self.refused:
                raise Cancelled(_("已取消，没有做任何改动。"))
        except BaseException as exc:  # noqa: BLE001 (handed to the GUI thread and the one error presenter)
            self.failed.emit(exc)
            return
        finally:
            # The thread ends by itself, even when its operation (and the screen that owns it) is gone.
            QThread.currentThread().quit()
        self.succeeded.emit(result)


# Every started job's thread → (its runner, its cancel flag, the operation's collection token) until the thread ends.
_alive: dict[QThread, tuple[_Runner, threading.Event, int]] = {}


class _Reaper(QObject):
    """Lives on the GUI thread; forgets a finished job's thread (and lets collection resume if its owner is gone)."""

    @Slot()
    def reap(self) -> None:
        thread = self.sender()
        if not isinstance(thread, QThread) or thread not in _alive:
            return
        _runner, _cancelled, token = _alive.pop(thread)
        _resume_collection(token)
        thread.deleteLater()


_the_reaper: _Reaper | None = None


def _reaper() -> _Reaper:
    global _the_reaper
    if _the_reaper is None:
        _the_reaper = _Reaper()
    return _the_reaper


def finish_all(timeout_ms: int = 30_000) -> None:
    """At exit: ask every running job to stop (one that may be cancelled writes nothing) and wait for its thread."""
    for thread, (_runner, cancelled, token) in list(_alive.items()):
        cancelled.set()
        if not thread.wait(timeout_ms):
            log.error("A background job did not end within %d s of closing", timeout_ms // 1000)
        _resume_collection(token)
    _alive.clear()


def release(items: list) -> None:
    """Empty a large list from the job's thread in small pieces.

    Freeing a few hundred thousand objects at once holds the GIL, and the GUI thread, for a third of
    a second; a job drops what the GUI does not need (an import's planned actions) this way before returning.
    """
    while items:
        del items[-2000:]


def _lower_thread_priority() -> None:
    """Let the GUI thread win the processor (Linux: a per-thread nice value; elsewhere Qt's priority)."""
    QThread.currentThread().setPriority(QThread.Priority.LowestPriority)
    if sys.platform.startswith("linux"):
        try:
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        except OSError:
            pass


class Operation(QObject):
    """One background job: ``succeeded(result)`` or ``failed(error)`` arrive on the GUI thread, then ``done``.

    ``label`` is the dialog's text; it may name ``{done}`` and ``{total}`` (shown grouped, 12,000).
    ``cancellable`` offers a cancel button (only where cancelling loses nothing).  ``quiet`` shows no
    dialog at all (the automatic backup).  ``small`` marks a short job (a count) that leaves the garbage
    collector alone: pausing and freezing it is only worth it for a job that builds many objects.
    ``busy`` widgets are disabled until the job is done (then put back as they were), so the work
    cannot be started twice before the dialog appears.
    """

    succeeded = Signal(object)
    failed = Signal(object)
    progressed = Signal(int, int)
    done = Signal()

    def __init__(
        self,
        parent: QWidget | QObject,
        sessions,
        job: Job,
        label: str,
        mode: SessionMode = SessionMode.WRITE,
        cancellable: bool = True,
        quiet: bool = False,
        low_priority: bool = False,
        busy: tuple[QWidget, ...] = (),
        small: bool = False,
    ):
        super().__init__(parent)
        self.label = label
        self.small = small
        self.busy = busy
        self.cancelled = threading.Event()
        self.finished = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.last_progress = (0, 0)
        self._was_enabled: list[bool] = []
        # No Qt parent: a screen closed while its job runs must not destroy the running thread (Qt aborts the
        # process then).  The thread and its runner are kept alive in _alive until the thread has finished.
        self.worker_thread = QThread()
        self.runner = _Runner(sessions, job, mode, self.cancelled, low_priority)
        self.runner.moveToThread(self.worker_thread)
        self.worker_thread.started.connect(self.runner.run)
        self.runner.succeeded.connect(self._on_runner_succeeded)
        self.runner.failed.connect(self._on_runner_failed)
        self.runner.progressed.connect(self._on_runner_progressed)
        self.dialog: QProgressDialog | None = None
        if not quiet:
            window = parent if isinstance(parent, QWidget) else None
            self.dialog = QProgressDialog(self._text(0, 0, ""), _("取消") if cancellable else "", 0, 0, window)
            self.dialog.setWindowTitle(_("妇联工作台"))
            if not cancellable:
                self.dialog.setCancelButton(None)
            self.dialog.setWindowModality(Qt.WindowModality.WindowModal)  # the window repaints but takes no input
            self.dialog.setMinimumDuration(SHOW_AFTER_MS)
            self.dialog.setAutoClose(False)
            self.dialog.setAutoReset(False)
            self.dialog.setMinimumWidth(420)
            self.dialog.canceled.connect(self.cancel)

    def start(self) -> Operation:
        """Start the job; return self (so a caller may keep it in one line)."""
        if sys.getswitchinterval() > SWITCH_INTERVAL_S:
            sys.setswitchinterval(SWITCH_INTERVAL_S)
        if not self.small:
            _pause_collection(id(self))
        self._was_enabled = [widget.isEnabled() for widget in self.busy]
        for widget in self.busy:
            widget.setEnabled(False)
        if self.dialog is not None:
            self.dialog.setValue(0)
        _alive[self.worker_thread] = (self.runner, self.cancelled, id(self))
        self.worker_thread.finished.connect(_reaper().reap)
        self.worker_thread.start()
        return self

    def cancel(self) -> None:
        """Ask the job to stop at its next progress report; it then writes nothing."""
        self.cancelled.set()
        if self.dialog is not None and not self.finished:
            self.dialog.setLabelText(_("正在取消，请稍候…"))

    def is_running(self) -> bool:
        return not self.finished

    def wait(self, timeout_ms: int | None = None) -> bool:
        """Block until the job's thread ends (closing waits for a backup); return whether it ended."""
        if self.finished:
            return True
        return self.worker_thread.wait() if timeout_ms is None else self.worker_thread.wait(timeout_ms)

    def _text(self, done: int, total: int, text: str) -> str:
        if text:
            return text
        if "{done}" in self.label or "{total}" in self.label:
            return self.label.format(done=format_count(done), total=format_count(total))
        return self.label

    def _on_runner_progressed(self, done: int, total: int, text: str) -> None:
        self.last_progress = (done, total)
        self.progressed.emit(done, total)
        dialog = self.dialog
        if dialog is None or self.cancelled.is_set() or self.finished:
            return
        dialog.setLabelText(self._text(done, total, text))
        if total > 0:
            # QProgressDialog holds an int: large totals are shown in thousandths.  setValue() of a modal
            # dialog processes events, so the job may have finished (and the dialog gone) when it returns.
            if dialog.maximum() != 1000:
                dialog.setMaximum(1000)
            dialog.setValue(min(1000, int(1000 * done / total)))

    def _finish(self) -> None:
        self.finished = True
        self.worker_thread.quit()
        self.worker_thread.wait()
        _resume_collection(id(self))
        for widget, enabled in zip(self.busy, self._was_enabled):
            widget.setEnabled(enabled)
        if self.dialog is not None:
            self.dialog.hide()
            self.dialog.deleteLater()
            self.dialog = None

    def _on_runner_succeeded(self, result: object) -> None:
        self.result = result
        self._finish()
        self.succeeded.emit(result)
        self.done.emit()

    def _on_runner_failed(self, error: BaseException) -> None:
        self.error = error
        self._finish()
        if not isinstance(error, Cancelled):
            log.info("Background job %r failed: %s", self.label, type(error).__name__)
        self.failed.emit(error)
        self.done.emit()


def run_operation(
    parent: QWidget,
    sessions,
    job: Job,
    label: str,
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    **options: Any,
) -> Operation:
    """Start ``job`` as an Operation; ``on_success`` gets the result, errors go to ``on_failure`` or the presenter.

    A cancelled job is shown as such (nothing was written) by the default failure handler.
    """
    from ui.common.messages import show_error

    operation = Operation(parent, sessions, job, label, **options)

    def failed(error: BaseException) -> None:
        if on_failure is not None:
            on_failure(error)
        else:
            show_error(parent, error)

    operation.succeeded.connect(on_success)
    operation.failed.connect(failed)
    operation.done.connect(operation.deleteLater)
    return operation.start()
