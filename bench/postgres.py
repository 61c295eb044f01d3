"""The shared-server figures: list open, period, search and save on PostgreSQL at a million rows beside SQLite's.

    python -m bench postgres [--db bench/data/bench-100.db] [--runs 5] [--url postgresql://…]
    make bench-postgres

Both engines hold the same rows: the SQLite database the rest of the benchmark measures (generated
by ``python -m bench generate`` in bulk when missing) is copied into a PostgreSQL database whose
schema the program's own migrations made, table by table with ``COPY … FROM STDIN`` (foreign-key
and audit triggers off while loading, secondary indexes built after the rows are in, then
``VACUUM ANALYZE`` as autovacuum would). Without ``--url`` a throwaway PostgreSQL server is started
in a temporary folder (tests/pgserver.py, with fsync on: a save is compared with SQLite's
synchronous=FULL). Each figure is the program's own code (``PetitionSource`` + ``LazyTableModel``,
``save_petition``) on each engine, in the same process, one after the other; the raw column is the
same SQL sent straight through psycopg. A list is timed as the clerk waits for it: until its first
page is shown (the record screens count off the GUI thread afterwards); the exact count that then
fills 共 N 条 is timed on its own beside it. The section it writes into bench/results.md sits between
two markers and ``bench.report.write`` keeps it when it rewrites the rest of the file.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.lists import CLOCK, SEARCH_NAME, _model, _show
from bench.measure import median_time
from bench.report import RESULTS, _ms

START = "<!-- bench-postgres: start (written by `python -m bench postgres`; kept by bench/report.py) -->"
END = "<!-- bench-postgres: end -->"
FIRST_INDEX = 91_000_000  # saved petitions: beyond any generated index and bench/save.py's


@dataclass
class Loaded:
    """What copying the SQLite rows into PostgreSQL did."""

    rows: int
    copy_seconds: float
    index_seconds: float
    analyze_seconds: float
    size_mb: float


@dataclass
class Row:
    """One line of the section's table: the same action on both engines."""

    name: str
    sqlite: float
    postgres: float
    raw: float
    budget: float | None = None


@dataclass
class ListRow:
    """One list: until its first page is shown (what the clerk waits for), and its exact count after it."""

    name: str
    shown: Row
    count: Row


@dataclass
class Result:
    lists: list[ListRow] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    plans: list[str] = field(default_factory=list)


def _conninfo(url: str) -> str:
    """Return a libpq URL (psycopg's own) for the program's ``postgresql[+psycopg]://`` URL."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def _petitions(target: str) -> int:
    """Return how many petitions the database at ``target`` (a file or a URL) holds, 0 if it cannot tell."""
    from sqlalchemy import func, select

    from desk.db.database import open_database
    from desk.petitions.model import Petition

    try:
        database = open_database(target, migrate=False)
    except Exception:  # noqa: BLE001 - an empty or unreachable database simply holds nothing yet
        return 0
    try:
        with database.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(Petition)) or 0)
    except Exception:  # noqa: BLE001
        return 0
    finally:
        database.close()


def load(db: Path, url: str) -> Loaded:
    """Copy every table of the SQLite database ``db`` into the (new) server database ``url``."""
    import psycopg
    import sqlcipher3

    from desk.db.database import open_database

    open_database(url).close()  # the schema, by the program's migrations
    source = sqlcipher3.connect(f"file:{db}?mode=ro", uri=True)
    sqlite_tables = {name for (name,) in source.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    total = 0
    with psycopg.connect(_conninfo(url)) as pg:
        tables = [name for (name,) in pg.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version' "
            "ORDER BY tablename")]
        # Indexes that back no constraint are built once after loading instead of row by row.
        indexes = pg.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = 'public' AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint c WHERE c.conindid = (quote_ident(i.indexname))::regclass)").fetchall()
        for name, _definition in indexes:
            pg.execute(f'DROP INDEX "{name}"')
        pg.execute("SET session_replication_role = replica")  # no foreign-key or audit triggers while loading
        pg.execute("TRUNCATE " + ", ".join(f'"{name}"' for name in tables))
        started = time.perf_counter()
        for table in tables:
            if table not in sqlite_tables:
                continue
            have = {row[1] for row in source.execute(f'PRAGMA table_info("{table}")')}
            columns = [name for (name,) in pg.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = %s "
                "ORDER BY ordinal_position", (table,)) if name in have]
            names = ", ".join(f'"{name}"' for name in columns)
            with pg.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                for row in source.execute(f'SELECT {names} FROM "{table}"'):
                    copy.write_row(row)
                    total += 1
        for table, column in pg.execute(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' AND "
                "(column_default LIKE 'nextval%%' OR is_identity = 'YES')").fetchall():
            pg.execute(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{column}'), "
                       f'coalesce(max("{column}"), 0) + 1, false) FROM "{table}"')
        pg.execute("SET session_replication_role = DEFAULT")
        pg.commit()
        copied = time.perf_counter() - started
        started = time.perf_counter()
        for _name, definition in indexes:
            pg.execute(definition)
        pg.commit()
        indexed = time.perf_counter() - started
    source.close()
    with psycopg.connect(_conninfo(url), autocommit=True) as pg:
        started = time.perf_counter()
        pg.execute("VACUUM ANALYZE")
        analyzed = time.perf_counter() - started
        size = pg.execute("SELECT pg_database_size(current_database())").fetchone()
    return Loaded(total, copied, indexed, analyzed, (size[0] if size else 0) / 2**20)


# -- the figures, the same code on both engines ------------------------------------------------------------

def _queries() -> dict[str, Any]:
    from desk.core.periods import half_year
    from desk.db.listing import ListQuery

    return {"all": ListQuery(), "period": ListQuery(period=half_year(2020, 2)), "search": ListQuery(search=SEARCH_NAME)}


def _list_actions(database) -> tuple[dict[str, Callable[[], int]], dict[str, Callable[[], int]]]:
    """Per list: open it until its first page is shown; count it as the screen's background job does."""
    from desk.petitions.queries import PetitionSource

    source = PetitionSource(clock=lambda: CLOCK)
    shown: dict[str, Callable[[], int]] = {}
    counts: dict[str, Callable[[], int]] = {}
    for key, query in _queries().items():
        model = _model(database, query)

        def show(model=model) -> int:
            model.reload()  # the first page, shown; the count is left to the background
            _show(model, 0)
            return int(model.rowCount())

        def count(query=query) -> int:
            with database.sessions() as session:  # the screen's count job: its own session, read only
                return int(source.count(session, query))

        shown[key], counts[key] = show, count
    return shown, counts


