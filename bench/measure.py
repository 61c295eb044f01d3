"""Timing helpers, the figure record, and running a figure in a fresh subprocess that reports its peak memory."""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Figure:
    """One line of the results table: the program's time beside its reference's, measured in the same run."""

    name: str
    seconds: float
    reference: str
    reference_seconds: float
    budget: str = ""
    met: bool | None = None  # None: the figure has no budget of its own
    note: str = ""
    peak_mb: float = 0.0

    @property
    def ratio(self) -> float:
        return self.seconds / self.reference_seconds if self.reference_seconds else float("inf")


@dataclass
class Outcome:
    """What one child process measured: figures, the memory peak of the process, notes."""

    figures: list[Figure] = field(default_factory=list)
    peak_mb: float = 0.0
    notes: list[str] = field(default_factory=list)


def median_time(action: Callable[[], object], runs: int, warm: int = 1) -> float:
    """Return the median wall time of ``runs`` calls of ``action`` after ``warm`` unmeasured calls."""
    for _ in range(warm):
        action()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def peak_mb() -> float:
    """Return this process's peak resident memory in MB (Linux reports ru_maxrss in KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_env(data_dir: Path) -> dict[str, str]:
    """Return the environment of a child: offscreen Qt, a private data folder, the project on the path."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESK_DATA_DIR=str(data_dir))
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_child(args: list[str], data_dir: Path, timeout: float = 1800) -> Outcome:
    """Run ``python -m bench figure ...`` in a fresh process; return the Outcome it printed as JSON."""
    completed = subprocess.run(
        [sys.executable, "-m", "bench", "figure", *args], cwd=ROOT, env=child_env(data_dir),
        capture_output=True, text=True, timeout=timeout,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"bench figure {' '.join(args)} failed:\n{completed.stderr[-3000:]}")
    payload = json.loads(completed.stdout.strip().splitlines()[-1])
    figures = [Figure(**item) for item in payload["figures"]]
    for figure in figures:
        figure.peak_mb = payload["peak_mb"]
    return Outcome(figures, payload["peak_mb"], payload.get("notes", []))


def print_outcome(outcome: Outcome) -> None:
    """Print an Outcome as the one JSON line a parent reads (the child side of ``run_child``)."""
    outcome.peak_mb = peak_mb()
    print(json.dumps({"figures": [asdict(figure) for figure in outcome.figures], "peak_mb": outcome.peak_mb,
                      "notes": outcome.notes}, ensure_ascii=False))
