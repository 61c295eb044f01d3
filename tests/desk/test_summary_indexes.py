"""The summary's covering indexes (migration 2302): the same figures with and without them, and read from them.

A generated database (the benchmark's bulk path, a city office and its offices below) gives the
half-year summary's sentences, every registered table and the home figures, for this office
alone and for the whole tree; the same database with the summary indexes dropped must give
exactly the same, and the summary's queries must read the big tables through those indexes
rather than scan them or walk the one-value ``deleted`` index.
"""

from __future__ import annotations

import shutil
import sqlite3

import pytest
from sqlalchemy import event

from bench.generate import generate
from desk.core.periods import half_year
from desk.db.database import open_database
from desk.office.scope import office_scope
from desk.office.service import get_profile
from desk.reports.registry import build_report_registry
from desk.reports.summary import collect
from desk.reports.tables import build_tables

PERIOD = half_year(2020, 2)
SUMMARY_INDEXES = ("ix_petition_summary", "ix_award_summary", "ix_award_title_live", "ix_campaign_event_summary",
                   "ix_campaign_event_unit_live", "ix_relief_visit_summary", "ix_relief_visit_group_live",
                   "ix_training_attendance_live", "ix_training_skilled_woman_summary")
BIG_TABLES = ("petition", "award", "campaign_event", "campaign_event_unit", "relief_visit", "relief_visit_group",
              "training_attendance")


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """A generated database and a copy of it without the summary indexes."""
    folder = tmp_path_factory.mktemp("summary")
    with_indexes = folder / "with.db"
    generate(with_indexes, 0.05, "bulk")
    without = folder / "without.db"
    shutil.copy(with_indexes, without)
    connection = sqlite3.connect(without)
    for name in SUMMARY_INDEXES:
        connection.execute(f"DROP INDEX {name}")
    connection.commit()
    connection.close()
    return with_indexes, without


def _everything(path):
    """Return the summary's content, the tables and the home figures, for this office and for the tree."""
    database = open_database(path, migrate=False)
    reports = build_report_registry()
    try:
        with database.sessions() as session:
            name = get_profile(session).name
            result = {}
            for tree in (False, True):
                scope = office_scope(session, tree=tree)
                result[tree] = (
                    collect(session, PERIOD, scope, reports=reports),
                    build_tables(session, PERIOD, scope, name, reports=reports),
                    [(group.key, group.figures(session, PERIOD, scope)) for group in reports.figure_groups()],
                )
            return result
    finally:
        database.close()


def test_the_figures_are_the_same_with_and_without_the_summary_indexes(generated):
    with_indexes, without = generated
    found = _everything(with_indexes)
    assert found == _everything(without)
    contents, tables, figures = found[True]
    assert sum(len(content.sentences) for content in contents) >= 8  # the tree has something to say in most areas
    assert tables and figures


def test_the_summary_reads_the_big_tables_through_its_indexes(generated):
    with_indexes, _without = generated
    database = open_database(with_indexes, migrate=False)
    plans: list[str] = []

    def explain(connection, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            rows = cursor.connection.execute("EXPLAIN QUERY PLAN " + statement, parameters).fetchall()
            plans.extend(str(row[-1]) for row in rows)

    event.listen(database.engine, "before_cursor_execute", explain)
    try:
        with database.sessions() as session:
            collect(session, PERIOD, office_scope(session, tree=True), reports=build_report_registry())
    finally:
        event.remove(database.engine, "before_cursor_execute", explain)
        database.close()
    used = " ".join(plans)
    for name in ("ix_petition_summary", "ix_award_summary", "ix_campaign_event_summary", "ix_campaign_event_unit_live",
                 "ix_relief_visit_summary", "ix_relief_visit_group_live", "ix_training_attendance_live"):
        assert name in used
    for table in BIG_TABLES:
        assert not [plan for plan in plans if plan == f"SCAN {table}" or f"ix_{table}_deleted" in plan], table
