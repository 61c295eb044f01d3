"""The automatic backup runs in the background: start-up is not held up, and closing waits for it to finish."""

from __future__ import annotations

import threading
import time

from PySide6.QtWidgets import QLabel, QMainWindow

from desk.backup.service import auto_backup, default_folder, list_backups
from ui.security import startup
from ui.security.startup import Safety


def test_the_start_up_backup_runs_in_the_background_and_closing_waits_for_it(qtbot, context, monkeypatch):
    window = QMainWindow()
    window.setCentralWidget(QLabel("首页"))
    qtbot.addWidget(window)
    started = []

    def slow_backup(engine):
        started.append(threading.current_thread() is not threading.main_thread())
        time.sleep(1.5)  # a large database: the copy takes a while
        return auto_backup(engine)

    monkeypatch.setattr(startup, "auto_backup", slow_backup)
    before = time.perf_counter()
    safety = Safety(window, context)
    assert time.perf_counter() - before < 1.0  # start-up goes on while the backup is made
    assert safety.operation is not None and safety.operation.is_running()
    safety.finish()  # closing now: waits for the running backup instead of cutting it off
    folder = default_folder(context.database.path)
    backups = list_backups(folder)
    assert len(backups) == 1 and backups[0].size > 0
    assert not list(folder.glob(".*.part"))  # no half-made file
    # off the GUI thread; no second backup at exit: one takes 1.5 s here, so it is left to the next start
    assert safety.operation is None and started == [True]


def test_closing_never_starts_a_backup_that_would_hold_it_up(qtbot, context, monkeypatch):
    window = QMainWindow()
    window.setCentralWidget(QLabel("首页"))
    qtbot.addWidget(window)
    safety = Safety(window, context)
    qtbot.waitUntil(lambda: safety.operation is None, timeout=30_000)  # the start-up backup
    made = []
    monkeypatch.setattr(startup, "auto_backup", lambda engine: made.append(engine))
    safety.timing.append(4.0)  # a large database: its last backup took 4 s
    started = time.perf_counter()
    safety.finish()
    assert made == [] and time.perf_counter() - started < 1.0  # left to the next start, which backs up in the background
    safety.timing.append(0.2)  # a small one is still backed up at exit
    safety.finish()
    assert made == [context.database]
