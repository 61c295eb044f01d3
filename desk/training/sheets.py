"""The training area's sheets: courses, trainees (matched to people by ID number) and skilled women."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.i18n import N_
from desk.core.people import SEX_FEMALE
from desk.sheets.spec import SheetSpec, sheet_fields
from desk.training.fields import COURSE, SKILLED_WOMAN, TRAINEE
from desk.training.model import Course
from desk.training.queries import COURSES, SKILLED_WOMEN, TRAINEES
from desk.training.register import (
    load_skilled_woman,
    load_trainee,
    save_skilled_woman,
    save_trainee,
)
from desk.training.service import load_course, save_course


def _find_course(session: Session, text: str) -> str | None:
    return session.scalars(
        select(Course.id).where(Course.deleted.is_(False), Course.name == text).order_by(Course.start_date.desc())
    ).first()


def _course_name(session: Session, record_id: str) -> str:
    course = session.get(Course, record_id)
    return course.name if course else ""


SHEETS = (
    SheetSpec(
        key="courses",
        title=N_("培训班"),
        order=60,
        kind=COURSE,
        fields=sheet_fields(COURSE),
        save=lambda session, actor, values: save_course(session, actor, None, values),
        load=load_course,
        source=COURSES,
        defaults={"organiser": "own"},
    ),
    SheetSpec(
        key="trainees",
        title=N_("学员"),
        order=61,
        kind=TRAINEE,
        fields=sheet_fields(TRAINEE, course_id={"resolve": _find_course, "show": _course_name}),
        save=lambda session, actor, values: save_trainee(session, actor, None, values),
        load=load_trainee,
        source=TRAINEES,
    ),
    SheetSpec(
        key="skilled_women",
        title=N_("女能手"),
        order=62,
        kind=SKILLED_WOMAN,
        fields=sheet_fields(SKILLED_WOMAN),
        save=lambda session, actor, values: save_skilled_woman(session, actor, None, values),
        load=load_skilled_woman,
        source=SKILLED_WOMEN,
        defaults={"sex": SEX_FEMALE},
    ),
)
