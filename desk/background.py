"""A job's session (committed, rolled back or none) and the child process that runs a big job on its own.

A job is ``job(session, progress)``.  ``run_job`` gives it its session: a WRITE job's one transaction is
committed only when the job returns and nobody cancelled it; a READ job's is always rolled back.  The
window's operations (ui/common/operations.py) run small jobs this way on a thread and big ones (exchange
and Excel checks, imports and exports) in a child process started with ``spawn``: it shares no
interpreter lock with the window, so the window never waits for it.

The child's side is ``child_main``: it reads what to do from a pipe (the database's path or server URL
and the encryption key travel there, never on the command line or in the environment), opens its own
database, runs the job and sends back progress, log records and the result or the error.  It ends
without writing anything when the window's end of the control pipe closes (the program died, or the
job was stopped hard).  Nothing here imports Qt.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import sys
import threading
import time
import traceback
from collections.abc import Callable
from enum import Enum
from functools import partial
from multiprocessing.connection import Connection
from typing import Any

from desk.core.errors import Cancelled, DeskError
from desk.core.i18n import _

log = logging.getLogger(__name__)

Progress = Callable[..., bool]  # progress(done, total, text=None) -> False once cancelled
Job = Callable[[Any, Progress], Any]

EMIT_EVERY_S = 0.05  # at most 20 progress reports a second

# What the child sends: ("progress", done, total, text), ("log", record), ("ok", result),
# ("error", exception, traceback text).  What the window sends: the job, its Chunked lists in pieces,
# then "cancel" if the user cancels.
CANCEL = "cancel"
HARD_EXIT = 3  # the child's exit status when the window's end of the pipe closed mid-job


class SessionMode(Enum):
    """How the job's session ends: committed, always rolled back, or no session at all."""

    WRITE = "write"  # one transaction, committed when the job returns (rolled back on error or cancel)
    READ = "read"  # rolled back: checks and dry runs write nothing
    NONE = "none"  # the job opens what it needs (a backup copies the file through the engine)


class Reporter:
    """The ``progress`` a job gets: hands ``(done, total, text)`` to ``emit`` at most 20 times a second
    (and always at the end) and answers False once ``cancelled`` is set."""

    def __init__(self, emit: Callable[[int, int, str], None], cancelled: threading.Event):
        self.emit = emit
        self.cancelled = cancelled
        self.refused = False  # True once a progress call told the job to stop
        self._last_emit = 0.0

    def __call__(self, done: int, total: int, text: str | None = None) -> bool:
        now = time.monotonic()
        if done >= total or now - self._last_emit >= EMIT_EVERY_S:
            self._last_emit = now
            self.emit(int(done), int(total), text or "")
        if self.cancelled.is_set():
            self.refused = True
            return False
        return True


def run_job(sessions: Any, job: Job, mode: SessionMode, progress: Reporter) -> Any:
    """Run ``job`` in its session as ``mode`` says; raise Cancelled (nothing written) if it was told to stop."""
    if mode is SessionMode.NONE:
        result = job(None, progress)
    elif mode is SessionMode.READ:
        with sessions() as session:
            try:
                result = job(session, progress)
            finally:
                session.rollback()
    else:
        with sessions.begin() as session:  # one transaction: all or nothing
            result = job(session, progress)
            if progress.refused:
                raise Cancelled(_("已取消，没有做任何改动。"))
    if progress.refused:
        raise Cancelled(_("已取消，没有做任何改动。"))
    return result


PIECE = 1000  # items of a Chunked list per message


class Chunked(list[Any]):
    """A large list handed to a child's job (an Excel ledger's rows): sent a thousand items at a time.

    Pickling 100,000 rows in one call held the interpreter lock, and the window, for over a second; in
    pieces the window runs between them.  Give it as a keyword of a ``functools.partial`` job; the job
    gets a plain list with the same items (on a thread it gets this one, which is a list too).
    """


