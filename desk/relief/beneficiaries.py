"""The beneficiary register: a shared Person plus guardian, school, grade and group, with her history."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select
from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.core.masking import mask_id_number
from desk.core.validation import Checker
from desk.db.lookup import LIMIT, starts_with
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


def _label(name: str, id_number: str | None) -> str:
    tail = mask_id_number(id_number)[-4:] if id_number else ""
    return _("{name}（尾号{tail}）").format(name=name, tail=tail) if tail else name


def _live_beneficiaries() -> Select[str, str, str | None]:
    return (
        select(Beneficiary.id, Person.name, Person.id_number)
        .join(Person, Person.id == Beneficiary.person_id)
        .where(Beneficiary.deleted.is_(False))
    )


def _matching(session: Session, text: str) -> ColumnElement[bool]:
    matching = starts_with(session, Person.name, text)
    if text.isascii():
        matching = or_(matching, starts_with(session, Person.search_key, text.lower()))
    return matching


def find_beneficiaries(session: Session, text: str, limit: int = LIMIT) -> list[tuple[str, str]]:
    """Return up to ``limit`` live beneficiaries whose name or pinyin initials start with ``text``.

    As (beneficiary id, "name（尾号1234）"), exact names first; the indexes on name and initials serve
    the search, so it reads the matches only however long the register is.
    """
    text = text.strip()
    if not text:
        return []
    statement = (
        _live_beneficiaries().where(_matching(session, text))
        .order_by((Person.name != text), Person.search_key, Person.name, Beneficiary.id).limit(limit)
    )
    return [(row.id, _label(row.name, row.id_number)) for row in session.execute(statement)]


def beneficiary_labels(session: Session, ids: Iterable[str]) -> dict[str, str]:
    """Return "name（尾号1234）" of each of ``ids`` (a record's lines: rows read by id)."""
    wanted = sorted({record_id for record_id in ids if record_id})
    labels: dict[str, str] = {}
    for start in range(0, len(wanted), 500):
        statement = (
            select(Beneficiary.id, Person.name, Person.id_number)
            .join(Person, Person.id == Beneficiary.person_id)
            .where(Beneficiary.id.in_(wanted[start:start + 500]))
        )
        labels.update((row.id, _label(row.name, row.id_number)) for row in session.execute(statement))
    return labels


def resolve_beneficiary(session: Session, text: str) -> str | None:
    """Return the one live beneficiary that typed ``text`` names (her exact name, else the only match), or None."""
    text = text.strip()
    if not text:
        return None
    exact = session.execute(_live_beneficiaries().where(Person.name == text).limit(2)).all()
    if len(exact) == 1:
        return str(exact[0].id)
    if exact:
        return None  # two people of that name: the clerk picks one from the list
    found = session.execute(_live_beneficiaries().where(_matching(session, text)).limit(2)).all()
    return str(found[0].id) if len(found) == 1 else None

