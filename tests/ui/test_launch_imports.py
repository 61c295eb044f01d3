"""Launch imports what the first screen needs: the other screens' modules and the heavy libraries load on first use.

Run in a fresh interpreter (this one has imported everything already): open the database, build
the main window as ui/app.py does, show it and let the home screen read its figures; then no other
screen's module and none of ReportLab, openpyxl, Alembic or pypinyin may be loaded.  Showing a
second screen loads its module then.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys, tempfile, time
from pathlib import Path
from PySide6.QtWidgets import QApplication
from desk.db.database import open_database
from ui.app import build_context, make_application
from ui.main_window import MainWindow
from desk.core.settings import UserSettings

app = make_application(sys.argv[:1])
database = open_database(sys.argv[1])
context = build_context(database)
window = MainWindow(context, UserSettings(Path(tempfile.mkdtemp()) / "settings.json"))
window.show()
home = window.current_screen()
deadline = time.monotonic() + 60
while (home.loading or not home.group_boxes) and time.monotonic() < deadline:
    app.processEvents()
first = sorted(name for name in sys.modules if name.startswith("ui.") and name.endswith(".screen"))
heavy = sorted(name for name in ("reportlab", "openpyxl", "alembic", "pypinyin") if name in sys.modules)
window.show_screen("training")
after = sorted(name for name in sys.modules if name.startswith("ui.") and name.endswith(".screen"))
print(json.dumps({"first": first, "heavy": heavy, "after": after, "figures": sorted(home.group_boxes)}))
database.close()
"""