def _saver(database, counter) -> tuple[Callable[[], object], list[str]]:
    from bench import data
    from desk.office.service import actor_for
    from desk.petitions.service import save_petition

    with database.sessions() as session:
        actor = actor_for(session, "admin")
    saved: list[str] = []

    def save() -> None:
        with database.sessions.begin() as session:
            saved.append(save_petition(session, actor, None, data.petition_values(next(counter))))

    return save, saved


def _remove(database, ids: list[str]) -> None:
    """Delete the petitions the save figure added, so the measured tables keep their generated rows."""
    from sqlalchemy import delete

    from desk.petitions.model import Petition, PetitionStep

    with database.sessions.begin() as session:
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            session.execute(delete(PetitionStep).where(PetitionStep.petition_id.in_(chunk)))
            session.execute(delete(Petition).where(Petition.id.in_(chunk)))


LIKE = ("(search_key LIKE %(p)s OR petitioner_name LIKE %(p)s OR first_receiver LIKE %(p)s OR summary LIKE %(p)s)")
COLUMNS = ("id, received_on, channel, anonymous, petitioner_name, people_count, category, first_receiver, "
           "reception_day, status, reply_on, origin_office")


def _raw_actions(url: str) -> tuple[dict[str, Callable[[], object]], dict[str, Callable[[], object]], Any]:
    """The list statements sent straight through psycopg (the first page; the COUNT), and the connection."""
    import psycopg

    from desk.core.periods import half_year

    period = half_year(2020, 2)
    connection = psycopg.connect(_conninfo(url), autocommit=True)
    cases = {"all": ("true", {}), "period": ("received_on BETWEEN %(a)s AND %(b)s", {"a": period.start, "b": period.end}),
             "search": (LIKE, {"p": f"%{SEARCH_NAME}%"})}
    pages: dict[str, Callable[[], object]] = {}
    counts: dict[str, Callable[[], object]] = {}
    for key, (where, params) in cases.items():
        def page(where=where, params=params) -> None:
            connection.execute(f"SELECT {COLUMNS} FROM petition WHERE deleted IS false AND {where} "
                               "ORDER BY received_on DESC, id LIMIT 200", params).fetchall()

        def count(where=where, params=params) -> None:
            connection.execute(f"SELECT count(*) FROM petition WHERE deleted IS false AND {where}", params).fetchone()

        pages[key], counts[key] = page, count
    return pages, counts, connection


