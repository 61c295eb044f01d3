"""The shared-server benchmark's loader and its section of bench/results.md.

The loader copies a generated SQLite database into a server database made by the migrations; the
figures are only worth something if both engines then hold the same rows with the same indexes
and triggers. The section must survive bench/report.py rewriting the rest of the results file.
"""

from __future__ import annotations

import hashlib

import psycopg
import pytest

from bench import report
from bench.generate import generate
from bench.postgres import END, START, _conninfo, load, measure, section, split, write_section


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    target = tmp_path_factory.mktemp("bench-pg") / "tiny.db"
    generate(target, 0.02, "bulk")
    return target


def _catalogue(url: str) -> tuple[set[str], set[str]]:
    with psycopg.connect(_conninfo(url)) as connection:
        indexes = {row[0] for row in connection.execute("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'")}
        triggers = {f"{row[0]} {row[1]}" for row in connection.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal")}
    return indexes, triggers


def _rows(connection, table: str, columns: str) -> str:
    rows = connection.execute(f"SELECT {columns} FROM {table} ORDER BY id").fetchall()
    return hashlib.sha256(repr([tuple(str(value) for value in row) for row in rows]).encode()).hexdigest()


@pytest.fixture(scope="module")
def loaded(pg_server, source):
    pg_server.admin_sql("CREATE DATABASE bench_loaded")
    url = pg_server.url("bench_loaded")
    return url, load(source, url)


def test_load_copies_every_row_and_keeps_indexes_and_triggers(pg_server, source, loaded):
    import sqlcipher3

    from desk.db.database import open_database

    pg_server.admin_sql("CREATE DATABASE bench_fresh")
    open_database(pg_server.url("bench_fresh")).close()
    url, loaded = loaded

    assert _catalogue(url) == _catalogue(pg_server.url("bench_fresh"))  # every index and trigger rebuilt
    sqlite = sqlcipher3.connect(str(source))
    with psycopg.connect(_conninfo(url)) as server:
        total = 0
        for table in ("person", "petition", "petition_step", "campaign_event", "award", "training_attendance",
                      "relief_visit_group", "office_setting", "user_account"):
            count = sqlite.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            row = server.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert row is not None and row[0] == count > 0, table
            total += count
        assert loaded.rows >= total
        # The same values, read back as text by each engine's own driver (dates, flags, names).
        columns = "id, received_on, petitioner_name, status, people_count"
        sqlite_rows = sqlite.execute(f"SELECT {columns} FROM petition ORDER BY id").fetchall()
        server_rows = server.execute(f"SELECT {columns} FROM petition ORDER BY id").fetchall()
        assert [tuple(str(v) for v in row) for row in sqlite_rows] == [tuple(str(v) for v in row) for row in server_rows]
        anonymous = sqlite.execute("SELECT count(*) FROM petition WHERE anonymous = 1").fetchone()[0]
        assert server.execute("SELECT count(*) FROM petition WHERE anonymous").fetchone() == (anonymous,)
        # Loading switched the audit trigger off for its own session only: the log is append-only again.
        with pytest.raises(psycopg.errors.RaiseException):
            server.execute("DELETE FROM audit_entry")
    sqlite.close()


def test_the_section_survives_the_rest_of_the_results_being_rewritten(tmp_path):
    target = tmp_path / "results.md"
    target.write_text("# Benchmark results\n\nold figures\n", encoding="utf-8")
    write_section(f"{START}\n## Shared server\n\n| a | b |\n{END}", target)
    write_section(f"{START}\n## Shared server\n\nnewer\n{END}", target)  # replaced, not appended
    report.write(["Run of today"], [], [], ["largest process: x: 1 MB"], [], target)
    text = target.read_text(encoding="utf-8")
    before, section, after = split(text)
    assert text.count(START) == 1 and "newer" in section and "| a | b |" not in text
    assert "Run of today" in before and "old figures" not in text and after == ""


def test_a_list_is_timed_to_its_first_page_and_its_count_beside_it(source, loaded):
    from desk.db.database import open_database
    from desk.db.listing import ListQuery
    from desk.petitions.queries import PetitionSource

    url, _loaded = loaded
    result = measure(source, url, runs=1)
    database = open_database(source, migrate=False)
    with database.sessions() as session:
        petitions = PetitionSource().count(session, ListQuery())
    database.close()
    assert [item.name.split(" (")[0] for item in result.lists] == [
        "the petitions list, every period", "the list on one period, 2020H2", "search it by name “王秀英”"]
    assert f"({petitions:,} rows)" in result.lists[0].name  # counted the same on both engines
    for item in result.lists:
        for row in (item.shown, item.count):
            assert row.sqlite > 0 and row.postgres > 0 and row.raw > 0
        assert item.shown.budget and item.count.budget is None  # the budget is the first page's
    text = section(["Run of today"], None, result)
    assert text.startswith(START) and text.endswith(END)
    line = next(line for line in text.splitlines() if line.startswith("| the petitions list, every period"))
    assert line.count("|") == 10 and " / " in line  # shown ×3, budget, met on both, count ×3


def test_the_background_section_survives_too(tmp_path):
    from bench import background

    target = tmp_path / "results.md"
    target.write_text("# Benchmark results\n\nold figures\n", encoding="utf-8")
    write_section(f"{START}\n## Shared server\n{END}", target)
    background.write_section(f"{background.START}\n## Background\n\nearlier figure\n{background.END}", target)
    background.write_section(f"{background.START}\n## Background\n\nsecond\n{background.END}", target)
    report.write(["Run of today"], [], [], ["largest process: x: 1 MB"], [], target)
    text = target.read_text(encoding="utf-8")
    assert text.count(background.START) == 1 and "second" in text and "earlier figure" not in text
    assert text.count(START) == 1 and "Run of today" in text and "old figures" not in text
