"""Databases written by earlier versions of the program upgrade to the current schema with every row intact.

``tests/migrations/data`` keeps one small database per release, gzipped, named
``<date>-<commit>-<content>.db.gz``; each was made by the program at that commit
(``main.py demo`` there), never by today's code.  Add one whenever a release ships with a
new migration: a file of the release's ``main.py demo`` (or ``init``) compressed with ``gzip -9``.
"""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

import desk.models  # noqa: F401 - every table in the metadata
from desk.db.base import Base
from desk.db.database import open_database
from desk.db.fulltext import include_object
from desk.db.migrate import alembic_config, current_revisions

DATA = Path(__file__).resolve().parent / "data"
STORED = sorted(DATA.glob("*.db.gz"))


def contents(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """Return table → (columns, every row sorted) of a database file, read with plain sqlite3."""
    connection = sqlite3.connect(path)
    try:
        tables = [name for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'")]
        found = {}
        for table in tables:
            columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
            rows = connection.execute(f'SELECT {", ".join(chr(34) + c + chr(34) for c in columns)} FROM "{table}"').fetchall()
            found[table] = (columns, sorted(rows, key=repr))
        return found
    finally:
        connection.close()


def test_there_is_a_stored_database_of_each_release():
    assert len(STORED) >= 2


@pytest.mark.parametrize("stored", STORED, ids=[path.name.removesuffix(".db.gz") for path in STORED])
def test_a_stored_database_upgrades_to_the_current_schema_with_its_data_intact(stored, tmp_path):
    path = tmp_path / "desk.db"
    path.write_bytes(gzip.decompress(stored.read_bytes()))
    before = contents(path)
    assert sum(len(rows) for _columns, rows in before.values()) > 0

    database = open_database(path)  # upgrades, keeping a copy of the old file aside
    try:
        heads = set(ScriptDirectory.from_config(alembic_config(database.engine)).get_heads())
        assert current_revisions(database.engine) == heads
        with database.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True, "include_object": include_object})
            diff = compare_metadata(context, Base.metadata)
            assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        assert diff == []
    finally:
        database.close()

    after = contents(path)
    for table, (columns, rows) in before.items():
        assert table in after, f"table {table} disappeared"
        new_columns, new_rows = after[table]
        keep = [new_columns.index(column) for column in columns]
        assert sorted((tuple(row[i] for i in keep) for row in new_rows), key=repr) == rows, table