def _plans(connection) -> list[str]:
    from desk.core.periods import half_year

    period = half_year(2020, 2)
    lines = []
    for label, where, params in (
            ("count of every period", "true", {}),
            ("count of 2020H2", "received_on BETWEEN %(a)s AND %(b)s", {"a": period.start, "b": period.end}),
            (f"search “{SEARCH_NAME}”", LIKE, {"p": f"%{SEARCH_NAME}%"})):
        plan = connection.execute(f"EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) SELECT count(*) FROM petition "
                                  f"WHERE deleted IS false AND {where}", params).fetchall()
        steps = [row[0].strip().removeprefix("-> ").strip() for row in plan
                 if not row[0].strip().startswith(("Planning", "Execution", "Rows Removed", "Heap Blocks", "Recheck",
                                                    "Index Cond", "Filter", "Heap Fetches", "Workers"))]
        lines.append(f"PostgreSQL plan of the {label}: " + " / ".join(steps[:6]) + ".")
    return lines


def measure(db: Path, url: str, runs: int) -> Result:
    """Return the rows of the section: each action on SQLite (``db``) and on PostgreSQL (``url``)."""
    from PySide6.QtWidgets import QApplication

    from desk.db.database import open_database, refresh_statistics

    # A QApplication, not a bare QCoreApplication: in the test process the screens' tests reuse whatever
    # application exists, and fonts on a QCoreApplication crash the process.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _app = QApplication.instance() or QApplication([])
    sqlite = open_database(db, migrate=False)
    refresh_statistics(sqlite.engine)  # as the program does when it opens a file (the server has VACUUM ANALYZE)
    server = open_database(url, migrate=False)
    raw_pages, raw_counts, connection = _raw_actions(url)
    result = Result()
    (sqlite_shown, sqlite_counts), (server_shown, server_counts) = _list_actions(sqlite), _list_actions(server)
    found: dict[str, int] = {}
    for key in sqlite_counts:
        sqlite_rows, server_rows = sqlite_counts[key](), server_counts[key]()
        if sqlite_rows != server_rows:
            raise RuntimeError(f"the engines disagree on the {key} list: {sqlite_rows} vs {server_rows} rows")
        found[key] = server_rows
    names = {"all": f"the petitions list, every period ({found['all']:,} rows)",
             "period": f"the list on one period, 2020H2 ({found['period']:,} rows)",
             "search": f"search it by name “{SEARCH_NAME}” ({found['search']:,} found; FTS5 / pg_trgm)"}
    budgets = {"all": 0.100, "period": 0.100, "search": 0.200}
    for key, name in names.items():
        shown = Row(name, median_time(sqlite_shown[key], runs), median_time(server_shown[key], runs),
                    median_time(raw_pages[key], runs), budgets[key])
        count = Row(name, median_time(sqlite_counts[key], runs), median_time(server_counts[key], runs),
                    median_time(raw_counts[key], runs))
        result.lists.append(ListRow(name, shown, count))
    counter = iter(range(FIRST_INDEX, FIRST_INDEX + 40 * runs + 40))
    save_sqlite, saved_sqlite = _saver(sqlite, counter)
    save_server, saved_server = _saver(server, counter)
    seconds = (median_time(save_sqlite, runs), median_time(save_server, runs))
    result.rows.append(Row(f"save one petition with its step ({found['all']:,} in the table)", *seconds, float("nan"),
                           0.050))
    _remove(sqlite, saved_sqlite)
    _remove(server, saved_server)
    result.plans = _plans(connection)
    connection.close()
    sqlite.close()
    server.close()
    return result


# -- the section of bench/results.md ------------------------------------------------------------------------

def section(header: list[str], loaded: Loaded | None, result: Result) -> str:
    """Return the Markdown section, between its markers."""
    how = ("Loaded: the server database given with `--url` already held these rows (loaded by an earlier run)."
           if loaded is None else
           f"Loaded: {loaded.rows:,} rows copied from the SQLite file with COPY in {loaded.copy_seconds:,.0f} s, "
           f"secondary indexes built in {loaded.index_seconds:,.0f} s (pg_trgm GIN included), VACUUM ANALYZE "
           f"{loaded.analyze_seconds:,.0f} s; {loaded.size_mb:,.0f} MB on the server.")
    lines = [START, "## Shared server: PostgreSQL beside SQLite", "", *header, "", how, "",
             "Opening a list: until its first page is shown (what the clerk waits for; the budget). The exact count "
             "that fills 共 N 条 runs after that on a background thread (the window stays usable) and is timed "
             "on its own.", "",
             "| list | shown: SQLite | shown: PostgreSQL | shown: PG raw SQL | budget | met: SQLite / PG "
             "| exact count: SQLite | exact count: PostgreSQL | count: PG raw SQL |",
             "|---|---:|---:|---:|---|---|---:|---:|---:|"]
    for item in result.lists:
        shown, count = item.shown, item.count
        budget = f"≤ {shown.budget * 1000:,.0f} ms" if shown.budget else ""
        lines.append(f"| {item.name} | {_ms(shown.sqlite)} | {_ms(shown.postgres)} | {_ms(shown.raw)} | {budget} | "
                     f"{_met(shown.sqlite, shown.budget)} / {_met(shown.postgres, shown.budget)} | "
                     f"{_ms(count.sqlite)} | {_ms(count.postgres)} | {_ms(count.raw)} |")
    lines += ["", "| figure | SQLite (program) | PostgreSQL (program) | PG ÷ SQLite | budget | met: SQLite / PG |",
              "|---|---:|---:|---:|---|---|"]
    for row in result.rows:
        budget = f"≤ {row.budget * 1000:,.0f} ms" if row.budget else ""
        lines.append(f"| {row.name} | {_ms(row.sqlite)} | {_ms(row.postgres)} | {row.postgres / row.sqlite:,.2f} × | "
                     f"{budget} | {_met(row.sqlite, row.budget)} / {_met(row.postgres, row.budget)} |")
    lines += ["", "- Program: the petitions list exactly as the 维权信访 screen reads it (`PetitionSource` feeding "
              "`LazyTableModel` with `count_later`: the first 200-row page, 30 rows shown); its count is "
              "`PetitionSource.count` in a session of its own, as the screen's background job runs it. The save is "
              "`save_petition` in its own transaction (validation, step, audit, commit). Raw: the same first-page "
              "SELECT and COUNT sent through psycopg, no ORM.",
              "- The engines' row counts are compared before measuring (a disagreement stops the run).",
              *[f"- {line}" for line in result.plans], END]
    return "\n".join(lines)


