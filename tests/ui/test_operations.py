"""An operation whose screen is closed while its job runs: the thread ends by itself and collection resumes."""

from __future__ import annotations

import gc
import threading

from PySide6.QtWidgets import QWidget

from ui.common import operations
from ui.common.operations import Operation, SessionMode


def test_closing_the_screen_under_a_running_job_neither_aborts_nor_leaves_collection_off(qtbot):
    screen = QWidget()
    release = threading.Event()
    ran = []

    def job(_session, _progress):
        release.wait(10)
        ran.append(True)
        return "done"

    operation = Operation(screen, None, job, "", mode=SessionMode.NONE, quiet=True).start()
    thread = operation.worker_thread
    assert not gc.isenabled() and thread in operations._alive
    screen.deleteLater()  # the screen (and the operation, its child) go while the job still runs
    qtbot.wait(50)
    release.set()
    qtbot.waitUntil(lambda: not operations._alive, timeout=10_000)
    assert ran == [True] and gc.isenabled()


def test_finish_all_stops_a_cancellable_job_and_waits_for_it(qtbot):
    started = threading.Event()
    stopped = []

    def job(_session, progress):
        started.set()
        while progress(1, 2) is not False:
            pass
        stopped.append(True)

    screen = QWidget()
    qtbot.addWidget(screen)
    Operation(screen, None, job, "", mode=SessionMode.NONE, quiet=True).start()
    assert started.wait(10)
    operations.finish_all()
    assert stopped == [True] and not operations._alive and gc.isenabled()
    qtbot.wait(50)  # the queued results arrive harmlessly


def test_a_writing_job_says_why_the_window_takes_no_input_and_a_reading_job_does_not(qtbot, context):
    """A writing job's window-modal dialog makes every screen read-only; its text says so and why."""
    window = QWidget()
    qtbot.addWidget(window)
    release = threading.Event()

    def job(_session, progress):
        progress(1, 4)
        release.wait(10)

    texts = {}
    for mode in (SessionMode.WRITE, SessionMode.READ):
        operation = Operation(window, context.sessions, job, "正在导入第 {done} / {total} 条…", mode=mode).start()
        qtbot.waitUntil(lambda op=operation: op.last_progress == (1, 4), timeout=10_000)
        assert operation.dialog is not None
        texts[mode] = operation.dialog.labelText()
        release.set()
        qtbot.waitUntil(lambda op=operation: op.finished, timeout=10_000)
        release.clear()
    assert texts[SessionMode.WRITE].splitlines() == ["正在导入第 1 / 4 条…", "写入完成前，各页面暂不能修改，以免与正在写入的数据冲突。"]
    assert texts[SessionMode.READ] == "正在导入第 1 / 4 条…"