def test_the_first_screen_does_not_import_the_other_screens_or_the_heavy_libraries(db_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-c", CHILD, str(db_path)], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    found = json.loads(done.stdout.strip().splitlines()[-1])
    assert found["figures"]  # the home screen did read and show its figures
    assert found["first"] == ["ui.home.screen"]
    assert found["heavy"] == []
    assert "ui.training.screen" in found["after"]


LOGIN_CHILD = r"""
import json, sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

import ui.common.preload

HEAVY = ("sqlalchemy", "desk.db.database", "desk.office.model", "desk.security.session", "ui.main_window")
target, user, password = sys.argv[1:4]
app = QApplication(sys.argv[:1])
seen = {"messages": []}
real_start = ui.common.preload.Preload.start


def start(preload):
    if "at_start" not in seen:  # the background imports begin: the login dialog is up, nothing heavy loaded yet
        dialog = app.activeModalWidget()
        seen["dialog"] = type(dialog).__name__ if dialog is not None and dialog.isVisible() else None
        seen["at_start"] = sorted(name for name in HEAVY if name in sys.modules)
    real_start(preload)


ui.common.preload.Preload.start = start


def poll():
    dialog = app.activeModalWidget()
    if type(dialog).__name__ == "LoginDialog" and app.focusWidget() is dialog.username_edit and "typed" not in seen:
        seen["typed"] = True
        dialog.username_edit.setText(user)
        for typed in ("wrong-password", password):
            dialog.password_edit.setText(typed)
            dialog.try_login()
            seen["messages"].append(dialog.message_label.text())
        return
    window = next((w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow" and w.isVisible()), None)
    if window is not None:
        seen.setdefault("shown", time.monotonic())
        focused = app.focusWidget()
        if (focused is None or focused.window() is not window) and time.monotonic() - seen["shown"] < 2:
            return  # the window system hands the focus over a moment after showing
        seen["focus"] = type(focused).__name__ if focused is not None and focused.window() is window else None
        seen["title"] = window.windowTitle()
        seen["user"] = window.context.actor.user
        window.close()


timer = QTimer()
timer.timeout.connect(poll)
timer.start(5)
sys.argv = ["main.py", "--db", target]
import main

seen["status"] = main.main()
print(json.dumps(seen, ensure_ascii=False))
"""


def _start_encrypted(db_path, tmp_path, monkeypatch, platform: str, prefix: list[str]) -> dict:
    """Encrypt ``db_path``, start main.py on it in a fresh interpreter under ``platform``, log in; return what
    LOGIN_CHILD saw."""
    from argon2 import PasswordHasher

    from desk.office import passwords
    from desk.security import keys
    from tests.conftest import ADMIN

    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1))
    monkeypatch.setattr(keys, "MEMORY_KIB", 8192)
    monkeypatch.setattr(keys, "TIME_COST", 1)
    keys.encrypt_database(db_path, *ADMIN)
    env = dict(os.environ, QT_QPA_PLATFORM=platform, PYTHONPATH=str(ROOT), DESK_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([*prefix, sys.executable, "-c", LOGIN_CHILD, str(db_path), *ADMIN], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_an_encrypted_start_shows_the_login_dialog_before_sqlalchemy_loads_and_logs_in_as_before(db_path, tmp_path,
                                                                                                  monkeypatch):
    from tests.conftest import ADMIN

    seen = _start_encrypted(db_path, tmp_path, monkeypatch, "offscreen", [])
    assert seen["dialog"] == "LoginDialog" and seen["at_start"] == []
    assert seen["messages"][0] == "用户名或密码不对"  # the wrong password: refused with the key file's own message
    assert seen["user"] == ADMIN[0] and seen["status"] == 0
    assert seen["focus"] is not None  # the main window takes the keyboard once the login dialog has gone


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="needs xvfb-run (packaging/system-deps.sh --with-checks)")
def test_after_the_login_the_main_window_has_the_keyboard_in_a_real_x_window_system(db_path, tmp_path, monkeypatch):
    """Under X with no window manager (Xvfb) nothing hands the focus to a newly shown window: the main window
    asks for it, or a clerk's first keystrokes after logging in would go nowhere."""
    seen = _start_encrypted(db_path, tmp_path, monkeypatch, "xcb", ["xvfb-run", "-a", "-s", "-screen 0 1366x768x24"])
    assert seen["status"] == 0 and seen["focus"] is not None


def test_a_background_import_that_fails_raises_on_the_gui_thread(qapp):
    from ui.common.preload import Preload

    preload = Preload(("json", "desk_no_such_module"))
    preload.start()
    try:
        preload.wait()
    except ModuleNotFoundError as exc:
        assert exc.name == "desk_no_such_module" and preload.failed == "desk_no_such_module"
    else:
        raise AssertionError("the failed import was not raised")


def test_only_a_window_command_line_skips_the_full_parser():
    from desk.console import gui_options

    assert vars(gui_options([])) == {"db": None, "user": None}
    assert vars(gui_options(["--db", "a.db", "--user=li"])) == {"db": "a.db", "user": "li"}
    assert gui_options(["--db"]) is None and gui_options(["--db", "--user", "li"]) is None
    assert gui_options(["list", "offices"]) is None and gui_options(["--version"]) is None
    assert gui_options(["--d", "a.db"]) is None  # an abbreviation: the full parser decides, as before


def test_work_run_beside_the_gui_returns_its_value_or_raises_its_error_and_the_gui_keeps_running(qapp):
    import threading

    from PySide6.QtCore import QTimer

    from desk.core.errors import DeskError
    from ui.common.preload import run_beside

    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(threading.current_thread().name))
    timer.start(5)
    release = threading.Event()
    QTimer.singleShot(60, release.set)  # only the GUI thread's event loop can set it: the loop runs during the work

    def work(value):
        if not release.wait(10):
            raise AssertionError("the GUI's event loop did not run while the work waited")
        return (value, threading.current_thread().name)

    assert run_beside(work, 7) == (7, "desk-beside")
    assert ticks and set(ticks) == {"MainThread"}
    timer.stop()

    def refuse():
        raise DeskError("用户名或密码不对")

    try:
        run_beside(refuse)
    except DeskError as exc:
        assert exc.message == "用户名或密码不对"
    else:
        raise AssertionError("the error was not raised on the GUI thread")