def _met(seconds: float, budget: float | None) -> str:
    return "" if budget is None else ("yes" if seconds <= budget else "**no**")


def write_section(text: str, target: Path = RESULTS) -> None:
    """Put ``text`` in place of the section in ``target`` (or at its end)."""
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    before, _section, after = split(current)
    target.write_text(before.rstrip("\n") + "\n\n" + text + "\n" + after, encoding="utf-8")


def split(text: str) -> tuple[str, str, str]:
    """Return (text before the section, the section with its markers, text after it)."""
    start = text.find(START)
    end = text.find(END, start)
    if start < 0 or end < 0:
        return text, "", ""
    end += len(END)
    return text[:start], text[start:end], text[end:].lstrip("\n")


def run(db: Path | None, url: str | None, runs: int, scale: float = 100.0) -> str:
    """Measure and write the section; return it."""
    import platform
    import subprocess
    import sys

    from bench.generate import generated_as, signature
    from bench.measure import ROOT
    from bench.report import machine

    db = db or ROOT / "bench" / "data" / f"bench-{scale:g}.db"
    if generated_as(db) is None:
        print(f"generating scale {scale:g} into {db} ...", flush=True)
        subprocess.run([sys.executable, "-m", "bench", "generate", "--scale", f"{scale:g}", "--db", str(db),
                        "--path", "bulk"], cwd=ROOT, check=True)
    elif generated_as(db) != signature(scale, "bulk"):
        print(f"note: {db} was generated as {generated_as(db)}", flush=True)
    from bench.__main__ import _prepare

    _prepare(db)  # the program's schema (migrations) and the data's half year, as `python -m bench` does
    started = time.perf_counter()
    server = None
    if url is None:
        from tests.pgserver import start_server

        server, reason = start_server(durable=True)
        if server is None:
            raise SystemExit("cannot start a PostgreSQL server here: " + reason)
        server.admin_sql("CREATE DATABASE bench")
        url = server.url("bench")
    try:
        import psycopg

        with psycopg.connect(_conninfo(url)) as pg:
            version = pg.execute("SHOW server_version").fetchone()
            settings = pg.execute("SELECT current_setting('shared_buffers'), current_setting('fsync'), "
                                  "current_setting('synchronous_commit'), current_setting('lc_ctype')").fetchone()
        loaded: Loaded | None = None
        if server is None and _petitions(url) == _petitions(str(db)):
            print("the server database already holds the rows: reused", flush=True)
        else:
            print("copying into PostgreSQL ...", flush=True)
            loaded = load(db, url)
        print("measuring ...", flush=True)
        result = measure(db, url, runs)
    finally:
        if server is not None:
            server.stop()
    header = [f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, `python -m bench postgres` "
              f"(`make bench-postgres`): {db.name}, {runs} runs per figure (median after one warm-up), "
              f"{time.perf_counter() - started:,.0f} s in all. " + machine() + ".",
              f"Server: PostgreSQL {version[0] if version else '?'} on the same machine over TCP "
              f"({'a throwaway server, ' if server else ''}shared_buffers {settings[0] if settings else '?'}, "
              f"fsync {settings[1] if settings else '?'}, synchronous_commit {settings[2] if settings else '?'}, "
              f"lc_ctype {settings[3] if settings else '?'}; psycopg {psycopg.__version__}, Python "
              f"{platform.python_version()})."]
    text = section(header, loaded, result)
    write_section(text)
    return text
