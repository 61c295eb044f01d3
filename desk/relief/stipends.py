"""Stipend batches (春蕾计划 and similar): programme, date, source of funds, one line per beneficiary."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.core.pinyin import search_key
from desk.core.validation import Checker
from desk.db.records import Actor, get_live, live_children, mark_deleted, replace_children, write_record
from desk.relief.beneficiaries import live_beneficiary_ids
from desk.relief.fields import STIPEND_BATCH
from desk.relief.lines import LineChecker, raise_problems
from desk.relief.model import StipendBatch, StipendLine

BATCH_KEYS = ("programme", "pay_date", "fund_source", "notes")


def check_batch(session: Session, values: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Return (batch values, lines) or raise ValidationError naming every problem."""
    checker = Checker(values)
    cleaned = checker.fields(STIPEND_BATCH, "programme", "pay_date", "fund_source", "notes")
    problems = checker.problems
    lines = LineChecker(problems, "lines", values.get("lines"))
    wanted = {str(row.get("beneficiary_id") or "") for row in lines.rows} - {""}
    live = live_beneficiary_ids(session, wanted)
    seen: set[str] = set()
    rows = []
    for index in range(len(lines.rows)):
        beneficiary = str(lines.rows[index].get("beneficiary_id") or "")
        if not beneficiary:
            lines.add(index, "beneficiary_id", _("请选择受助人"))
        elif beneficiary not in live:
            lines.add(index, "beneficiary_id", _("所选受助人已不在名册中"))
        elif beneficiary in seen:
            lines.add(index, "beneficiary_id", _("同一受助人在本批中列了两次"))
        seen.add(beneficiary)
        amount = lines.money(index, "amount_fen", _("金额(元)"))
        if amount == 0 and f"lines:{index}:amount_fen" not in problems:
            lines.add(index, "amount_fen", _("金额应大于0"))
        rows.append({"beneficiary_id": beneficiary, "amount_fen": amount})
    if not rows:
        problems.setdefault("lines", _("请至少填写一名受助人及金额"))
    raise_problems(problems)
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
