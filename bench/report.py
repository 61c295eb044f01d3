"""The results table: printed to the terminal and written to bench/results.md."""

from __future__ import annotations

import importlib.util
import os
import platform
import shutil
from collections.abc import Sequence
from pathlib import Path

from bench.measure import Figure

RESULTS = Path(__file__).resolve().parent / "results.md"


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def _met(figure: Figure) -> str:
    return "" if figure.met is None else ("yes" if figure.met else "**no**")


def table(figures: Sequence[Figure]) -> list[str]:
    """Return the Markdown table of the figures, each beside its reference and the ratio."""
    lines = ["| figure | program | reference | ref. time | ratio | budget | met | peak MB |",
             "|---|---:|---|---:|---:|---|---|---:|"]
    for figure in figures:
        lines.append(
            f"| {figure.name} | {_ms(figure.seconds)} | {figure.reference} | {_ms(figure.reference_seconds)} | "
            f"{figure.ratio:,.2f} × | {figure.budget} | {_met(figure)} | {figure.peak_mb:,.0f} |"
        )
    return lines


def absent_figures() -> list[str]:
    """Return one line per figure whose subject is not in this build, saying why (no numbers are made up)."""
    lines = []
    has = lambda name: importlib.util.find_spec(name) is not None  # noqa: E731
    if not shutil.which("soffice"):
        lines.append("Certificates vs a LibreOffice mail merge: `soffice` is not installed on this machine and was not "
                     "installed for the benchmark, so that ratio is not measured (the issue measured 13.2 s for "
                     "5,000 pages elsewhere; not comparable with this run's times).")
    if not has("desk.exchange"):
        lines.append("Export and import of a 100 k-record bundle vs raw SQLite executemany: not measured, the "
                     "exchange package (desk/exchange) has not landed in this build.")
    if not has("desk.sheets"):
        lines.append("XLSX import of 100 k rows: not measured, desk/sheets has not landed in this build.")
    return lines


def machine() -> str:
    """Return a one-line description of where the run happened (the machine is shared: ratios matter)."""
    import sqlcipher3

    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    version = sqlcipher3.connect(":memory:").execute("select sqlite_version()").fetchone()[0]
    return (f"{platform.node()}: {os.cpu_count()} cores, load average {load} at the start, Python "
            f"{platform.python_version()}, SQLite {version} (sqlcipher3)")


def write(header: Sequence[str], data_lines: Sequence[str], figures: Sequence[Figure], memory: Sequence[str],
          notes: Sequence[str], target: Path = RESULTS) -> str:
    """Write the results file; return its text."""
    parts = ["# Benchmark results", "", *header, "", "## Data", "", *data_lines, "", "## Figures", "",
             "Each figure is measured beside its reference in the same run; the ratio is program ÷ reference. "
             "Budgets are the issue's (absolute times; the machine is shared, so they are noisy).", "",
             *table(figures), ""]
    parts += [f"- {figure.name}: {figure.note}" for figure in figures if figure.note]
    parts += ["", "## Not measured", ""]
    parts += [f"- {line}" for line in absent_figures()] or ["- Nothing: every figure of the issue was measured."]
    parts += ["", "## Memory peaks", "", *[f"- {line}" for line in memory], "", "## Findings", ""]
    parts += [f"- {line}" for line in notes]
    text = "\n".join(parts) + "\n"
    target.write_text(text, encoding="utf-8")
    return text
