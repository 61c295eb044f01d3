"""Saving courses with their trainees typed in bulk: valid rows save, refused rows say why."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.crossrules import UniqueKey
from desk.core.errors import ValidationError
from desk.core.i18n import _
from desk.core.pinyin import search_key
from desk.core.validation import Checker
from desk.db.records import Actor, get_live, mark_deleted, stamp_change, stamp_new, write_record
from desk.people.model import Person
from desk.people.service import check_person, find_by_id_number, write_person
from desk.training.fields import COURSE
from desk.training.model import Attendance, Course

COURSE_FIELDS = (
    "name", "kind", "organiser", "start_date", "end_date", "place", "hours", "teachers", "topics", "base", "notes",
)
ROW_KEYS = ("name", "sex", "id_number", "work_unit", "phone", "finished")
FINISHED_YES = "yes"
FINISHED_NO = "no"
MAX_HOURS = 2000


@dataclass(frozen=True)
class CourseSaved:
    """What saving a course did: its id, how many trainee rows saved, and the rows refused with reasons."""

    course_id: str
    saved: int
    refused: dict[int, dict[str, str]] = field(default_factory=dict)  # row index → column key → reason

    def message(self, rows: list[dict[str, Any]]) -> str:
        """Return one line per refused row, naming the row, the person and the reason."""
        parts = []
        for index, problems in sorted(self.refused.items()):
            name = str(rows[index].get("name") or "") if index < len(rows) else ""
            parts.append(
                _("第{row}行（{name}）未保存：{reason}").format(
                    row=index + 1, name=name or "—", reason="；".join(problems.values())
                )
            )
        return "\n".join(parts)


def check_course(values: dict[str, Any]) -> dict[str, Any]:
    """Validate a course's own fields; return cleaned values or raise ValidationError."""
    checker = Checker(values)
    cleaned = checker.fields(COURSE)
    cleaned["hours"] = cleaned["hours"] or 0
    course_rules(checker, cleaned)
    checker.raise_if_any()
    return cleaned


def course_rules(checker: Checker, cleaned: dict[str, Any]) -> None:
    """Add the problems between a course's cleaned fields (it ends no earlier than it starts)."""
    if cleaned.get("start_date") and cleaned.get("end_date") and cleaned["end_date"] < cleaned["start_date"]:
        checker.add("end_date", _("结束日期不能早于开始日期"))


# The rules between fields each kind's form applies, by table: imported records pass them too.
RECORD_RULES = {"training_course": course_rules}
# What live records may not share (desk.core.crossrules): a person attends a course once and is one skilled woman.
UNIQUE_KEYS = {
    "training_attendance": [UniqueKey(("person_id", "course_id"), lambda values, other: _("此人已是这个培训班的学员"))],
    "training_skilled_woman": [UniqueKey(("person_id",), lambda values, other: _("此人已登记为女能手"))],
}


def _row_problems(row: dict[str, Any], index: int, seen: dict[str, int]) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (cleaned person values, problems keyed by grid column) for one grid row.

    ``seen`` remembers the ID numbers, and the names typed without one, of the rows before: two
    rows for the same person are refused, and so are two same-named rows without ID numbers.
    """
    checker = Checker(row)
    cleaned = check_person(checker)
    finished = str(row.get("finished") or "")
    if finished not in ("", FINISHED_YES, FINISHED_NO):
        checker.add("finished", _("是否结业的取值“{value}”无效").format(value=finished))
    cleaned["finished"] = finished == FINISHED_YES
    problems = {("id_number" if key == "birth_date" else key): message for key, message in checker.problems.items()}
    if problems:
        return cleaned, problems
    number = cleaned["id_number"]
    key = "id:" + number if number else "name:" + cleaned["name"]
    if key in seen:
        if number:
            problems["id_number"] = _("与第{row}行的身份证号码相同").format(row=seen[key] + 1)
        else:
            problems["id_number"] = _("与第{row}行同名，请填写身份证号码以区分").format(row=seen[key] + 1)
    else:
        seen[key] = index
    return cleaned, problems


def _find_trainee(session: Session, course_id: str, cleaned: dict[str, Any]) -> Person | None:
    """Return the registered person a row stands for: by ID number, else a same-named attendee without one."""
    if cleaned["id_number"]:
        return find_by_id_number(session, cleaned["id_number"])
    statement = (
        select(Person)
        .join(Attendance, Attendance.person_id == Person.id)
        .where(
            Attendance.course_id == course_id,
            Attendance.deleted.is_(False),
            Person.deleted.is_(False),
            Person.id_number.is_(None),
            Person.name == cleaned["name"],
        )
    )
    return session.scalars(statement.limit(1)).first()


FILLABLE = ("phone", "work_unit", "post", "village")


def fill_blanks(person: Person, cleaned: dict[str, Any], actor: Actor) -> None:
    """Complete a matched person's empty phone, unit, post or village; never overwrite what is registered."""
    changed = False
    for key in FILLABLE:
        if cleaned.get(key) and not getattr(person, key):
            setattr(person, key, cleaned[key])
            changed = True
    if changed:
        stamp_change(person, actor)


