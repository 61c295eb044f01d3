"""Saving and loading a sample visit: the checks are the declaration's."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desk.core.validation import Checker
from desk.db.records import Actor, get_live, write_record

from .fields import VISIT
from .model import SampleVisit


def save_visit(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    checker = Checker(values)
    cleaned = checker.fields(VISIT)
    checker.raise_if_any()
    return write_record(session, actor, SampleVisit, record_id, cleaned).id


def load_visit(session: Session, record_id: str) -> dict[str, Any]:
    record = get_live(session, SampleVisit, record_id)
    return {key: getattr(record, key) for key in VISIT.column_keys()}
