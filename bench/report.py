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


# Causes found by profiling (cProfile, EXPLAIN QUERY PLAN) on the scale-100 database; the run's own
# measurements are in the table and the findings above.  Items marked "Done" were changed in the program
# after the first full run; the others are proposals.
ANALYSIS = (
    "**Every travelling table has a one-value index on `deleted`** (TravelMixin `index=True`; every row is 0). "
    "With no statistics (the program never runs ANALYZE) SQLite prefers it to the real ones: the petitions list "
    "reads all rows through it and sorts them (\"SEARCH petition USING INDEX ix_petition_deleted\"), a petition's "
    "steps are found by scanning every step (so saving one petition slows down as the table grows), and the "
    "events and courses lists' correlated counts scan the whole child table once per row. Fix: `PRAGMA "
    "analysis_limit=400; PRAGMA optimize=0x10002` when a connection opens (desk/db/engine.py) — the "
    "\"with ANALYZE statistics\" rows show the effect — and drop the `deleted` index or make it part of "
    "composite indexes (`(petition_id, deleted)`, `(deleted, received_on)`). Done: the program now refreshes "
    "statistics when it opens a database (`desk.db.database.refresh_statistics`); the rows without the suffix "
    "show a database without statistics, as before the change. Fourth round: the one-value indexes are dropped "
    "(migration 2303; see the changes).",
    "**Launch builds every screen and fills every list** before the window shows: 17 record screens count their "
    "lists (≈1.5 s at scale 100) and load their choice lists; the awards form loads all 300,000 events into "
    "its event combo box (`event_choices`, ≈1.4 s); the petitions screen computes its statistics. Fix: build a "
    "screen (and count its list) on first show; offer events through a search-as-you-type completer over a "
    "ListSource instead of a combo of every event. Imports cost ≈0.5 s warm (pypinyin's phrase dictionary, "
    "alembic); importing pypinyin and alembic lazily would take most of it. Done: screens are built when first "
    "shown (the window opens on the home screen). Fourth round (issue 22): the award form, and every other "
    "choice over a growing table, searches as the clerk types (ui/common/lookup.py), ≤ 20 matches at a time: "
    "see the award-form row.",
    "**Scrolling to the end** reads the last page with OFFSET ≈ 1,000,000, which SQLite can only do by stepping "
    "over every earlier row (the raw reference is as slow). Fix in `ListSource.rows`: for an offset past the "
    "middle, run the query in the reverse order with the small offset from the end and reverse the page; or "
    "keyset paging (seek after the last row's sort key). Done: `ListSource.rows` reads back-half pages in "
    "reverse order when the list's count is known, as the record screen and this benchmark pass it.",
    "**Counting a period** (open the list on 2020H2) counted half a million rows through the one-value `deleted` "
    "index. Done (issue 23, migration 2300): an index on `(deleted, <date>)` for every list with a period, so the "
    "count is an index-only range count (see \"Period count plan\" under Findings) and the first page comes "
    "from the same index in order.",
    "**Search** was `LIKE '%text%'` over four columns: a full scan that no index helps. Done (issue 23, "
    "migration 2300): an FTS5 trigram index beside every searched table, kept current by triggers; a search of 3+ "
    "characters narrows to the index's candidates and the same LIKE decides (results identical to LIKE's, "
    "tests/desk/test_search_index.py); 1–2 characters keep LIKE (trigrams need three; the two-character row "
    "shows that cost).",
    "**Saving**: with statistics one save takes milliseconds (see the two save rows: without them the step "
    "lookup scans every step). Third round, profiled per statement at load 10: of 84 ms a save, 24 ms was the "
    "commit's fsync (kept: synchronous=FULL), 22 ms closing the transaction's connection (NullPool: the last "
    "connection to a file checkpoints the write-ahead log into it and deletes it, two more fsyncs), 14.5 ms the "
    "petition INSERT (a new log file each time; its indexes, search triggers and summary index), 3 ms looking up "
    "the steps of a petition not yet saved, 2 × 0.5 ms the audit entries. Done: an open database keeps one idle "
    "connection (`Database.keep_open`), so the log is checkpointed as it grows and when the program closes "
    "(tests/desk/test_database_keeper.py); a new petition skips the step lookup. Same statements at the same load "
    "afterwards: 28–35 ms a save, the INSERT 6.3 ms.",
    "**Import** of a bundle spends about three quarters of its time planning, not writing (profiled at scale "
    "0.5: `_plan_table` 7.3 s of 9.9 s; `apply_plan` 1.6 s): every record is parsed value by value "
    "(`parse_record`/`parse_value`) and its digest recomputed (JSON encoding + hash) in Python. Parsing each "
    "column with a converter chosen once per table, and trusting the signed bundle's digests instead of "
    "recomputing them for new records, would bring it towards the ≤ 5 × raw budget. Done in the second round "
    "(issue 24's engineer): export and import streamed a table chunk at a time (the process peak fell from "
    "901 MB to the exchange row's), converters chosen once per table (`TableCodec`), each chunk written at once "
    "with Core executemany. Not done: new records' digests are still recomputed (trusting the manifest's would "
    "change the bundle format); the import's ratio is close to its budget.",
    "**Certificates**: per 1,000 certificates `FontSet.face_for` ran 285,000 times (one font lookup per "
    "character, ≈25% of the time) and line breaking measured text width character by character (≈20%). Done "
    "(issue 23): `FontSet` memoises the face per (role, character), the runs per text and the widths per (text, "
    "role, size); the checks before drawing use the same memo. The PDF is byte-identical "
    "(tests/desk/test_reports_certificates.py). Third round, "
    "profiled at 5,000: reading the chosen awards took 2.5 s of 13.7 (SQLite without statistics walked the "
    "period index of all 200,000 awards for `deleted = 0 AND id IN (…)` joined to the titles; by key alone "
    "0.17 s), the register's 5,000 rows were written one statement each (2.3 s), every character was "
    "checked twice (once at issuing, once at drawing) and each body's lines were broken anew though most "
    "bodies repeat. Done: chosen awards read by key with titles apart (desk/awards/report.py), the register "
    "written in one executemany, characters checked once per distinct character and run, lines broken once "
    "per body text. CPU time at 5,000 (load 10): read 0.16 s, issue 0.28 s, drawing 2.3 s vs the floor's 1.7 s. "
    "What remained was ReportLab writing what the program's page had and the floor's had not (saved graphics "
    "state per text, character spacing, the emboldened title's stroke, colours). Fourth round, CPU of drawing "
    "5,000 (no database): 2.0 s vs the page-by-page floor's 1.6 s, of which writing the file (compressing and "
    "ASCII85-encoding every page in pure Python, no rl_accel) about 0.9 s on both sides.",
    "**Launch** (issue 23): the home screen's figures are computed after the first paint (a timer), Alembic is "
    "not loaded when the stored revisions equal the migration scripts' heads (read from the files), and "
    "pypinyin, openpyxl and ReportLab load when first used. Second round: a registry that names each "
    "screen's module without importing it (`Deferred` factories in `ui/<package>/__init__.py`) and the home "
    "figures read off the GUI thread. What remains is importing SQLAlchemy, the models and the services the home "
    "figures need.",
    "**Launch** (third round, `python -X importtime` of the launch child, load ≈ 9): of 1.47 s of imports before "
    "the window, SQLAlchemy took 0.65 s (with asyncio, which it imports, 0.70 s), PySide6 and shiboken 0.19 s "
    "(the bare window's share), the program's own modules (desk, ui) 0.24 s. SQLAlchemy alone costs more than "
    "twice the bare window's imports, so ≤ 2 × bare needs the window before SQLAlchemy: the login check and the "
    "context the window needs (profile, user roles, period) read without the ORM, the engine and models "
    "imported after the first paint. Done in the fourth round for the daily start, an encrypted database: the "
    "login dialog needs none of it (the key file tells an encrypted database), so it shows first and the rest "
    "imports behind it. Still before the first window: a plain file (the demo, a database not yet converted) "
    "and a server database are opened and checked before their login, as before.",
)


