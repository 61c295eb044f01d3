"""Imports made on a background thread while the first window waits for the user (the login dialog).

The program's heavy modules (SQLAlchemy, the models and services, the main window) take several
times as long to import as a bare Qt window takes to appear.  The login dialog needs none of them,
so it is shown first and they are imported meanwhile; the login itself waits for them (``wait``),
with the dialog repainting and a busy cursor, when the user is quicker than the imports.

The thread only imports: it makes no Qt object.  Until ``wait`` returns the GUI thread imports
nothing new, so the two threads never wait on each other's module locks.  An import that fails on
the thread is imported again by ``wait`` on the GUI thread, so its error is raised there as without
the thread.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

log = logging.getLogger(__name__)

T = TypeVar("T")


class Preload:
    """Import ``modules`` on a background thread once ``start`` is called; ``wait`` until they are imported."""

    def __init__(self, modules: tuple[str, ...]):
        self.modules = modules
        self.seconds: float | None = None  # how long the imports took on the thread, once done
        self.failed: str | None = None  # the first module whose import raised on the thread
        self._thread = threading.Thread(target=self._run, name="desk-preload", daemon=True)

    def start(self) -> None:
        """Begin the imports (once; later calls do nothing)."""
        if self._thread.ident is None:
            self._thread.start()

    def _run(self) -> None:
        started = time.perf_counter()
        for name in self.modules:
            try:
                importlib.import_module(name)
            except BaseException:  # noqa: BLE001 - raised again on the GUI thread by wait()
                self.failed = name
                break
        self.seconds = time.perf_counter() - started

    @property
    def done(self) -> bool:
        return self._thread.ident is not None and not self._thread.is_alive()

    def wait(self) -> None:
        """Return once every module is imported; the GUI keeps painting meanwhile (a busy cursor shows the wait)."""
        self.start()
        _wait_painting(lambda: self.done)
        self._thread.join()
        if self.failed is not None:
            log.warning("Background import of %s failed; importing it again here", self.failed)
        for name in self.modules:
            importlib.import_module(name)  # at once when imported; raises here what failed on the thread

    def join(self) -> None:
        """Let a running import finish without an event loop (before the program ends)."""
        if self._thread.ident is not None:
            self._thread.join()


def run_beside(function: Callable[..., T], *args: Any) -> T:
    """Return ``function(*args)`` run on a background thread while the GUI keeps painting; raise what it raises.

    For the seconds of work a login does before any window of the program is open (Argon2id,
    opening the database): the login dialog repaints meanwhile, typing and clicks wait until it
    is done (as they would in a frozen window, without freezing it).  ``function`` must make no
    Qt object.
    """
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 - raised again on the GUI thread below
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="desk-beside", daemon=True)
    thread.start()
    _wait_painting(lambda: not thread.is_alive())
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return cast(T, outcome["value"])


def _wait_painting(done: Callable[[], bool]) -> None:
    """Run a local event loop without user input until ``done()``; a busy cursor shows the wait."""
    if done():
        return
    from PySide6.QtCore import Qt  # its first use costs ~40 ms: not before the login dialog shows

    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(15)
    timer.timeout.connect(lambda: loop.quit() if done() else None)
    timer.start()
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        if not done():
            loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    finally:
        QApplication.restoreOverrideCursor()
        timer.stop()
