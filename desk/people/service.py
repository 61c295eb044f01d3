"""Checking and saving people: ID numbers validated (GB 11643), duplicates caught before saving."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.crossrules import UniqueKey
from desk.core.errors import ValidationError
from desk.core.formatting import format_date
from desk.core.i18n import _
from desk.core.people import SEX_FEMALE, SEX_MALE
from desk.core.pinyin import search_key
from desk.core.validation import Checker
from desk.db.records import Actor, get_live, write_record
from desk.people.fields import PERSON
from desk.people.model import Person

PERSON_FIELDS = PERSON.keys()
SEXES = (SEX_FEMALE, SEX_MALE)


def check_person(checker: Checker, prefix: str = "") -> dict[str, Any]:
    """Read a person's fields (keys optionally prefixed) through ``checker``; return cleaned values.

    The ID number, when given, must pass the check digit, and a typed birth date or sex must
    agree with it; when they are left empty they are taken from the ID number.
    """
    # The ID number is checked as declared (length, digits, birth date, check digit) and the sex and birth date
    # read with it must agree with it, or are taken from it when left empty (Checker.fields).
    return checker.fields(PERSON, "name", "sex", "birth_date", "id_number", "phone", "address", "work_unit", "post",
                          "village", "notes", prefix=prefix)


def find_by_id_number(session: Session, id_number: str, exclude_id: str | None = None) -> Person | None:
    """Return the live person with ``id_number`` (other than ``exclude_id``), or None."""
    statement = select(Person).where(Person.id_number == id_number.strip().upper(), Person.deleted.is_(False))
    if exclude_id is not None:
        statement = statement.where(Person.id != exclude_id)
    return session.scalars(statement.limit(1)).first()


def duplicate_message(person: Person) -> str:
    """Return the message shown when an ID number is already registered, naming the existing record."""
    born = format_date(person.birth_date) if person.birth_date else ""
    return _("该身份证号码已登记：{name}（{born}，{unit}）").format(
        name=person.name, born=born, unit=person.work_unit or person.village or person.address or "—"
    )


def _duplicate_reason(values: dict[str, Any], other: Any) -> str:
    return duplicate_message(other) if other is not None else _("该身份证号码在数据包中出现了两次")


# Two live people never share an ID number (the forms refuse it or reuse the person): imported ones neither.
UNIQUE_KEYS = {"person": [UniqueKey(("id_number",), _duplicate_reason)]}


def save_person(session: Session, actor: Actor, person_id: str | None, values: dict[str, Any], prefix: str = "") -> str:
    """Create or update a person; return the id. Raise ValidationError (a duplicate ID names the existing person)."""
    checker = Checker(values)
    cleaned = check_person(checker, prefix)
    if cleaned["id_number"] and prefix + "id_number" not in checker.problems:
        existing = find_by_id_number(session, cleaned["id_number"], exclude_id=person_id)
        if existing is not None:
            checker.add(prefix + "id_number", duplicate_message(existing))
    checker.raise_if_any()
    return write_person(session, actor, person_id, cleaned)


def write_person(session: Session, actor: Actor, person_id: str | None, cleaned: dict[str, Any]) -> str:
    """Write already-checked values; return the id."""
    cleaned = dict(cleaned, search_key=search_key(cleaned["name"]))
    person = write_record(session, actor, Person, person_id, cleaned)
    session.flush()
    return person.id


def match_or_create(session: Session, actor: Actor, values: dict[str, Any]) -> tuple[str, bool]:
    """Return (person id, created): a person with the same ID number is reused instead of duplicated.

    Raises ValidationError when the values are invalid.
    """
    checker = Checker(values)
    cleaned = check_person(checker)
    checker.raise_if_any()
    if cleaned["id_number"]:
        existing = find_by_id_number(session, cleaned["id_number"])
        if existing is not None:
            return existing.id, False
    return write_person(session, actor, None, cleaned), True


def load_person(session: Session, person_id: str, prefix: str = "") -> dict[str, Any]:
    """Return a person's values keyed like the form (optionally prefixed); raise NotFoundError."""
    person = get_live(session, Person, person_id)
    return {prefix + key: getattr(person, key) for key in PERSON_FIELDS}


def require_valid(values: dict[str, Any]) -> dict[str, Any]:
    """Return cleaned person values or raise ValidationError (for rows of bulk entry)."""
    checker = Checker(values)
    cleaned = check_person(checker)
    if checker.problems:
        raise ValidationError(checker.problems)
    return cleaned
