"""Report marks: for each imported bundle, which office's records of which month it brought, and declared empty periods.

A record's month is that of its own period date (``RecordKind.period_field``), never of its last edit.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.core.errors import DeskError
from desk.core.fields import kinds_by_table
from desk.core.periods import Period, parse_period
from desk.exchange.model import ReportMark
from desk.exchange.travel import TravelSet


def month_code(moment: dt.datetime | dt.date) -> str:
    """Return the month of a record's period date, as a report mark's period: 2021-03."""
    return f"{moment.year:04d}-{moment.month:02d}"


def period_months(period: Period) -> list[str]:
    """Return the month codes a period covers (a custom range counts every month it touches)."""
    months, year, month = [], period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


# Registers and catalogues (offices below, honour titles, indicators, the directories) describe the
# office, not the period's work: a bundle of them alone is no report.
NOT_REPORTS = frozenset({"sub_office", "award_title", "org_indicator", "directory_unit", "directory_leader"})


def _period_code(value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > 32:
        return ""
    try:
        return parse_period(value).code
    except DeskError:
        return ""


def period_column(table_name: str) -> str:
    """Return the column holding the date that puts a record of ``table_name`` in a period ("" when none is declared)."""
    kind = kinds_by_table().get(table_name)
    if kind is None or not kind.period_field:
        return ""
    return kind[kind.period_field].column_name


def parent_dated(travel: Any) -> tuple[str, str] | None:
    """Return (column, parent table) of a line whose parent has a period date, or None."""
    for column, parent in sorted(travel.references.items()):
        if period_column(parent):
            return column, parent
    return None


def record_periods(session: Session, actions: list[Any], tables: TravelSet) -> list[tuple[str, dt.date]]:
    """Return (origin office, period date) of each record the actions bring that belongs to a period.

    The date is the record's own declared period date (``RecordKind.period_field``), a line's is its
    parent's (from the same bundle, else as stored here); records of kinds without one belong to none.
    """
    dates: dict[tuple[str, str], dt.date | None] = {}
    for action in actions:
        column = period_column(action.table.name)
        if column:
            dates[(action.table.name, action.values["id"])] = action.values.get(column)
    found = []
    for action in actions:
        name = action.table.name
        if period_column(name):
            date = dates[(name, action.values["id"])]
        else:
            link = parent_dated(action.table)
            if link is None or not action.values.get(link[0]):
                continue
            column, parent = link
            key = (parent, str(action.values[column]))
            if key not in dates:
                table = tables.by_name[parent].table
                dates[key] = session.scalar(select(table.c[period_column(parent)]).where(table.c.id == key[1]))
            date = dates[key]
        if isinstance(date, dt.date):
            found.append((action.values["origin_office"], date))
    return found


def mark_reports(session: Session, actions: list[Any], manifest: dict[str, Any], sender: str, now: dt.datetime,
                 tables: TravelSet) -> None:
    """Record, for an imported bundle, each office and month its records of a period came from, and a declared empty period.

    A record marks the month of its own period date (a petition's date received), however late it
    was edited or sent: a 2021H1 petition edited in 2021H2 reports for 2021H1.
    """
    counted = [action for action in actions
               if action.category in ("new", "updated", "deleted", "unchanged", "conflict")
               and action.table.name not in NOT_REPORTS]
    counts: Counter[tuple[str, str]] = Counter(
        (office, month_code(date)) for office, date in record_periods(session, counted, tables))
    bundle_id = str(manifest["bundle_id"])
    for (office, month), count in sorted(counts.items()):
        session.add(ReportMark(office_code=office, period=month, records=count, declared_empty=False,
                               bundle_id=bundle_id, sender=sender, received_at=now))
    declared = _period_code(manifest.get("declared_empty"))
    if declared:
        session.add(ReportMark(office_code=sender, period=declared, records=0, declared_empty=True,
                               bundle_id=bundle_id, sender=sender, received_at=now))
    session.flush()


def own_records_of_period(session: Session, office_code: str, period: Period, tables: TravelSet) -> int:
    """Return how many live records of ``tables`` made at ``office_code`` have their period date inside ``period``."""
    total = 0
    for travel in tables:
        column = period_column(travel.name)
        if not column or travel.name in NOT_REPORTS:
            continue
        table = travel.table
        total += session.scalar(select(func.count()).select_from(table).where(
            table.c.origin_office == office_code, table.c.deleted.is_(False),
            table.c[column].between(period.start, period.end))) or 0
    return total
