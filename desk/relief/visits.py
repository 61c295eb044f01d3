"""Relief visits: checking and saving a visit with its leaders, units, groups, goods and people reached."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.core.pinyin import search_key
from desk.core.validation import Checker
from desk.db.records import Actor, check_links, get_live, live_children, mark_deleted, replace_children, write_record
from desk.directory.service import remember_leaders, remember_units
from desk.relief.fields import VISIT
from desk.relief.lines import raise_problems
from desk.relief.model import ReliefVisit, VisitGoods, VisitGroup, VisitLeader, VisitPerson, VisitUnit

VISIT_KEYS = ("visit_date", "occasion", "title", "places", "cash_fen", "notes")
CHILDREN = (
    ("leaders", VisitLeader),
    ("units", VisitUnit),
    ("groups", VisitGroup),
    ("goods", VisitGoods),
    ("people", VisitPerson),
)


def visit_totals(goods: list[dict[str, Any]], cash_fen: int | None) -> dict[str, int]:
    """Return goods value, cash and their total in fen for the lines typed so far (unreadable cells count 0)."""
    goods_fen = sum(row.get("value_fen") or 0 for row in goods if isinstance(row.get("value_fen"), int))
    cash = cash_fen if isinstance(cash_fen, int) else 0
    return {"goods_fen": goods_fen, "cash_fen": cash, "total_fen": goods_fen + cash}


def check_visit(session: Session, values: dict[str, Any]) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]]:
    """Return (visit values, child rows by field) or raise ValidationError naming every problem.

    Every field and line is checked as VISIT declares it (desk/relief/fields.py: a group and a beneficiary
    once per visit, beneficiaries still in the register); the rule across lines, groups or people reached, is here.
    """
    checker = Checker(values)
    cleaned = checker.fields(VISIT, *VISIT_KEYS)
    cleaned["cash_fen"] = cleaned["cash_fen"] or 0
    children = {key: checker.lines(VISIT[key]) for key, _model in CHILDREN}
    check_links(session, checker, VISIT, children)
    if not children["groups"] and not children["people"]:
        checker.add("groups", _("请至少填写一个帮扶类别及人数"))
    raise_problems(checker.problems)
    return cleaned, children


def save_visit(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Create or update a relief visit and its lines; return its id; raise ValidationError."""
    cleaned, children = check_visit(session, values)
    cleaned["search_key"] = search_key(cleaned["title"], cleaned["places"])
    record = write_record(session, actor, ReliefVisit, record_id, cleaned)
    for key, model in CHILDREN:
        replace_children(session, actor, model, "visit_id", record.id, children[key])
    remember_units(session, actor, [row["name"] for row in children["units"]])
    remember_leaders(session, actor, [(row["name"], row["post"]) for row in children["leaders"]])
    session.flush()
    return record.id


def load_visit(session: Session, record_id: str) -> dict[str, Any]:
    """Return a visit's form values with its lines; raise NotFoundError."""
    record = get_live(session, ReliefVisit, record_id)
    values: dict[str, Any] = {key: getattr(record, key) for key in VISIT_KEYS}
    values["leaders"] = [{"name": r.name, "post": r.post} for r in live_children(session, VisitLeader, "visit_id", record_id)]
    values["units"] = [{"name": r.name} for r in live_children(session, VisitUnit, "visit_id", record_id)]
    values["groups"] = [{"group": r.group, "count": r.count} for r in live_children(session, VisitGroup, "visit_id", record_id)]
    values["goods"] = [
        {"item": r.item, "quantity": r.quantity, "unit": r.unit, "value_fen": r.value_fen}
        for r in live_children(session, VisitGoods, "visit_id", record_id)
    ]
    values["people"] = [{"beneficiary_id": r.beneficiary_id} for r in live_children(session, VisitPerson, "visit_id", record_id)]
    return values


def delete_visit(session: Session, actor: Actor, record_id: str) -> None:
    """Mark a visit and its lines deleted."""
    record = get_live(session, ReliefVisit, record_id)
    for _key, model in CHILDREN:
        for child in live_children(session, model, "visit_id", record_id):
            mark_deleted(child, actor)
    mark_deleted(record, actor)
