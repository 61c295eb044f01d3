"""Query plans without statistics (migration 2303): no index on ``deleted`` alone, and nothing walks every live row.

A database SQLite has no statistics for (a new file, a copy, one whose statistics are stale)
plans by the indexes alone.  An index on ``deleted`` (0 in nearly every row) narrowed nothing
yet was preferred; it is gone, and these plans show what each query uses instead: a list
through its period index, a search through the full-text candidates by rowid, a petition's steps
and an event's or course's children through their parent's index.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3

import pytest
from sqlalchemy import event

from bench.generate import generate
from desk.awards.queries import AWARDS, TITLES
from desk.campaigns.queries import EVENTS, HOUSEHOLD_CAMPAIGNS
from desk.core.periods import half_year
from desk.db.database import open_database
from desk.db.listing import ListQuery
from desk.organisation.queries import ASSESSMENTS, CADRES, INDICATORS, ORGANISATIONS
from desk.petitions.queries import PetitionSource
from desk.petitions.service import load_petition
from desk.relief.queries import BENEFICIARIES, STIPENDS, VISITS
from desk.training.queries import COURSES, SKILLED_WOMEN, TRAINEES

SOURCES = {
    "petitions": PetitionSource(clock=lambda: dt.date(2020, 12, 31)), "awards": AWARDS, "titles": TITLES,
    "events": EVENTS, "household campaigns": HOUSEHOLD_CAMPAIGNS, "courses": COURSES, "trainees": TRAINEES,
    "skilled women": SKILLED_WOMEN, "visits": VISITS, "beneficiaries": BENEFICIARIES, "stipends": STIPENDS,
    "organisations": ORGANISATIONS, "assessments": ASSESSMENTS, "cadres": CADRES, "indicators": INDICATORS,
}
# An index range keyed on ``deleted`` alone: every live row of the table, one by one.
WALKS_EVERY_LIVE_ROW = re.compile(r"USING (COVERING )?INDEX \w+ \(deleted=\?\)")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("plans") / "plans.db"
    generate(path, 0.01, "bulk")
    connection = sqlite3.connect(path)  # as a file SQLite has no statistics for
    for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'").fetchall():
        connection.execute(f"DROP TABLE {name}")
    connection.commit()
    connection.close()
    return path


def _plans(path, action) -> list[tuple[str, str]]:
    """Return (statement, plan) of every SELECT ``action(session)`` sends, with no statistics in the file."""
    database = open_database(path, migrate=False)
    found: list[tuple[str, str]] = []

    def explain(connection, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            rows = cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            found.append((statement, " / ".join(str(row[-1]) for row in rows)))

    event.listen(database.engine, "before_cursor_execute", explain)
    try:
        with database.sessions() as session:
            assert session.connection().exec_driver_sql(
                "SELECT count(*) FROM sqlite_master WHERE name LIKE 'sqlite_stat%'").scalar() == 0
            action(session)
    finally:
        event.remove(database.engine, "before_cursor_execute", explain)
        database.close()
    return found


def test_no_travelling_table_keeps_an_index_on_deleted_alone(generated):
    connection = sqlite3.connect(generated)
    try:
        alone = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
                 if [row[2] for row in connection.execute(f'PRAGMA index_info("{name}")')] == ["deleted"]]
    finally:
        connection.close()
    assert alone == []


@pytest.mark.parametrize("name", SOURCES)
def test_a_search_reads_its_full_text_candidates_not_every_live_row(generated, name):
    source = SOURCES[name]

    def read(session):
        for query in (ListQuery(search="王秀英"), ListQuery(search="王秀英", period=half_year(2020, 2))):
            source.count(session, query)
            source.rows(session, query, 0, 200)

    plans = _plans(generated, read)
    assert plans
    assert not [plan for _statement, plan in plans if WALKS_EVERY_LIVE_ROW.search(plan)], plans


def test_a_period_list_reads_its_period_range(generated):
    def read(session):
        SOURCES["petitions"].count(session, ListQuery(period=half_year(2020, 2)))
        SOURCES["petitions"].rows(session, ListQuery(period=half_year(2020, 2)), 0, 200)

    plans = [plan for _statement, plan in _plans(generated, read) if "petition" in plan]
    assert plans and all("ix_petition_period (deleted=? AND received_on>? AND received_on<?)" in plan for plan in plans)


def test_steps_and_child_counts_are_found_through_their_parent(generated):
    connection = sqlite3.connect(generated)
    petition_id = connection.execute("SELECT petition_id FROM petition_step LIMIT 1").fetchone()[0]
    connection.close()

    def read(session):
        load_petition(session, petition_id)
        EVENTS.rows(session, ListQuery(), 0, 200)
        COURSES.rows(session, ListQuery(), 0, 200)

    used = " ".join(plan for _statement, plan in _plans(generated, read))
    assert "SEARCH petition_step USING INDEX ix_petition_step_petition_id (petition_id=?)" in used
    assert "ix_campaign_event_unit_live (event_id=? AND deleted=?)" in used
    assert "ix_training_attendance_live (course_id=? AND deleted=?)" in used


@pytest.mark.parametrize("name", SOURCES)
def test_a_count_leaves_out_joins_its_conditions_do_not_need_and_still_counts_every_row(generated, name):
    source = SOURCES[name]
    queries = (ListQuery(), ListQuery(period=half_year(2020, 2)), ListQuery(search="王秀英"), ListQuery(search="秀"))

    def read(session):
        for query in queries:
            assert source.count(session, query) == len(source.rows(session, query, 0, None))

    counts = [plan for statement, plan in _plans(generated, read) if statement.lstrip().startswith("SELECT count(*)")
              and "sqlite_master" not in statement]
    assert len(counts) == len(queries)
    if source.joins:
        assert "JOIN" not in counts[0]  # every record: no condition names a joined table
