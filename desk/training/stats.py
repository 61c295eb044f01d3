"""Training figures for a period and office scope, computed with SQL aggregates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, case, distinct, func, select
from sqlalchemy.orm import Session

from desk.core.periods import Period
from desk.office.scope import Scope
from desk.training.model import OWN, Attendance, Course, SkilledWoman


@dataclass(frozen=True)
class TrainingStats:
    """Training in a period.

    courses_held: courses this office (or the scope's offices) held; courses_attended: courses
    of higher-level bodies its people attended; hours: total hours of those courses;
    trainee_visits: trainees counted once per course (人次); trainees: distinct people trained;
    finished: trainee visits that ended in 结业; cadres_sent: distinct people sent to
    higher-level courses; skilled_women_new: skilled women registered in the period;
    skilled_women: skilled women registered by the period's end; association_members: of them,
    members of the skilled women's association.
    """

    courses_held: int
    courses_attended: int
    hours: int
    trainee_visits: int
    trainees: int
    finished: int
    cadres_sent: int
    skilled_women_new: int
    skilled_women: int
    association_members: int


def _in_period(period: Period, scope: Scope) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [
        Course.deleted.is_(False),
        Course.start_date <= period.end,
        func.coalesce(Course.end_date, Course.start_date) >= period.start,
    ]
    if scope.codes is not None:
        clauses.append(Course.origin_office.in_(sorted(scope.codes)))
    return clauses


def training_stats(session: Session, period: Period, scope: Scope) -> TrainingStats:
    """Return the training figures of ``period`` for the offices of ``scope``."""
    own = Course.organiser == OWN
    courses = session.execute(
        select(
            func.count(case((own, Course.id))),
            func.count(case((~own, Course.id))),
            func.coalesce(func.sum(Course.hours), 0),
        ).where(*_in_period(period, scope))
    ).one()
    # Attendances are reached through their period's courses by the (course_id, deleted, ...) index.
    live = (Attendance.deleted.is_(False), *_in_period(period, scope))
    visits = session.execute(
        # count() and CASE … THEN 1 rather than the ids: the (course_id, deleted, person_id, finished) index covers it.
        select(
            func.count(),
            func.count(distinct(Attendance.person_id)),
            func.count(case((Attendance.finished.is_(True), 1))),
            func.count(distinct(case((~own, Attendance.person_id)))),
        )
        .join(Course, Course.id == Attendance.course_id)
        .where(*live)
    ).one()
    skilled = [SkilledWoman.deleted.is_(False), SkilledWoman.registered_on <= period.end]
    if scope.codes is not None:
        skilled.append(SkilledWoman.origin_office.in_(sorted(scope.codes)))
    women = session.execute(
        select(
            func.count(case((SkilledWoman.registered_on >= period.start, 1))),
            func.count(),
            func.count(case((SkilledWoman.association_member.is_(True), 1))),
        ).where(*skilled)
    ).one()
    return TrainingStats(
        courses_held=int(courses[0]),
        courses_attended=int(courses[1]),
        hours=int(courses[2]),
        trainee_visits=int(visits[0]),
        trainees=int(visits[1]),
        finished=int(visits[2]),
        cadres_sent=int(visits[3]),
        skilled_women_new=int(women[0]),
        skilled_women=int(women[1]),
        association_members=int(women[2]),
    )