def attend(session: Session, actor: Actor, course_id: str, person_id: str, finished: bool) -> str:
    """Record that a person attends a course (once per course); return the attendance id."""
    attendance = session.scalars(
        select(Attendance).where(
            Attendance.course_id == course_id, Attendance.person_id == person_id, Attendance.deleted.is_(False)
        )
    ).first()
    if attendance is None:
        attendance = Attendance(course_id=course_id, person_id=person_id, finished=finished)
        stamp_new(attendance, actor)
        session.add(attendance)
        session.flush()
    elif attendance.finished != finished:
        attendance.finished = finished
        stamp_change(attendance, actor)
    return attendance.id


def save_course_with_trainees(
    session: Session, actor: Actor, course_id: str | None, values: dict[str, Any]
) -> CourseSaved:
    """Save a course and its trainee rows (``values["trainees"]``).

    The course's own fields must be valid (else ValidationError, nothing saved).  Each trainee
    row is then checked on its own: valid rows save (a person already registered is matched by
    ID number, not duplicated), invalid rows are refused with their reasons.  Rows removed from
    the grid stop attending, but only when no row was refused.
    """
    cleaned = check_course(values)
    cleaned["search_key"] = search_key(cleaned["name"], cleaned["place"])
    course = write_record(session, actor, Course, course_id, cleaned)
    rows = list(values.get("trainees") or ())
    refused: dict[int, dict[str, str]] = {}
    kept: set[str] = set()
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        person_values, problems = _row_problems(row, index, seen)
        if problems:
            refused[index] = problems
            continue
        finished = person_values.pop("finished")
        person = _find_trainee(session, course.id, person_values)
        if person is None:
            person_id = write_person(session, actor, None, person_values)
        else:
            fill_blanks(person, person_values, actor)
            person_id = person.id
        attend(session, actor, course.id, person_id, finished)
        kept.add(person_id)
    if not refused and course_id is not None:
        for attendance in session.scalars(
            select(Attendance).where(Attendance.course_id == course.id, Attendance.deleted.is_(False))
        ):
            if attendance.person_id not in kept:
                mark_deleted(attendance, actor)
    session.flush()
    return CourseSaved(course.id, len(rows) - len(refused), refused)


def save_course(session: Session, actor: Actor, course_id: str | None, values: dict[str, Any]) -> str:
    """Save a course and its trainees all or nothing: any refused row raises ValidationError."""
    result = save_course_with_trainees(session, actor, course_id, values)
    if result.refused:
        raise ValidationError({"trainees": result.message(list(values.get("trainees") or ()))})
    return result.course_id


def load_course(session: Session, course_id: str) -> dict[str, Any]:
    """Return a course's fields and its trainee rows, keyed like the form."""
    course = get_live(session, Course, course_id)
    values: dict[str, Any] = {key: getattr(course, key) for key in COURSE_FIELDS}
    rows = session.execute(
        select(Person.name, Person.sex, Person.id_number, Person.work_unit, Person.phone, Attendance.finished)
        .join(Person, Person.id == Attendance.person_id)
        .where(Attendance.course_id == course_id, Attendance.deleted.is_(False))
        .order_by(Attendance.created_at, Attendance.id)
    )
    values["trainees"] = [
        {
            "name": row.name,
            "sex": row.sex,
            "id_number": row.id_number or "",
            "work_unit": row.work_unit,
            "phone": row.phone,
            "finished": FINISHED_YES if row.finished else FINISHED_NO,
        }
        for row in rows
    ]
    return values


def delete_course(session: Session, actor: Actor, course_id: str) -> None:
    """Mark a course and its attendance rows deleted."""
    course = get_live(session, Course, course_id)
    for attendance in session.scalars(
        select(Attendance).where(Attendance.course_id == course_id, Attendance.deleted.is_(False))
    ):
        mark_deleted(attendance, actor)
    mark_deleted(course, actor)
