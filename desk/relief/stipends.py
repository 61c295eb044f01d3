"""Stipend batches (春蕾计划 and similar): programme, date, source of funds, one line per beneficiary."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desk.core.pinyin import search_key
from desk.core.validation import Checker
from desk.db.records import Actor, check_links, get_live, live_children, mark_deleted, replace_children, write_record
from desk.relief.fields import STIPEND_BATCH
from desk.relief.lines import raise_problems
from desk.relief.model import StipendBatch, StipendLine

BATCH_KEYS = ("programme", "pay_date", "fund_source", "notes")


def check_batch(session: Session, values: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Return (batch values, lines) or raise ValidationError naming every problem.

    Every field and line is checked as STIPEND_BATCH declares it (desk/relief/fields.py): a beneficiary
    still in the register, once per batch, an amount above 0, at least one line.
    """
    checker = Checker(values)
    cleaned = checker.fields(STIPEND_BATCH, *BATCH_KEYS)
    cleaned["lines"] = checker.lines(STIPEND_BATCH["lines"])
    check_links(session, checker, STIPEND_BATCH, cleaned)
    raise_problems(checker.problems)
    rows = cleaned.pop("lines")
    return cleaned, rows


def save_batch(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Create or update a stipend batch and its lines; return its id; raise ValidationError."""
    cleaned, rows = check_batch(session, values)
    cleaned["search_key"] = search_key(cleaned["programme"], cleaned["fund_source"])
    record = write_record(session, actor, StipendBatch, record_id, cleaned)
    replace_children(session, actor, StipendLine, "batch_id", record.id, rows)
    session.flush()
    return record.id


def load_batch(session: Session, record_id: str) -> dict[str, Any]:
    """Return a batch's form values with its lines; raise NotFoundError."""
    record = get_live(session, StipendBatch, record_id)
    values: dict[str, Any] = {key: getattr(record, key) for key in BATCH_KEYS}
    values["lines"] = [
        {"beneficiary_id": r.beneficiary_id, "amount_fen": r.amount_fen}
        for r in live_children(session, StipendLine, "batch_id", record_id)
    ]
    return values


def delete_batch(session: Session, actor: Actor, record_id: str) -> None:
    """Mark a batch and its lines deleted."""
    record = get_live(session, StipendBatch, record_id)
    for line in live_children(session, StipendLine, "batch_id", record_id):
        mark_deleted(line, actor)
    mark_deleted(record, actor)
