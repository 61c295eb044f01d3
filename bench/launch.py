"""Launch to a usable main window vs a bare PySide6 window, each in fresh subprocesses, median of several runs.

"Usable" means the MainWindow is shown and the first screen's list holds its first rows.  The
parent clocks from starting the process to the child's "ready" line, so interpreter start and
imports count on both sides alike.
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
    if not line:
        raise RuntimeError(f"launch child {which} failed:\n{err[-3000:]}")
    _word, seconds, peak = line.split()
    return Start(float(seconds), float(peak), _phases(err))


def _phases(err: str) -> dict[str, float]:
    return {parts[1]: float(parts[2]) for parts in (line.split() for line in err.splitlines()) if parts[:1] == ["phase"]}


def measure_launch(db: Path, runs: int, data_dir: Path, label: str = "", timeout: float = 30) -> Outcome:
    """Return the launch figure: medians of ``runs`` fresh starts each, program and bare window alternating.

    A start that is not usable within ``timeout`` seconds is stopped and reported as such.
    """
    first = _time_child("program", db, data_dir, timeout)  # unmeasured: warms the file cache for both
    _time_child("bare", db, data_dir, timeout)  # unmeasured too: both have their bytecode from here on
    if first.seconds is None:
        bare = statistics.median(_time_child("bare", db, data_dir, timeout).seconds or 0 for _ in range(runs))
        figure = Figure(f"launch to a usable main window{label}", timeout, "a bare PySide6 QMainWindow", bare,
                        "≤ 2 × bare", False, f"NOT usable within {timeout:.0f} s: stopped (phases reached: "
                        + ", ".join(f"{name} {value:.1f} s" for name, value in first.phases.items()) + ")")
        return Outcome([figure])
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
        f"launch to a usable main window{label}", seconds, "a bare PySide6 QMainWindow", reference,
        "≤ 2 × bare", seconds <= 2 * reference,
        f"fresh processes with compiled bytecode as installed, median of {runs}; phases: {parts}; from source "
        f"(no bytecode kept, as a checkout with PYTHONDONTWRITEBYTECODE): {statistics.median(source):.2f} s vs "
        f"bare {statistics.median(source_bare):.2f} s = {from_source:.2f} ×")
    outcome = Outcome([figure], max(peaks))
    figure.peak_mb = outcome.peak_mb
    return outcome
