"""One trainee at a time, and the register of skilled women (女能手), both over the shared people register."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.core.validation import Checker
from desk.db.records import Actor, get_live, mark_deleted, stamp_change, stamp_new, write_record
from desk.people.model import Person
from desk.people.service import PERSON_FIELDS, check_person, duplicate_message, find_by_id_number, write_person
from desk.training.model import Attendance, Course, SkilledWoman
from desk.training.service import fill_blanks


def course_labels(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """Return "name（start date）" of each of the courses ``ids`` (read by id)."""
    rows = session.execute(select(Course.id, Course.name, Course.start_date).where(Course.id.in_(list(ids))))
    return {row.id: course_label({"name": row.name, "start_date": row.start_date}) for row in rows}


def course_label(row: Mapping[str, Any]) -> str:
    """Return how a course is offered: "name（start date）"."""
    return f"{row['name']}（{row['start_date'].isoformat()}）"


def newest_course(session: Session) -> str:
    """Return the id of the live course that starts last ("" when none): one row by the date index."""
    found = session.scalars(
        select(Course.id).where(Course.deleted.is_(False)).order_by(Course.start_date.desc(), Course.name).limit(1)
    ).first()
    return found or ""


def _person_for(
    session: Session, actor: Actor, checker: Checker, person_id: str | None
) -> tuple[dict[str, Any], Person | None]:
    """Check the person fields; return (cleaned values, the registered person the ID number names, if any)."""
    cleaned = check_person(checker)
    existing = None
    if cleaned["id_number"] and "id_number" not in checker.problems:
        existing = find_by_id_number(session, cleaned["id_number"], exclude_id=person_id)
        if existing is not None and person_id is not None:
            checker.add("id_number", duplicate_message(existing))
    return cleaned, existing


def _write(
    session: Session, actor: Actor, person_id: str | None, existing: Person | None, cleaned: dict[str, Any],
    typed: dict[str, Any],
) -> str:
    """Update the edited person, reuse the matched one (filling its blanks), or register a new one; return its id.

    An update writes only the fields the form shows, so facts another area keeps (address, notes) stay.
    """
    if person_id is not None:
        shown = {key: value for key, value in cleaned.items() if key in typed}
        return write_person(session, actor, person_id, shown)
    if existing is not None:
        fill_blanks(existing, cleaned, actor)
        return existing.id
    return write_person(session, actor, None, cleaned)


def save_trainee(session: Session, actor: Actor, attendance_id: str | None, values: dict[str, Any]) -> str:
    """Save one trainee's attendance at a course; a person already registered is matched by ID number."""
    attendance = get_live(session, Attendance, attendance_id) if attendance_id else None
    checker = Checker(values)
    wanted = str(values.get("course_id") or "")
    live = session.scalars(select(Course.id).where(Course.id == wanted, Course.deleted.is_(False))).first()
    if wanted and not live:  # one course read by id, never the whole list
        checker.add("course_id", _("所选培训班已删除或不存在，请重新选择"))
        course_id = ""
    else:
        course_id = checker.choice("course_id", _("培训班"), {wanted})
    person_id = attendance.person_id if attendance else None
    cleaned, existing = _person_for(session, actor, checker, person_id)
    checker.raise_if_any()
    person_id = _write(session, actor, person_id, existing, cleaned, values)
    other = session.scalars(
        select(Attendance).where(
            Attendance.course_id == course_id,
            Attendance.person_id == person_id,
            Attendance.deleted.is_(False),
            Attendance.id != (attendance_id or ""),
        )
    ).first()
    if other is not None:
        checker.add("course_id", _("{name}已是这个培训班的学员").format(name=cleaned["name"]))
        checker.raise_if_any()
    finished = checker.boolean("finished")
    if attendance is None:
        attendance = Attendance(course_id=course_id, person_id=person_id, finished=finished)
        stamp_new(attendance, actor)
        session.add(attendance)
    elif (attendance.course_id, attendance.finished) != (course_id, finished):
        attendance.course_id, attendance.finished = course_id, finished
        stamp_change(attendance, actor)
    session.flush()
    return attendance.id


def load_trainee(session: Session, attendance_id: str) -> dict[str, Any]:
    """Return an attendance with its person's fields, keyed like the form."""
    attendance = get_live(session, Attendance, attendance_id)
    person = session.get(Person, attendance.person_id)
    values = {key: getattr(person, key) for key in PERSON_FIELDS}
    values.update(course_id=attendance.course_id, finished=attendance.finished)
    return values


def delete_trainee(session: Session, actor: Actor, attendance_id: str) -> None:
    """Mark one attendance deleted (the person stays in the register)."""
    mark_deleted(get_live(session, Attendance, attendance_id), actor)


def save_skilled_woman(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Register (or update) a skilled woman: the person, her trade and association membership."""
    record = get_live(session, SkilledWoman, record_id) if record_id else None
    checker = Checker(values)
    trade = checker.text("trade", _("技能专长"), required=True, max_length=100)
    registered_on = checker.date("registered_on", _("登记日期"), required=True)
    notes = checker.text("skill_notes", _("备注"), max_length=2000)
    person_id = record.person_id if record else None
    cleaned, existing = _person_for(session, actor, checker, person_id)
    if record is None and existing is not None:
        already = session.scalars(
            select(SkilledWoman.id).where(SkilledWoman.person_id == existing.id, SkilledWoman.deleted.is_(False))
        ).first()
        if already is not None:
            checker.add("id_number", _("{name}已登记为女能手").format(name=existing.name))
    checker.raise_if_any()
    person_id = _write(session, actor, person_id, existing, cleaned, values)
    own = {
        "trade": trade,
        "association_member": checker.boolean("association_member"),
        "registered_on": registered_on,
        "notes": notes,
    }
    record = write_record(session, actor, SkilledWoman, record.id if record else None, dict(own, person_id=person_id))
    return record.id


def load_skilled_woman(session: Session, record_id: str) -> dict[str, Any]:
    """Return a skilled woman's person fields and her own, keyed like the form."""
    record = get_live(session, SkilledWoman, record_id)
    person = session.get(Person, record.person_id)
    values = {key: getattr(person, key) for key in PERSON_FIELDS}
    values.update(
        trade=record.trade,
        association_member=record.association_member,
        registered_on=record.registered_on,
        skill_notes=record.notes,
    )
    return values


def delete_skilled_woman(session: Session, actor: Actor, record_id: str) -> None:
    """Mark a skilled woman's registration deleted (the person stays in the register)."""
    mark_deleted(get_live(session, SkilledWoman, record_id), actor)
