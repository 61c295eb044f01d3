"""Long work off the GUI thread: one Operation per job, with its own session, progress, cancel and one error path.

A job is ``job(session, progress)`` (``session`` is None when the operation opens none) and runs in a
``QThread``; it touches no widget.  A big job (``process=True``: exchange and Excel checks, imports and
exports) runs in a child process instead (desk/background.py): the job must then be picklable (a module
function, or a ``functools.partial`` of one, with picklable arguments), it opens its own connection to the
same database, and the thread only waits on the child's pipe, so the window never waits for the job's
Python code.  Everything else (progress, cancel, the result or the error, the dialog) is the same.
``progress(done, total, text=None)`` reports how far it is and returns False once the user has
cancelled: the job then stops (desk functions raise ``Cancelled``) before it writes anything, and the
operation's transaction is rolled back.  The result or the error comes back on the GUI thread as
``succeeded(result)`` or ``failed(error)``, then ``done``.  A progress dialog with what is being done
(正在检查第 12,000 / 100,000 行) appears when the work outlasts 300 ms; it is window-modal, so while a
job runs the rest of the window repaints but takes no input.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desk.background import CANCEL, Job, Progress, RemoteTraceback, Reporter, SessionMode, child_main, run_job, send_pieces, split_job
from desk.core.errors import Cancelled
from desk.core.formatting import format_count
from desk.core.i18n import _, current_language

if TYPE_CHECKING:
    from desk.db.database import Database

__all__ = ["Job", "Operation", "Progress", "SessionMode", "finish_all", "run_operation"]

log = logging.getLogger(__name__)

SHOW_AFTER_MS = 300
HARD_STOP_S = 3.0  # a cancelled check whose process has not ended by then is ended hard
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


class _Runner(QObject):
    """Runs the job on the operation's thread, in a session of the window's database."""

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

    def _work(self) -> Any:
        return run_job(self.sessions, self.job, self.mode, Reporter(self.progressed.emit, self.cancelled))

    @Slot()
    def run(self) -> None:
        if self.low_priority:
            _lower_thread_priority()
        try:
            result = self._work()
        except BaseException as exc:  # noqa: BLE001 (handed to the GUI thread and the one error presenter)
            self.failed.emit(exc)
            return
        finally:
            # The thread ends by itself, even when its operation (and the screen that owns it) is gone.
            QThread.currentThread().quit()
        self.succeeded.emit(result)


class ChildProcessDied(RuntimeError):
    """The job's process ended without a word (killed, out of memory, a crash in a library)."""


class _ChildRunner(_Runner):
    """Runs the job in a child process; the operation's thread only waits on the pipe (holding no lock the
    window needs) and turns what the child sends into the same signals."""

    def _work(self) -> Any:
        database = database_of_sessions(self.sessions) if self.mode is not SessionMode.NONE else None
        if self.mode is not SessionMode.NONE and database is None:
            raise RuntimeError("A job for a child process needs the sessions of an open Database")
        context = multiprocessing.get_context("spawn")
        control_read, control = context.Pipe(duplex=False)
        report, report_write = context.Pipe(duplex=False)
        process = context.Process(target=child_main, args=(control_read, report_write), name="desk-job", daemon=True)
        process.start()
        control_read.close()
        report_write.close()
        told_at: float | None = None  # when the child was told to cancel
        try:
            # The key and the server URL (with its password) go through the pipe: never argv or the environment.
            job, bulky = split_job(self.job)
            control.send({
                "job": job, "mode": self.mode.value, "language": current_language(),
                "log_level": logging.getLogger().getEffectiveLevel(),
                "target": database.target if database is not None else None,
                "key": database.key if database is not None else None,
            })
            send_pieces(control.send, bulky)
            while True:
                if self.cancelled.is_set() and told_at is None:
                    control.send(CANCEL)
                    told_at = time.monotonic()
                if told_at is not None and self.mode is SessionMode.READ and time.monotonic() - told_at > HARD_STOP_S:
                    # A check writes nothing: one that does not stop when asked is stopped hard (the pipe closes below).
                    log.info("A background check did not stop within %.0f s of cancel; its process was ended", HARD_STOP_S)
                    raise Cancelled(_("已取消，没有做任何改动。"))
                if not report.poll(0.05):  # waits without the interpreter lock
                    continue
                try:
                    message = report.recv()
                except EOFError:
                    raise ChildProcessDied(
                        f"The job's process ended without an answer (exit status {_exit_status(process)})") from None
                kind = message[0]
                if kind == "progress":
                    self.progressed.emit(*message[1:])
                elif kind == "log":
                    record = message[1]
                    logging.getLogger(record.name).handle(record)
                elif kind == "ok":
                    return message[1]
                elif kind == "error":
                    error, text = message[1], message[2]
                    error.__cause__ = RemoteTraceback(text)
                    raise error
        finally:
            control.close()  # the child ends at once if it is still running (the window closed, or a hard stop)
            report.close()
            process.join(5)
            if process.is_alive():
                process.kill()
                process.join()


def _exit_status(process) -> object:
    process.join(1)
    return process.exitcode


def database_of_sessions(sessions) -> Database | None:
    """Return the Database a session factory belongs to (desk.db.database keeps it in the sessions' info)."""
    from desk.db.database import database_of

    with sessions() as session:
        return database_of(session)


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
    ``process`` runs the job in a child process (desk/background.py): for the big jobs, whose Python
    code would otherwise share the interpreter lock with the window.
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
        process: bool = False,
    ):
        super().__init__(parent)
        self.label = label
        self.writes = mode is SessionMode.WRITE
        self.small = small or process  # a child's objects are not the window's: nothing to pause
        self.process = process
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
        runner_class = _ChildRunner if process else _Runner
        self.runner = runner_class(sessions, job, mode, self.cancelled, low_priority)
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
        what = self._what(done, total, text)
        if self.writes:
            # The dialog is window-modal: every screen of the window is read-only meanwhile. Say why.
            what += "\n" + _("写入完成前，各页面暂不能修改，以免与正在写入的数据冲突。")
        return what

    def _what(self, done: int, total: int, text: str) -> str:
        if text:
            return text
        if "{done}" in self.label or "{total}" in self.label:
            if total == 0:  # no count yet (a job's process is still starting): not 第 0 / 0 行
                return _("正在准备，请稍候…")
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
