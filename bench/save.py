"""Saving one record into a full table: the petitions service in its own transaction vs a raw INSERT + COMMIT."""

from __future__ import annotations

from pathlib import Path

import sqlcipher3
from sqlalchemy import func, select

from bench import data
from bench.measure import Figure, Outcome, median_time
from desk.db.base import new_uuid, utcnow
from desk.db.database import open_database
from desk.office.service import actor_for
from desk.petitions.model import Petition
from desk.petitions.service import save_petition

FIRST_INDEX = 90_000_000  # far beyond any generated index: new people, new ID numbers


def _remove(connection, ids: list[str]) -> None:
    """Delete what the measurement saved, so a reused database keeps its generated rows only."""
    connection.execute("BEGIN")
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ", ".join("?" for _ in chunk)
        connection.execute(f"DELETE FROM petition_step WHERE petition_id IN ({marks})", chunk)
        connection.execute(f"DELETE FROM petition WHERE id IN ({marks})", chunk)
    connection.execute("COMMIT")


def measure_save(db: Path, runs: int, label: str = "") -> Outcome:
    """Return the save figure: median of ``runs`` saves, each one user action (one transaction, fsync'd)."""
    database = open_database(db, migrate=False)
    with database.sessions() as session:
        actor = actor_for(session, "admin")
        rows = session.scalar(select(func.count()).select_from(Petition))
    counter = iter(range(FIRST_INDEX, FIRST_INDEX + 10 * runs + 10))
    saved: list[str] = []

    def save() -> None:
        with database.sessions.begin() as session:
            saved.append(save_petition(session, actor, None, data.petition_values(next(counter))))

    seconds = median_time(save, runs)
    database.close()
    connection = sqlcipher3.connect(str(db))
    connection.isolation_level = None
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        connection.execute("PRAGMA " + pragma)

    def raw_insert() -> None:
        values = data.petition_values(next(counter))
        now = utcnow().isoformat(sep=" ")
        saved.append(new_uuid())
        connection.execute("BEGIN")
        connection.execute(
            "INSERT INTO petition (id, origin_office, created_at, created_by, updated_at, updated_by, revision, "
            "deleted, channel, received_on, anonymous, petitioner_name, sex, phone, address, id_number, people_count, "
            "category, summary, first_receiver, reception_day, leader, status, reply_on, reply, search_key) "
            "VALUES (?, '450981', ?, 'admin', ?, 'admin', 1, 0, ?, ?, 0, ?, ?, ?, ?, NULL, 1, ?, ?, ?, 0, '', "
            "'received', NULL, '', '')",
            (saved[-1], now, now, values["channel"], values["received_on"].isoformat(), values["petitioner_name"],
             values["sex"], values["phone"], values["address"], values["category"], values["summary"],
             values["first_receiver"]),
        )
        connection.execute("COMMIT")

    reference = median_time(raw_insert, runs)
    _remove(connection, saved)
    connection.close()
    figure = Figure(
        f"save one petition with its step ({rows:,} rows in the table){label}", seconds,
        "raw INSERT + COMMIT, synchronous=FULL", reference, "≤ 50 ms", seconds <= 0.050,
        "service: validate, stamp, step, remember units/leaders, one transaction")
    return Outcome([figure])
