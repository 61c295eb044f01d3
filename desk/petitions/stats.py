"""Petition figures for a period and office scope, aggregated in SQL, for reports and the screen."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, select
from sqlalchemy.orm import Session

from desk.core.periods import Period
from desk.db.scan import period_reading
from desk.office.scope import Scope
from desk.petitions.model import ANSWERED_STATUSES, Petition
from desk.petitions.rules import deadlines, overdue_clause


@dataclass(frozen=True)
class PetitionStats:
    """Petitions received in a period.

    total: petitions (件次); people: petitioners counted by head (人次, group visits count each);
    visits / letters / calls / other_channel: by channel (来访 / 来信 / 来电 / 其他);
    marriage, violence, property, labour, children, person, other_category: by category
    (婚姻家庭, 家庭暴力, 财产/土地权益, 劳动就业, 子女抚养, 人身权利, 其他);
    answered: answered or closed (the answer rate 处理答复率 is answered / total);
    reception_day: received on a leader reception day; overdue: still open past a deadline on ``today``.
    """

    total: int
    people: int
    visits: int
    letters: int
    calls: int
    other_channel: int
    marriage: int
    violence: int
    property: int
    labour: int
    children: int
    person: int
    other_category: int
    answered: int
    reception_day: int
    overdue: int


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def petition_stats(session: Session, period: Period, scope: Scope, today: dt.date | None = None) -> PetitionStats:
    """Return the figures of petitions received in ``period`` by offices in ``scope``.

    ``overdue`` is decided on ``today`` (default: the computer's date) with the office's deadlines.
    """
    today = today or dt.date.today()
    # One office through its origin index; a wide period by a scan; a short one through its index (desk/db/scan.py).
    column, office = period_reading(session, Petition, Petition.received_on, period, scope.codes)
    where: list[ColumnElement[bool]] = [column(Petition.deleted).is_(False), column(Petition.received_on).between(period.start, period.end)]
    if scope.codes is not None:
        where.append(office(Petition.origin_office).in_(sorted(scope.codes)))

    def channel(key: str) -> ColumnElement[int]:
        return _count_if(Petition.channel == key)

    def category(key: str) -> ColumnElement[int]:
        return _count_if(Petition.category == key)

    statement = select(
        func.count(),
        func.coalesce(func.sum(Petition.people_count), 0),
        channel("visit"), channel("letter"), channel("call"), channel("other"),
        category("marriage"), category("violence"), category("property"), category("labour"),
        category("children"), category("person"), category("other"),
        _count_if(Petition.status.in_(ANSWERED_STATUSES)),
        _count_if(Petition.reception_day.is_(True)),
        _count_if(and_(True, overdue_clause(deadlines(session), today))),
    ).where(*where)
    row = session.execute(statement).one()
    return PetitionStats(*(int(value) for value in row))
