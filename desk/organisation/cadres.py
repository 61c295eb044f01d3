"""The four pools of women talent (四支队伍) and recommendations of women for leading posts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.core.validation import Checker
from desk.db.records import Actor, get_live, mark_deleted, stamp_change, stamp_new, sync_children
from desk.directory.service import remember_units
from desk.organisation.fields import CADRE
from desk.organisation.model import OUTCOMES, POOLS, CadreEntry, Recommendation
from desk.people.service import check_person, duplicate_message, find_by_id_number, load_person, write_person

PERSON_KEYS = ("name", "sex", "id_number", "phone", "work_unit", "post")
CADRE_FIELDS = ("pool", "entered_on", "strengths")


def _check_recommendations(checker: Checker, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    cleaned = []
    for index, row in enumerate(rows):
        raw = str(row.get("recommended_on") or "").strip()
        try:
            day = dt.date.fromisoformat(raw) if raw else None
        except ValueError:
            day = None
        if day is None:
            checker.add(f"recommendations.{index}.recommended_on", _("推荐日期应写成 2020-04-10 的样子"))
        post = str(row.get("post") or "").strip()
        if not post:
            checker.add(f"recommendations.{index}.post", _("请填写推荐职务"))
        outcome = str(row.get("outcome") or "") or "pending"
        if outcome not in OUTCOMES:
            checker.add(f"recommendations.{index}.outcome", _("结果的取值“{value}”无效").format(value=outcome))
        cleaned.append({"recommended_on": day, "post": post[:100], "unit": str(row.get("unit") or "").strip()[:100],
                        "outcome": outcome})
    cell = next((key for key in checker.problems if key.startswith("recommendations.")), None)
    if cell is not None:
        checker.add("recommendations", _("推荐记录第{row}行：{problem}").format(
            row=int(cell.split(".")[1]) + 1, problem=checker.problems[cell]))
    return cleaned


def save_cadre(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Create or update a pooled woman (through the people register) and her recommendations; return the id.

    A new entry whose ID number is already registered reuses that person; the same person
    cannot be in the same pool twice.  Raises ValidationError.
    """
    checker = Checker(values)
    person = check_person(checker)
    own = checker.fields(CADRE, "pool", "entered_on", "strengths")
    pool, entered_on, strengths = own["pool"], own["entered_on"], own["strengths"]
    recommendations = _check_recommendations(checker, list(values.get("recommendations") or []))
    record = get_live(session, CadreEntry, record_id) if record_id else None
    person_id = record.person_id if record else None
    if person["id_number"] and "id_number" not in checker.problems:
        existing = find_by_id_number(session, person["id_number"], exclude_id=person_id)
        if existing is not None:
            if record is not None:
                checker.add("id_number", duplicate_message(existing))
            else:
                person_id = existing.id
    if person_id and pool:
        twin = session.scalars(
            select(CadreEntry.id).where(CadreEntry.person_id == person_id, CadreEntry.pool == pool,
                                        CadreEntry.deleted.is_(False), CadreEntry.id != (record_id or ""))
        ).first()
        if twin is not None:
            checker.add("pool", _("{name}已在“{pool}”队伍中").format(name=person["name"], pool=_(POOLS[pool])))
    checker.raise_if_any()
    if person_id:
        kept = load_person(session, person_id)
        person = {**kept, **{key: person[key] for key in PERSON_KEYS + ("birth_date",)}}
    person_id = write_person(session, actor, person_id, person)
    cleaned = {"person_id": person_id, "pool": pool, "entered_on": entered_on, "strengths": strengths}
    if record is None:
        record = CadreEntry(**cleaned)
        stamp_new(record, actor)
        session.add(record)
        session.flush()
    elif any(getattr(record, key) != value for key, value in cleaned.items()):
        for key, value in cleaned.items():
            setattr(record, key, value)
        stamp_change(record, actor)
    _sync_recommendations(session, actor, record.id, recommendations)
    remember_units(session, actor, [row["unit"] for row in recommendations])
    session.flush()
    return record.id


def _sync_recommendations(session: Session, actor: Actor, cadre_id: str, rows: list[dict[str, Any]]) -> None:
    existing = list(session.scalars(
        select(Recommendation).where(Recommendation.cadre_id == cadre_id, Recommendation.deleted.is_(False))
        .order_by(Recommendation.recommended_on, Recommendation.created_at)
    ))
    sync_children(session, actor, existing, rows, lambda row: Recommendation(cadre_id=cadre_id, **row))


def load_cadre(session: Session, record_id: str) -> dict[str, Any]:
    """Return the form values of a pooled woman with her recommendations; raise NotFoundError."""
    record = get_live(session, CadreEntry, record_id)
    person = load_person(session, record.person_id)
    values: dict[str, Any] = {key: person[key] for key in PERSON_KEYS}
    values.update({key: getattr(record, key) for key in CADRE_FIELDS})
    values["recommendations"] = [
        {"recommended_on": row.recommended_on.isoformat(), "post": row.post, "unit": row.unit, "outcome": row.outcome}
        for row in session.scalars(
            select(Recommendation).where(Recommendation.cadre_id == record_id, Recommendation.deleted.is_(False))
            .order_by(Recommendation.recommended_on, Recommendation.created_at)
        )
    ]
    return values


def delete_cadre(session: Session, actor: Actor, record_id: str) -> None:
    """Mark a pool entry and its recommendations deleted (the person stays in the register)."""
    record = get_live(session, CadreEntry, record_id)
    for child in session.scalars(
        select(Recommendation).where(Recommendation.cadre_id == record_id, Recommendation.deleted.is_(False))
    ):
        mark_deleted(child, actor)
    mark_deleted(record, actor)