# What issue 23 changed, and what each change bought: the "before" figures are those of the run of
# 2026-11-29 (scale 100, same machine); the "after" figures are this run's rows named in each line.
CHANGES = (
    "**Search** (migration 2300, desk/db/fulltext.py): FTS5 trigram index beside every searched table, kept by "
    "triggers; 3+ characters narrow through it, LIKE decides. Before: 1,136 ms for “王秀英” over a million "
    "petitions (a LIKE scan); after: the search rows (their reference is the old LIKE statement, run raw). One "
    "or two characters still scan (the two-character row).",
    "**Period lists** (migration 2300): `(deleted, <date>)` index on every list with a period. Before: opening "
    "2020H2 (500,000 rows) took 1,095 ms; after: the period rows (the count is an index-only range count).",
    "**Lists open before their count** (second round, ui/common/table_model.py `count_later`, used by every "
    "record screen): a reload reads and shows the first page; a short page is the whole list; otherwise the exact "
    "count (an index count of a million entries) follows from a timer and fills 共 N 条. Before: the list on every "
    "period 131 ms (count + first page); after: the open-list rows (their note gives the time to the exact count).",
    "**Launch**: home figures after the first paint, no Alembic when the stored revision is the scripts' head, "
    "pypinyin/openpyxl/ReportLab/Alembic on first use (first round). Second round: each ui package declares its "
    "screen in `__init__.py` with a `Deferred` factory, so only the first screen's module is imported at start "
    "(tests/ui/test_launch_imports.py checks no other screen, ReportLab, openpyxl, Alembic or pypinyin is "
    "loaded), and the home figures are read in a background READ Operation after the window shows. Before: "
    "1,565 ms (8.8 × bare) at the first measurement, 1,642 ms (7.5 ×) after the first round; after: the launch "
    "rows (phase \"figures\" is now off the GUI thread).",
    "**Summary** (second round, migration 2302 `summary indexes`): the last round's per-event and per-course "
    "lookups through the one-value `deleted` index had made the tree-scope summary run for over 11 minutes. Each "
    "area's period aggregate now reads a covering index led by the origin office — (origin_office, deleted, date, "
    "the aggregated columns) — one index range per office of the scope and no table rows; child rows (event "
    "units, visit groups, attendances) through (parent, deleted, …). tests/desk/test_summary_indexes.py checks "
    "the summary, tables and home figures are identical with and without these indexes and that the summary's "
    "plans use them. Before: 5.5 s (first measurement), 7.1 s (first round), > 11 min (regressed); after: the "
    "summary row.",
    "**Certificates** (desk/reports/fonts.py): face per (role, character), runs and widths memoised; byte-identical "
    "PDF. Before: 1.84 × the bare-ReportLab floor; after: the 5,000-certificate rows. Third round: chosen awards "
    "read by key (2.5 s → 0.2 s of 5,000 at load 8), the register in one executemany (issue 2.3 s → 1.1 s), "
    "characters checked once, lines broken once per body; tests/desk/test_reports_areas.py checks chosen awards "
    "read as the period query reads them (order, printed titles, a deleted award left out), "
    "test_reports_certificates.py that the PDF is byte-identical. Before: 2.18 × the floor (run of 06:04, load "
    "9.8); after: the 5,000-certificate row. Fourth round (desk/reports/certificates.py, drawing.py `PageText`): "
    "the frame and title, the same on every page, are drawn once in a form XObject that each page paints, and a "
    "page's texts go out in one text object, font and spacing written only when they change (no saved state per "
    "text). The pages rasterise pixel for pixel as before and text, fonts (embedded, subset) and a pinned digest "
    "are checked (test_reports_certificates.py). Drawing 5,000 without the database: 2.0 s → 1.3 s CPU. The "
    "floor now draws the same way (a form, one text object a page) and the same texts (the date in Chinese, the "
    "number with its label; it drew an ISO date and the bare number before): a floor drawing every page in full would "
    "count the program's fewer operators as beating bare ReportLab; its time is in the row's note.",
    "**Saving** (third round, desk/db/database.py `keep_open`, desk/petitions/service.py): one idle connection "
    "held while the database is open, so a transaction's connection closing no longer checkpoints and deletes "
    "the write-ahead log (two fsyncs per save); a new petition does not look up its steps. synchronous=FULL "
    "stays. Before: 113 ms without statistics, 75 ms with them (06:04, load 9.8); 84 ms in the profile at load "
    "10; after: the save rows.",
    "**Launch** (third round): the setup wizard and the command-line parser load only on a real start; the "
    "benchmark now gives both children compiled bytecode (as installed) and notes the from-source figure. "
    "Before: 5.33 × bare (06:04, load 9.8). Fourth round (ui/app.py, ui/common/preload.py, main.py): on an "
    "encrypted database the login dialog is the first window and shows before SQLAlchemy, the models, the "
    "services and the main window are imported; they import on a background thread after the dialog's first "
    "paint, and the login (Argon2id twice, the open) runs beside the GUI. Before: 2.49 s vs bare 0.43 s = 5.8 × "
    "to the main window (12:18 run, load 10; the login was skipped then); after: the launch rows — the login "
    "dialog against the bare window, login-submit → main window, and the old figure on the measured database.",
    "**The one-value `deleted` indexes** (fourth round, migration 2303, desk/db/base.py, desk/db/listing.py): "
    "the 32 indexes on `deleted` alone are dropped (SQLite and PostgreSQL) and TravelMixin no longer declares "
    "one. Without statistics SQLite had read a petition's steps among all million steps through it (0.16–0.27 s "
    "→ 0.1–0.2 ms) and sorted every award or skilled woman found through it for a list's first page (0.4–0.5 s "
    "→ 9–11 ms, load 5). A 3+ character search then walked the (deleted, date) period index over every live row "
    "(petitions search count 4 ms → 100 ms), so a list narrowed by full-text candidates now keeps its deleted, "
    "office and period conditions off the indexes and reads the candidates by rowid; a list's count leaves out "
    "joins its conditions do not name (to-one joins cannot change it: awards, every period 1.27 s → 16 ms; "
    "skilled women 0.47 s → 9 ms; trainees 1.45 s → 28 ms; load 5). tests/desk/test_list_plans.py checks the "
    "plans on a file without statistics.",
    "**Excel reading** (second round, desk/sheets/reader.py): one streamed read-only pass with cached values "
    "instead of a counting pass plus a full workbook load; formulas and merged header cells are read from the "
    "sheet's XML. A 5,000-row ledger read in 9.6–16.9 s instead of 23–35 s on the loaded machine. Third round: "
    "cells are read by python-calamine (the same table as openpyxl's, 2.9 s instead of 29.6 s for 20,000 rows); "
    "the petitions, events and awards sheets check 500 rows at a time with the area's own checks and write them "
    "with executemany, audit entries and import marks included (desk/db/bulk.py); the sheets that match people "
    "by ID number, and the offices sheet, still save row by row.",
    "**Measured now**: the Excel import of a 100,000-row ledger (bench/sheets.py; a run past its time limit is "
    "stopped and reports its rate and projection) and the LibreOffice mail-merge peer (bench/printing.py, "
    "`make bench-peer`). Fourth round (desk/db/database.py, desk/sheets, desk/db/audit_trail.py): the search "
    "indexes' internal tables no longer keep planner statistics gathered while they were nearly empty (with them "
    "every row written into an index cost more the more rows the import had written: 270 s → 39 s for the "
    "ledger at load 4); an imported record's audit entry names its file and row instead of copying every value "
    "(the record holds them; README says what the log search then finds); a batched import fills the search "
    "indexes once a batch instead of a trigger per row; converters chosen once per column. Before: 12.6 ms a "
    "row, projected 1,281 s (load 10–14); after: the Excel row.",
    "**Bundle export/import** were rebuilt for issue 23 by issue 24's engineer (streamed; see the import cause "
    "below) while issues 20 and 24 changed them too; measured as they are on main. The search triggers and the "
    "summary indexes add to every write, the bundle import's included; the import's raw reference inserts into "
    "the same schema and pays them too.",
)


def absent_figures() -> list[str]:
    """Return one line per figure whose subject is not in this build, saying why (no numbers are made up)."""
    lines = []
    has = lambda name: importlib.util.find_spec(name) is not None  # noqa: E731
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        lines.append("Certificates vs a LibreOffice mail merge: `soffice` is not installed on this machine (`make "
                     "bench-peer` installs libreoffice-writer-nogui on Debian as root), so that ratio is not measured.")
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
    parts += ["", "## What issue 23 changed and what it bought", ""] + [f"- {line}" for line in CHANGES]
    parts += ["", "## Causes and proposed changes", ""] + [f"- {line}" for line in ANALYSIS]
    text = "\n".join(parts) + "\n"
    from bench import background, postgres

    # The sections other commands write (`python -m bench postgres`, `python -m bench background`) stay as they were.
    previous = target.read_text(encoding="utf-8") if target.exists() else ""
    for start, end in ((postgres.START, postgres.END), (background.START, background.END)):
        first, last = previous.find(start), previous.find(end)
        if first >= 0 and last > first:
            text += "\n" + previous[first:last + len(end)] + "\n"
    target.write_text(text, encoding="utf-8")
    return text
