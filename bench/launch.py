"""Launch to a usable window vs a bare PySide6 window, each in fresh subprocesses, median of several runs.

Three figures, each child a fresh process clocked from its start (interpreter start and imports
count on both sides alike) against a bare QMainWindow shown and painted in the same run:

1. **Launch to a usable window**: the real start (``main.py --db``) on an encrypted office database,
   as every office's database is since encryption by default.  The first window a clerk can use is
   the login dialog: "usable" means it is shown and painted and the keyboard focus is in its user
   name field (typing goes there).  Budget: ≤ 2 × the bare window.
2. **Login submitted → main window**: in the same child, the user name and password are put in and
   the login submitted the moment the dialog is usable (no typing time, so whatever is still being
   imported in the background is waited for: the worst case); clocked until the main window is shown
   and painted with its first screen's list holding rows (the home screen has no list: painted).
   This includes unwrapping the key (Argon2id), the password check and the quick check.
3. **The measured database's main window, login skipped**: the figure of the earlier rounds (open the
   region's large database and show the main window with rows, as scripts/screenshot.py does), kept
   so the database's own cost is not hidden by the small office database of 1 and 2.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.measure import ROOT, Figure, Outcome, child_env

LOGIN = ("admin", "bench-password")  # the login child's administrator (the generator's too: bench.generate.ADMIN)


def bare_window() -> None:
    """Child: show an empty QMainWindow, let it paint, report."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1200, 760)
    window.show()
    app.processEvents()
    _ready()


def program_window(db: str) -> None:
    """Child: open the database and the real MainWindow; wait until the first screen's list has rows.

    The login dialog of ui.app.run_gui is skipped (a person types there), as scripts/screenshot.py does.

    The phases (imports, database, window, first paint) go to stderr as ``phase NAME SECONDS``.
    """
    clock = time.perf_counter()

    def phase(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        print(f"phase {name} {now - clock:.3f}", file=sys.stderr, flush=True)
        clock = now

    from desk.core.i18n import set_language
    from desk.core.settings import UserSettings

    set_language("zh_CN")
    from PySide6.QtWidgets import QApplication

    from desk.db.database import open_database
    from ui.app import build_context, make_application
    from ui.common.table_model import LazyTableModel
    from ui.main_window import MainWindow

    phase("imports")
    app = make_application(sys.argv[:1])
    phase("application")
    database = open_database(db)
    context = build_context(database)
    phase("database")
    settings = UserSettings(Path(tempfile.mkdtemp(prefix="bench-launch-")) / "settings.json")
    window = MainWindow(context, settings)
    phase("window")
    window.show()
    QApplication.sendPostedEvents()
    window.repaint()  # the first paint, synchronously; the home screen's figures follow from a timer
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        models = window.current_screen().findChildren(LazyTableModel)
        if not models or any(model.rowCount() and model.row(0) is not None for model in models):
            break  # the first screen's list has rows, or it has no list (the home screen is painted)
        app.processEvents()
    else:
        raise SystemExit("the first screen's list never filled")
    phase("shown")
    _ready()
    home = window.current_screen()
    while getattr(home, "loading", False) and time.monotonic() < deadline:
        app.processEvents()  # after "ready": how long the home screen's figures take to appear (read off the GUI thread)
    phase("figures")
    database.close()


def login_window(db: str) -> None:
    """Child: the real start of ``main.py --db DB`` (an encrypted database); report the login dialog, then the main window.

    "ready" is printed when the login dialog is shown, painted and has the focus in its user name
    field; the login is then submitted at once and "main SECONDS" printed (seconds from the submit)
    when the main window is shown and painted with its first screen's list holding rows.  A polling
    timer (2 ms) finds the windows by class name, so it imports nothing of the program itself.
    """
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])  # main.py's run_gui uses this one (as the packaging smoke test does)
    state: dict[str, float] = {}

    def by_class(name: str):
        return next((widget for widget in app.topLevelWidgets() if type(widget).__name__ == name
                     and widget.isVisible()), None)

    def submit(dialog) -> None:
        dialog.username_edit.setText(LOGIN[0])
        dialog.password_edit.setText(LOGIN[1])
        state["submitted"] = time.perf_counter()
        dialog.try_login()

    def poll() -> None:
        if "submitted" not in state and "login" not in state:
            dialog = by_class("LoginDialog")
            if dialog is not None and app.focusWidget() is dialog.username_edit:
                dialog.repaint()  # painted, synchronously
                state["login"] = time.perf_counter()
                _ready()
                QTimer.singleShot(0, lambda: submit(dialog))
            return
        window = by_class("MainWindow")
        if window is None or "submitted" not in state:
            return
        table_model = sys.modules.get("ui.common.table_model")  # not loaded: the first screen has no list
        models = window.current_screen().findChildren(table_model.LazyTableModel) if table_model else []
        if models and not any(model.rowCount() and model.row(0) is not None for model in models):
            return
        window.repaint()
        print("main", time.perf_counter() - state["submitted"], flush=True)
        timer.stop()
        app.exit(0)

    timer = QTimer()
    timer.setInterval(2)
    timer.timeout.connect(poll)
    timer.start()
    sys.argv = ["main.py", "--db", db]
    import main

    status = main.main()
    if "login" not in state:
        raise SystemExit(f"the login dialog never took input (status {status})")