def split_job(job: Job) -> tuple[Job, dict[str, list[Any]]]:
    """Return ``job`` without its Chunked keywords, and those lists by keyword."""
    keywords = getattr(job, "keywords", None)
    if not isinstance(job, partial) or not keywords:
        return job, {}
    bulky: dict[str, list[Any]] = {name: value for name, value in keywords.items() if isinstance(value, Chunked)}
    if not bulky:
        return job, {}
    rest = {name: value for name, value in keywords.items() if name not in bulky}
    return partial(job.func, *job.args, **rest), bulky


def send_pieces(send: Callable[[Any], None], bulky: dict[str, list[Any]]) -> None:
    """Send each Chunked list as ("piece", keyword, items) messages, then ("pieces done",)."""
    for name, items in bulky.items():
        for start in range(0, len(items), PIECE):
            send(("piece", name, items[start : start + PIECE]))
        if not items:
            send(("piece", name, []))
    send(("pieces done",))


def _receive_pieces(control: Connection, job: Job) -> Job:
    lists: dict[str, list[Any]] = {}
    while (message := control.recv())[0] == "piece":
        lists.setdefault(message[1], []).extend(message[2])
    return partial(job, **lists) if lists else job


class RemoteTraceback(Exception):
    """The traceback of an error raised in the child process, as text (the cause of the error re-raised here)."""

    def __init__(self, text: str):
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return "\n\nIn the job's process:\n" + self.text


def portable_error(error: BaseException) -> BaseException:
    """Return ``error`` if it survives pickling, else an error of the same kind of meaning that does."""
    try:
        copy = pickle.loads(pickle.dumps(error))
        if type(copy) is type(error) and str(copy) == str(error):
            return error
    except Exception:  # noqa: BLE001 (any exception that cannot travel is replaced below)
        pass
    if isinstance(error, DeskError):
        return DeskError(error.message)
    return RuntimeError(f"{type(error).__name__}: {error}")


class _PipeHandler(logging.Handler):
    """Sends the child's log records to the window's process, which writes them to its own log."""

    def __init__(self, send: Callable[[Any], None]):
        super().__init__()
        self.send = send

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            if record.exc_info:
                message += "\n" + "".join(traceback.format_exception(*record.exc_info))
            copy = logging.makeLogRecord({**record.__dict__, "msg": message, "args": None, "exc_info": None,
                                          "exc_text": None, "stack_info": None})
            self.send(("log", copy))
        except Exception:  # noqa: BLE001 (a record that cannot travel is dropped, the job goes on)
            self.handleError(record)


def _watch(control: Connection, cancelled: threading.Event) -> None:
    """In the child: set ``cancelled`` on the window's word; end the process if the window's end closes."""
    while True:
        try:
            message = control.recv()
        except (EOFError, OSError):
            # The program died or stopped the job hard: end now.  An open transaction ends uncommitted.
            os._exit(HARD_EXIT)
        if message == CANCEL:
            cancelled.set()


def child_main(control: Connection, report: Connection) -> None:
    """The child process: open the database, run the one job, send its result or error, end."""
    try:
        order = control.recv()
    except EOFError:
        return
    send = report.send
    job = _receive_pieces(control, order["job"])
    root = logging.getLogger()
    root.handlers[:] = [_PipeHandler(send)]
    root.setLevel(order["log_level"])
    try:
        from desk.core.i18n import set_language

        set_language(order["language"])
        cancelled = threading.Event()
        threading.Thread(target=_watch, args=(control, cancelled), name="desk-job-watch", daemon=True).start()
        gc.disable()  # the process ends with the job: collecting the objects a large job builds only costs time
        progress = Reporter(lambda done, total, text: send(("progress", done, total, text)), cancelled)
        mode = SessionMode(order["mode"])
        database = None
        if mode is not SessionMode.NONE:
            from desk.db.database import open_database

            database = open_database(order["target"], order["key"], migrate=False)
        try:
            result = run_job(database.sessions if database else None, job, mode, progress)
        finally:
            if database is not None:
                database.close()
        send(("ok", result))
    except BaseException as error:  # noqa: BLE001 (every error goes to the window, which tells the user once)
        send(("error", portable_error(error), "".join(traceback.format_exception(error))))
    finally:
        report.close()
        sys.stdout.flush()
