"""Figures of commendations for a period and an office scope, from SQL aggregates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from desk.awards.model import Award, HonourTitle
from desk.core.periods import Period
from desk.office.scope import Scope


@dataclass(frozen=True)
class AwardStats:
    """Awards dated in the period.

    awards: all awards; collective_awards / individual_awards: by awardee kind;
    received_by_office: honours this office itself received; by_title: (title name, level,
    count) for each title used, most frequent first.
    """

    awards: int
    collective_awards: int
    individual_awards: int
    received_by_office: int
    by_title: tuple[tuple[str, str, int], ...]


def award_stats(session: Session, period: Period, scope: Scope) -> AwardStats:
    """Return the commendation figures of ``period`` in ``scope``."""
    where = [Award.deleted.is_(False), Award.awarded_on.between(period.start, period.end)]
    if scope.codes is not None:
        where.append(Award.origin_office.in_(sorted(scope.codes)))
    totals = session.execute(
        select(
            func.count(),
            func.sum(case((Award.awardee_kind == "collective", 1), else_=0)),
            func.sum(case((Award.awardee_kind == "individual", 1), else_=0)),
            func.sum(case((Award.received_by_office.is_(True), 1), else_=0)),
        ).where(and_(*where))
    ).one()
    count = func.count(Award.id)
    by_title = session.execute(
        select(HonourTitle.name, HonourTitle.level, count)
        .join(HonourTitle, Award.title_id == HonourTitle.id)
        .where(and_(*where))
        .group_by(HonourTitle.name, HonourTitle.level)
        .order_by(count.desc(), HonourTitle.name)
    )
    return AwardStats(
        awards=int(totals[0] or 0),
        collective_awards=int(totals[1] or 0),
        individual_awards=int(totals[2] or 0),
        received_by_office=int(totals[3] or 0),
        by_title=tuple((row[0], row[1], int(row[2])) for row in by_title),
    )
