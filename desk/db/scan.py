"""Reading a long period: through the summary or period index, or straight through the table when that is cheaper.

A period's list and count use the ``(deleted, <date>)`` index (migration 2300).  A report that
aggregates other columns over the period reads every row of it; through the index that is one
lookup per row, about three times the cost of reading the row in a plain scan.  When the period
holds a large share of the table (a database holding one year and a half-year summary), the
scan is faster, and SQLite cannot tell: its statistics do not say how many rows a date range
holds.  ``wide`` answers that from the index (an index-only count) and ``unindexed`` keeps a
column's condition off every index so SQLite scans.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, func, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session

from desk.core.periods import Period

WIDE_SHARE = 0.3  # above this share of the table, a scan reads the period faster than the index


class _Unindexed(ColumnElement[Any]):
    """A column's value that SQLite's planner may not serve from an index (compiled per dialect)."""

    inherit_cache = True

    def __init__(self, column: Any):
        self.column = column
        self.type = column.type


@compiles(_Unindexed)
def _compile_unindexed(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.column, **kw))


@compiles(_Unindexed, "sqlite")
def _compile_unindexed_sqlite(element: _Unindexed, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.column, **kw))


def unindexed(column: Any) -> ColumnElement[Any]:
    """Return ``+column`` on SQLite: the same value, which no index can serve (its way to say "do not use it").

    PostgreSQL has no unary plus on booleans and plans by its own statistics: there it is the column.
    """
    return _Unindexed(column)


def wide(session: Session, model: Any, date_column: Any, period: Period) -> bool:
    """Return whether ``period`` holds more than WIDE_SHARE of ``model``'s rows (SQLite; remembered per session).

    The period's live rows are counted through the period index; the table's size is its largest
    rowid (records are never removed, only marked deleted), read in one index step.
    """
    if session.get_bind().dialect.name != "sqlite":
        return False
    key = ("wide", model.__tablename__, period.start, period.end)
    if key in session.info:
        return bool(session.info[key])
    size = session.execute(select(func.max(literal_column(f'"{model.__tablename__}".rowid'))).select_from(model)).scalar()
    inside = session.execute(select(func.count()).select_from(model).where(
        model.deleted.is_(False), date_column.between(period.start, period.end))).scalar_one()
    answer = bool(size) and inside > WIDE_SHARE * int(size or 0)
    session.info[key] = answer
    return answer


def _same(column: Any) -> Any:
    return column


def period_reading(session: Session, model: Any, date_column: Any, period: Period, codes: Any) -> tuple[Any, Any]:
    """Return how to wrap (the deleted and date columns, the origin-office column) of a period's aggregate.

    Offices named (this office, or it and every office below): the table's summary index (origin
    office, deleted, date, the aggregated columns; migration 2302) answers from the index alone,
    one range per office, so nothing is wrapped.  Every office (``codes`` None): a wide period is
    scanned, a short one read through the period index.
    """
    if codes is not None:
        return _same, _same
    if wide(session, model, date_column, period):
        return unindexed, unindexed
    return _same, _same
