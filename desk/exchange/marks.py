"""Report marks: for each imported bundle, which office's records of which month it brought, and declared empty periods."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from sqlalchemy.orm import Session

from desk.core.errors import DeskError
from desk.core.periods import Period, parse_period
from desk.exchange.model import ReportMark


def month_code(moment: dt.datetime | dt.date) -> str:
    """Return the month a record's change falls in, as a report mark's period: 2021-03."""
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


def mark_reports(session: Session, actions: list[Any], manifest: dict[str, Any], sender: str, now: dt.datetime) -> None:
    """Record, for an imported bundle, each office and month its work records came from, and a declared empty period."""
    counts: Counter[tuple[str, str]] = Counter()
    for action in actions:
        if action.category in ("new", "updated", "deleted", "unchanged", "conflict") and action.table.name not in NOT_REPORTS:
            changed = action.values.get("updated_at")
            if isinstance(changed, dt.datetime):
                counts[(action.values["origin_office"], month_code(changed))] += 1
    bundle_id = str(manifest["bundle_id"])
    for (office, month), count in sorted(counts.items()):
        session.add(ReportMark(office_code=office, period=month, records=count, declared_empty=False,
                               bundle_id=bundle_id, sender=sender, received_at=now))
    declared = _period_code(manifest.get("declared_empty"))
    if declared:
        session.add(ReportMark(office_code=sender, period=declared, records=0, declared_empty=True,
                               bundle_id=bundle_id, sender=sender, received_at=now))
    session.flush()
