"""The beneficiary register: a shared Person plus guardian, school, grade and group, with her history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.core.masking import mask_id_number
from desk.core.validation import Checker
from desk.db.records import Actor, get_live, mark_deleted, write_record
from desk.people.model import Person
from desk.people.service import check_person, duplicate_message, find_by_id_number, write_person
from desk.relief.fields import BENEFICIARY
from desk.relief.model import Beneficiary, ReliefVisit, StipendBatch, StipendLine, VisitPerson

PERSON_KEYS = ("name", "sex", "birth_date", "id_number", "phone", "address", "village")
OWN_KEYS = ("guardian", "school", "grade", "group", "notes")


def _check_own(checker: Checker) -> dict[str, Any]:
    return checker.fields(BENEFICIARY, "guardian", "school", "grade", "group", "notes")


def save_beneficiary(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Create or update a beneficiary; return her id.

    Raises ValidationError: the ID number's check digit, its agreement with the typed birth
    date and sex, and a duplicate ID number (naming the registered person) come from desk.people.
    """
    record = get_live(session, Beneficiary, record_id) if record_id else None
    person_id = record.person_id if record else None
    person = session.get(Person, person_id) if person_id else None
    person_values = {key: values.get(key) for key in PERSON_KEYS}
    person_values.update(work_unit=person.work_unit if person else "", post=person.post if person else "")
    person_values["notes"] = person.notes if person else ""
    checker = Checker(person_values | {key: values.get(key) for key in OWN_KEYS})
    cleaned = check_person(checker)
    own = _check_own(checker)
    if cleaned["id_number"] and "id_number" not in checker.problems:
        existing = find_by_id_number(session, cleaned["id_number"], exclude_id=person_id)
        if existing is not None:
            taken = session.scalars(
                select(Beneficiary.id).where(Beneficiary.person_id == existing.id, Beneficiary.deleted.is_(False))
            ).first()
            if taken is not None or person_id is not None:
                checker.add("id_number", duplicate_message(existing))
            else:
                person_id = existing.id  # already registered elsewhere (a trainee): the same person
    checker.raise_if_any()
    person_id = write_person(session, actor, person_id, cleaned)
    record = write_record(session, actor, Beneficiary, record.id if record else None, dict(own, person_id=person_id))
    return record.id


def load_beneficiary(session: Session, record_id: str) -> dict[str, Any]:
    """Return a beneficiary's form values (full name and ID number) and her history; raise NotFoundError."""
    record = get_live(session, Beneficiary, record_id)
    person = get_live(session, Person, record.person_id)
    values = {key: getattr(person, key) for key in PERSON_KEYS}
    values.update({key: getattr(record, key) for key in OWN_KEYS})
    values["history"] = beneficiary_history(session, record_id)
    return values


def beneficiary_history(session: Session, record_id: str) -> list[dict[str, Any]]:
    """Return the visits that reached a beneficiary and the stipends paid to her, newest first."""
    visits = session.execute(
        select(ReliefVisit.visit_date, ReliefVisit.title)
        .join(VisitPerson, VisitPerson.visit_id == ReliefVisit.id)
        .where(VisitPerson.beneficiary_id == record_id, VisitPerson.deleted.is_(False), ReliefVisit.deleted.is_(False))
    )
    stipends = session.execute(
        select(StipendBatch.pay_date, StipendBatch.programme, StipendLine.amount_fen)
        .join(StipendLine, StipendLine.batch_id == StipendBatch.id)
        .where(StipendLine.beneficiary_id == record_id, StipendLine.deleted.is_(False), StipendBatch.deleted.is_(False))
    )
    rows = [{"date": row.visit_date, "kind": "visit", "what": row.title, "amount_fen": None} for row in visits]
    rows += [{"date": row.pay_date, "kind": "stipend", "what": row.programme, "amount_fen": row.amount_fen} for row in stipends]
    return sorted(rows, key=lambda row: row["date"], reverse=True)


def delete_beneficiary(session: Session, actor: Actor, record_id: str) -> None:
    """Mark a beneficiary deleted (the shared person stays: other areas may name her)."""
    mark_deleted(get_live(session, Beneficiary, record_id), actor)


def beneficiary_choices(session: Session, group: str | None = None) -> list[tuple[str, str]]:
    """Return (beneficiary id, "name（尾号1234）") of live beneficiaries, by name, for the grids."""
    statement = (
        select(Beneficiary.id, Person.name, Person.id_number)
        .join(Person, Person.id == Beneficiary.person_id)
        .where(Beneficiary.deleted.is_(False))
        .order_by(Person.search_key, Person.name, Beneficiary.id)
    )
    if group:
        statement = statement.where(Beneficiary.group == group)
    result = []
    for row in session.execute(statement):
        tail = mask_id_number(row.id_number)[-4:] if row.id_number else ""
        result.append((row.id, _("{name}（尾号{tail}）").format(name=row.name, tail=tail) if tail else row.name))
    return result

