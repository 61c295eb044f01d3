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
    assert safety.operation is None and started == [True, True]  # off the GUI thread; at exit nothing new was due