def _ready() -> None:
    import os
    import resource

    seconds = time.time() - float(os.environ["BENCH_STARTED"])
    print("ready", seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, flush=True)


@dataclass
class Start:
    """One fresh start: seconds to ready (None: not within the timeout), peak MB, phases from stderr."""

    seconds: float | None
    peak_mb: float
    phases: dict[str, float]
    main: float | None = None  # the login child: seconds from submitting the login to the main window


def _env(data_dir: Path, compiled: bool) -> dict[str, str]:
    """Return a launch child's environment: with ``compiled``, the modules' bytecode is kept (in ``data_dir``).

    The installed program (PyInstaller, packaging/) carries its modules compiled; a checkout run
    with PYTHONDONTWRITEBYTECODE (as this machine's shell sets) compiles the program's own
    modules from source at every start, which the bare window, made of installed modules only,
    never does.  Both children are measured the same way.
    """
    env = child_env(data_dir)
    if compiled:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(data_dir / "bytecode")
    else:
        env["PYTHONDONTWRITEBYTECODE"] = "1"  # installed packages keep their own bytecode, the checkout has none
        env.pop("PYTHONPYCACHEPREFIX", None)
    return env


def _time_child(which: str, db: Path, data_dir: Path, timeout: float, compiled: bool = True) -> Start:
    env = dict(_env(data_dir, compiled), BENCH_STARTED=repr(time.time()))
    process = subprocess.Popen(
        [sys.executable, "-m", "bench", "figure", "launch-child", which, "--db", str(db)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        _out, err = process.communicate()
        return Start(None, 0.0, _phases(err))
    line = next((line for line in out.splitlines() if line.startswith("ready")), "")
    if not line or process.returncode:
        raise RuntimeError(f"launch child {which} failed:\n{err[-3000:]}")
    _word, seconds, peak = line.split()
    main = next((float(line.split()[1]) for line in out.splitlines() if line.startswith("main ")), None)
    return Start(float(seconds), float(peak), _phases(err), main)


def _phases(err: str) -> dict[str, float]:
    return {parts[1]: float(parts[2]) for parts in (line.split() for line in err.splitlines()) if parts[:1] == ["phase"]}


def encrypted_office(folder: Path) -> Path:
    """Make the encrypted office database the login start opens (the benchmark office and administrator)."""
    from bench.generate import OFFICE
    from desk.security.newdb import create_encrypted_office

    path = folder / "office.db"
    database, _code = create_encrypted_office(path, dict(OFFICE), *LOGIN)
    database.close()
    return path


def measure_login(runs: int, data_dir: Path, timeout: float = 30) -> list[Figure]:
    """Return figures 1 and 2 of the module's docstring: the login dialog vs bare, and submit → main window."""
    office = encrypted_office(Path(tempfile.mkdtemp(prefix="bench-office-", dir=data_dir)))
    _time_child("login", office, data_dir, timeout)  # unmeasured: bytecode and file cache for both
    _time_child("bare", office, data_dir, timeout)
    login, bare, after = [], [], []
    for _ in range(runs):
        bare.append(_time_child("bare", office, data_dir, timeout).seconds or timeout)
        start = _time_child("login", office, data_dir, timeout)
        login.append(start.seconds or timeout)
        after.append(start.main or timeout)
    source, source_bare = [], []
    for _ in range(runs):
        source_bare.append(_time_child("bare", office, data_dir, timeout, compiled=False).seconds or timeout)
        source.append(_time_child("login", office, data_dir, timeout, compiled=False).seconds or timeout)
    seconds, reference = statistics.median(login), statistics.median(bare)
    first = Figure(
        "launch to a usable window (the login dialog, focus in its user name field)", seconds,
        "a bare PySide6 QMainWindow", reference, "≤ 2 × bare", seconds <= 2 * reference,
        f"main.py on an encrypted office database, fresh processes with compiled bytecode, median of {runs}; "
        f"from source: {statistics.median(source):.2f} s vs bare {statistics.median(source_bare):.2f} s = "
        f"{statistics.median(source) / statistics.median(source_bare):.2f} ×")
    second = Figure(
        "login submitted → main window shown (submitted the moment the dialog took input)", statistics.median(after),
        "a bare PySide6 QMainWindow", reference, "", None,
        "the same starts: waits for the background imports still running, unwraps the key (Argon2id), checks "
        "the password and the file (quick_check), builds and paints the main window; runs: "
        + ", ".join(f"{value:.2f}" for value in after) + " s")
    return [first, second]


def measure_launch(db: Path, runs: int, data_dir: Path, label: str = "", timeout: float = 30) -> Outcome:
    """Return the launch figures (the module's docstring): medians of ``runs`` fresh starts each, alternating.

    A start that is not usable within ``timeout`` seconds is stopped and reported as such.
    """
    login = [] if label else measure_login(runs, data_dir, timeout)  # the start every office has: first
    first = _time_child("program", db, data_dir, timeout)  # unmeasured: warms the file cache for both
    _time_child("bare", db, data_dir, timeout)  # unmeasured too: both have their bytecode from here on
    if first.seconds is None:
        bare = statistics.median(_time_child("bare", db, data_dir, timeout).seconds or 0 for _ in range(runs))
        figure = Figure(f"the measured database's main window, login skipped{label}", timeout, "a bare PySide6 QMainWindow", bare,
                        "", None, f"NOT usable within {timeout:.0f} s: stopped (phases reached: "
                        + ", ".join(f"{name} {value:.1f} s" for name, value in first.phases.items()) + ")")
        return Outcome([*login, figure])
    program, bare, peaks, phases = [], [], [], []
    for _ in range(runs):
        bare.append(_time_child("bare", db, data_dir, timeout).seconds or timeout)
        start = _time_child("program", db, data_dir, timeout)
        program.append(start.seconds or timeout)
        peaks.append(start.peak_mb)
        phases.append(start.phases)
    seconds, reference = statistics.median(program), statistics.median(bare)
    parts = ", ".join(f"{name} {statistics.median(p.get(name, 0) for p in phases):.2f} s" for name in phases[0])
    source, source_bare = [], []
    for _ in range(runs):
        source_bare.append(_time_child("bare", db, data_dir, timeout, compiled=False).seconds or timeout)
        source.append(_time_child("program", db, data_dir, timeout, compiled=False).seconds or timeout)
    from_source = statistics.median(source) / statistics.median(source_bare)
    figure = Figure(
        f"the measured database's main window, login skipped{label}", seconds, "a bare PySide6 QMainWindow",
        reference, "", None,
        "the earlier rounds' launch figure (before the login dialog came first): fresh processes with compiled "
        f"bytecode as installed, median of {runs}; phases: {parts}; from source "
        f"(no bytecode kept, as a checkout with PYTHONDONTWRITEBYTECODE): {statistics.median(source):.2f} s vs "
        f"bare {statistics.median(source_bare):.2f} s = {from_source:.2f} ×")
    outcome = Outcome([*login, figure], max(peaks))
    for item in outcome.figures:
        item.peak_mb = outcome.peak_mb
    return outcome
