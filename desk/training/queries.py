"""Lists of the training area: courses, trainees (attendances) and skilled women, names masked."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from desk.core.i18n import _
from desk.core.people import sex_label
from desk.db.listing import ListSource
from desk.people.model import Person
from desk.training.fields import TRAINEE
from desk.training.model import KINDS, ORGANISERS, OWN, Attendance, Course, SkilledWoman

_TRAINEE_COUNT = (
    select(func.count(Attendance.id))
    .where(Attendance.course_id == Course.id, Attendance.deleted.is_(False))
    .correlate(Course)
    .scalar_subquery()
)


def _finish_course(row: dict[str, Any]) -> dict[str, Any]:
    row["kind_label"] = _(KINDS.get(row["kind"], row["kind"]))
    row["organiser_label"] = _(ORGANISERS.get(row["organiser"], row["organiser"]))
    return row


COURSES = ListSource(
    model=Course,
    columns={
        "id": Course.id,
        "name": Course.name,
        "kind": Course.kind,
        "organiser": Course.organiser,
        "start_date": Course.start_date,
        "end_date": Course.end_date,
        "place": Course.place,
        "hours": Course.hours,
        "trainees": _TRAINEE_COUNT,
    },
    search=(Course.name, Course.place, Course.search_key, Course.topics),
    date_column=Course.start_date,
    date_end_column=Course.end_date,
    default_order=(Course.start_date.desc(), Course.name),
    filters={
        "kind": lambda value: Course.kind == value,
        "held": lambda value: (Course.organiser == OWN) if value == "held" else (Course.organiser != OWN),
    },
    finish=_finish_course,
)


def _finish_person(row: dict[str, Any]) -> dict[str, Any]:
    TRAINEE.mask_row(row)  # name, ID number and phone, as declared
    row["sex_label"] = sex_label(row["sex"])
    return row


def _finish_trainee(row: dict[str, Any]) -> dict[str, Any]:
    row = _finish_person(row)
    row["organiser_label"] = _(ORGANISERS.get(row["organiser"], row["organiser"] or ""))
    return row


_PERSON_SEARCH = (Person.name, Person.search_key, Person.work_unit, Person.id_number)

TRAINEES = ListSource(
    model=Attendance,
    columns={
        "id": Attendance.id,
        "name": Person.name,
        "sex": Person.sex,
        "id_number": Person.id_number,
        "work_unit": Person.work_unit,
        "phone": Person.phone,
        "course_name": Course.name,
        "organiser": Course.organiser,
        "start_date": Course.start_date,
        "finished": Attendance.finished,
    },
    search=(*_PERSON_SEARCH, Course.name),
    date_column=Course.start_date,
    date_end_column=Course.end_date,
    default_order=(Course.start_date.desc(), Person.name),
    filters={
        "held": lambda value: (Course.organiser == OWN) if value == "held" else (Course.organiser != OWN),
    },
    joins=((Person, Person.id == Attendance.person_id), (Course, Course.id == Attendance.course_id)),
    finish=_finish_trainee,
)

SKILLED_WOMEN = ListSource(
    model=SkilledWoman,
    columns={
        "id": SkilledWoman.id,
        "name": Person.name,
        "sex": Person.sex,
        "id_number": Person.id_number,
        "village": func.coalesce(func.nullif(Person.village, ""), Person.work_unit),
        "phone": Person.phone,
        "trade": SkilledWoman.trade,
        "association_member": SkilledWoman.association_member,
        "registered_on": SkilledWoman.registered_on,
    },
    search=(*_PERSON_SEARCH, Person.village, SkilledWoman.trade),
    date_column=SkilledWoman.registered_on,
    default_order=(SkilledWoman.registered_on.desc(), Person.name),
    filters={"association_member": lambda value: SkilledWoman.association_member.is_(value == "yes")},
    joins=((Person, Person.id == SkilledWoman.person_id),),
    finish=_finish_person,
)


def course_json(row: dict[str, Any]) -> dict[str, Any]:
    """Return a course row as the CLI prints it."""
    keys = ("id", "name", "kind", "kind_label", "organiser", "organiser_label", "start_date", "end_date", "place", "hours", "trainees")
    return {key: row[key] for key in keys}


def trainee_json(row: dict[str, Any]) -> dict[str, Any]:
    """Return a trainee row (masked) as the CLI prints it."""
    keys = ("id", "name", "sex", "id_number", "work_unit", "phone", "course_name", "organiser", "start_date", "finished")
    return {key: row[key] for key in keys}
