"""Figures of events and household campaigns for a period and an office scope, from SQL aggregates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, exists, func, select
from sqlalchemy.orm import Session

from desk.campaigns.model import Event, EventUnit, HouseholdCampaign
from desk.core.periods import Period
from desk.db.scan import period_reading
from desk.office.scope import Scope


@dataclass(frozen=True)
class EventStats:
    """Events held in the period.

    events: all events; festival, themed, meetings, commendation_meetings, forums, galas,
    signing_activities, law_publicity, other: events of each kind; participants: sum of the
    participant counts (人 and 人次 alike; "more than" counts as the number typed);
    person_times: the part of ``participants`` counted in 人次; co_organised: events with at least
    one co-organising unit.
    """

    events: int
    festival: int
    themed: int
    meetings: int
    commendation_meetings: int
    forums: int
    galas: int
    signing_activities: int
    law_publicity: int
    other: int
    participants: int
    person_times: int
    co_organised: int


_KIND_FIELDS = {
    "festival": "festival", "themed": "themed", "meeting": "meetings", "commendation": "commendation_meetings",
    "forum": "forums", "gala": "galas", "signing": "signing_activities", "law_publicity": "law_publicity",
    "other": "other",
}


def event_stats(session: Session, period: Period, scope: Scope) -> EventStats:
    """Return the event figures of ``period`` in ``scope``."""
    # One office through its origin index; a wide period by a scan; a short one through its index (desk/db/scan.py).
    column, office = period_reading(session, Event, Event.held_on, period, scope.codes)
    where = [column(Event.deleted).is_(False), column(Event.held_on).between(period.start, period.end)]
    if scope.codes is not None:
        where.append(office(Event.origin_office).in_(sorted(scope.codes)))
    # Units found by their event through the (event_id, deleted) index, without reading the unit rows.
    has_unit = exists().where(EventUnit.event_id == Event.id, EventUnit.deleted.is_(False))
    columns = [func.count(Event.id).label("events")]
    columns += [func.sum(case((Event.kind == kind, 1), else_=0)).label(field) for kind, field in _KIND_FIELDS.items()]
    columns += [
        func.sum(func.coalesce(Event.participants, 0)).label("participants"),
        func.sum(case((Event.participant_unit == "person_time", func.coalesce(Event.participants, 0)), else_=0)).label(
            "person_times"
        ),
        func.sum(case((has_unit, 1), else_=0)).label("co_organised"),
    ]
    row = session.execute(select(*columns).where(and_(*where))).one()._mapping
    return EventStats(**{key: int(value or 0) for key, value in row.items()})


@dataclass(frozen=True)
class HouseholdStats:
    """Household campaigns overlapping the period.

    campaigns: how many; households_taking_part, households_pledged, households_total,
    households_consolidated: sums of the counts; coverage_percent (taking part / total),
    pledge_percent (pledges / total), consolidation_percent (consolidated / taking part): whole
    percentages rounded half up, 0 when the denominator is 0; civilised_families, learning_families,
    clean_families, green_families: families honoured as 文明家庭, 学习型家庭, 廉洁家庭, 绿色家庭.
    """

    campaigns: int
    households_taking_part: int
    households_pledged: int
    households_total: int
    households_consolidated: int
    coverage_percent: int
    pledge_percent: int
    consolidation_percent: int
    civilised_families: int
    learning_families: int
    clean_families: int
    green_families: int


def _percent(numerator: int, denominator: int) -> int:
    return (200 * numerator + denominator) // (2 * denominator) if denominator else 0


def household_stats(session: Session, period: Period, scope: Scope) -> HouseholdStats:
    """Return the household campaign figures of ``period`` in ``scope``."""
    model = HouseholdCampaign
    where = [model.deleted.is_(False), model.start_on <= period.end, model.end_on >= period.start]
    if scope.codes is not None:
        where.append(model.origin_office.in_(sorted(scope.codes)))
    sums = [
        "households_taking_part", "households_pledged", "households_total", "households_consolidated",
        "civilised_families", "learning_families", "clean_families", "green_families",
    ]
    columns = [func.count(model.id).label("campaigns")]
    columns += [func.sum(func.coalesce(getattr(model, key), 0)).label(key) for key in sums]
    row = {key: int(value or 0) for key, value in session.execute(select(*columns).where(and_(*where))).one()._mapping.items()}
    return HouseholdStats(
        coverage_percent=_percent(row["households_taking_part"], row["households_total"]),
        pledge_percent=_percent(row["households_pledged"], row["households_total"]),
        consolidation_percent=_percent(row["households_consolidated"], row["households_taking_part"]),
        **row,
    )
