"""Big jobs in a child process: the window never waits for the job's Python code, the child opens the database
with the key it got through the pipe (never argv or the environment), and it dies when the window's end closes."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from sqlalchemy import text

from desk.background import CANCEL, HARD_EXIT, child_main, send_pieces
from desk.db.database import Database
from desk.db.engine import make_engine, make_sessions
from tests.ui.background import StallMeter, stall_limit_ms
from ui.common.operations import Operation, SessionMode

KEY = "sesame-4509-0f3c"
HOLD_S = 0.8  # how long the job holds the interpreter lock in one C call


@pytest.fixture
def encrypted(tmp_path):
    """A small encrypted database: table t with three rows."""
    path = tmp_path / "small.db"
    engine = make_engine(path, key=KEY)
    with engine.begin() as connection:
        connection.exec_driver_sql("CREATE TABLE t (x INTEGER)")
        connection.exec_driver_sql("INSERT INTO t VALUES (1), (2), (3)")
    database = Database(engine, make_sessions(engine), path, key=KEY)
    yield database
    database.close()


def whereabouts(session, _progress):
    """Where the job ran: its process, its command line and environment, and what it read from the database."""
    return (os.getpid(), Path("/proc/self/cmdline").read_bytes(), Path("/proc/self/environ").read_bytes(),
            session.execute(text("SELECT count(*) FROM t")).scalar())


def hold_the_lock(_session, _progress):
    """Long C calls: a thread running one keeps every other thread of its process waiting; return the longest (ms)."""
    deadline, longest = time.perf_counter() + HOLD_S, 0.0
    while time.perf_counter() < deadline:
        started = time.perf_counter()
        sum(range(10_000_000))
        longest = max(longest, (time.perf_counter() - started) * 1000)
    return longest


def write_then_wait(session, progress):
    """Write a row, say so, then never ask whether to stop (only a hard stop ends it)."""
    session.execute(text("INSERT INTO t VALUES (4)"))
    session.flush()
    progress(1, 2)
    while True:
        time.sleep(0.05)


def run(qtbot, sessions, job, mode=SessionMode.READ, process=True):
    screen = QWidget()
    qtbot.addWidget(screen)
    operation = Operation(screen, sessions, job, "", mode=mode, quiet=True, process=process)
    with StallMeter() as meter, qtbot.waitSignal(operation.done, timeout=60_000):
        operation.start()
    return operation, meter


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads /proc")
def test_a_process_job_runs_in_its_own_process_with_the_key_from_the_pipe(qtbot, encrypted):
    operation, _meter = run(qtbot, encrypted.sessions, whereabouts)
    assert operation.error is None
    pid, cmdline, environ, count = operation.result
    assert pid != os.getpid() and count == 3
    assert KEY.encode() not in cmdline and KEY.encode() not in environ


def test_the_window_waits_for_a_thread_job_but_not_for_a_process_job(qtbot):
    thread_job, on_thread = run(qtbot, None, hold_the_lock, mode=SessionMode.NONE, process=False)
    process_job, in_process = run(qtbot, None, hold_the_lock, mode=SessionMode.NONE, process=True)
    # On a thread the window waited for each whole C call; in a child process it waits for nothing.
    assert on_thread.longest_wall >= 0.9 * thread_job.result
    assert in_process.longest < stall_limit_ms(), f"the GUI thread stalled {in_process.longest:.0f} ms"


def test_the_child_ends_without_writing_when_the_windows_end_of_the_pipe_closes(encrypted):
    context = multiprocessing.get_context("spawn")
    control_read, control = context.Pipe(duplex=False)
    report, report_write = context.Pipe(duplex=False)
    child = context.Process(target=child_main, args=(control_read, report_write), daemon=True)
    child.start()
    control_read.close()
    report_write.close()
    control.send({"job": write_then_wait, "mode": SessionMode.WRITE.value, "language": "zh_CN", "log_level": 30,
                  "target": str(encrypted.path), "key": KEY})
    send_pieces(control.send, {})
    while report.poll(60) and report.recv()[0] != "progress":
        pass
    control.send(CANCEL)  # a job that never asks is not stopped by a word...
    time.sleep(0.3)
    assert child.is_alive()
    control.close()  # ...but by the window's end closing (the program died, or stopped the job hard)
    child.join(20)
    assert child.exitcode == HARD_EXIT
    with encrypted.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM t")).scalar() == 3


def never_asks(_session, _progress):
    """A check that never asks whether to stop."""
    while True:
        time.sleep(0.05)


def test_a_cancelled_check_that_does_not_stop_is_ended_hard(qtbot, encrypted):
    screen = QWidget()
    qtbot.addWidget(screen)
    operation = Operation(screen, encrypted.sessions, never_asks, "", mode=SessionMode.READ, quiet=True, process=True)
    operation.start()
    qtbot.wait(300)
    with qtbot.waitSignal(operation.done, timeout=30_000):
        operation.cancel()
    assert "已取消" in str(operation.error) and not multiprocessing.active_children()
