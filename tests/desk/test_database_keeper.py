"""An open SQLite database keeps one idle connection: saves do not checkpoint the log each time, closing does."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3

from bench.data import petition_values
from desk.db.database import open_database
from desk.office.service import actor_for
from desk.petitions.service import load_petition, save_petition
from tests.conftest import ADMIN


def _wal(path: Path) -> Path:
    return Path(str(path) + "-wal")


def test_saves_keep_the_log_while_open_and_closing_puts_everything_in_the_file(db_path):
    database = open_database(db_path)
    with database.sessions() as session:
        actor = actor_for(session, ADMIN[0])
    ids = []
    for index in range(3):
        with database.sessions.begin() as session:
            ids.append(save_petition(session, actor, None, petition_values(index)))
    # Before, each transaction's connection was the last one: closing it checkpointed and removed the log.
    assert _wal(db_path).exists()
    # The idle connection holds no lock: another connection writes meanwhile and is seen.
    other = sqlcipher3.connect(str(db_path), timeout=1)
    other.isolation_level = None
    other.execute("BEGIN IMMEDIATE")
    other.execute("UPDATE petition SET summary = '另一个窗口改的' WHERE id = ?", (ids[0],))
    other.execute("COMMIT")
    other.close()
    with database.sessions() as session:
        assert load_petition(session, ids[0])["summary"] == "另一个窗口改的"
        assert [len(load_petition(session, record_id)["steps"]) for record_id in ids] == [1, 1, 1]
    database.close()
    assert not _wal(db_path).exists() or _wal(db_path).stat().st_size == 0  # checkpointed into the file
    plain = sqlcipher3.connect(str(db_path))
    found = plain.execute("SELECT count(*) FROM petition WHERE id IN (?, ?, ?)", ids).fetchone()[0]
    plain.close()
    assert found == 3
