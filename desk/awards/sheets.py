"""The awards area's sheets: awards (title and event typed by name) and the honour title catalogue."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.awards.fields import AWARD, TITLE
from desk.awards.model import Award
from desk.awards.queries import AWARDS, TITLES
from desk.awards.service import load_award, load_title, prepare_award, save_award, save_title
from desk.awards.titles import resolve_title, title_text
from desk.campaigns.model import Event
from desk.core.i18n import N_
from desk.db.base import new_uuid
from desk.db.records import Actor
from desk.directory.service import remember_units
from desk.sheets.spec import BatchSave, NewRecords, SheetSpec, sheet_fields


def _find_title(session: Session, text: str) -> str | None:
    return resolve_title(session, text)


def _title_name(session: Session, record_id: str) -> str:
    return title_text(session, record_id)


def _find_event(session: Session, text: str) -> str | None:
    return session.scalars(
        select(Event.id).where(Event.deleted.is_(False), Event.title == text).order_by(Event.held_on.desc())
    ).first()


def _event_title(session: Session, record_id: str) -> str:
    event = session.get(Event, record_id)
    return event.title if event else ""


def _prepare_award(session: Session, values: dict[str, Any]) -> NewRecords:
    """Return the award a ledger row would save (the service's checks), nothing written."""
    cleaned = prepare_award(session, values)
    return NewRecords([(Award, dict(cleaned, id=new_uuid()))], remember=cleaned["awarding_body"])


def _finish_awards(session: Session, actor: Actor, saved: list[NewRecords]) -> None:
    remember_units(session, actor, [row.remember for row in saved])


SHEETS = (
    SheetSpec(
        key="awards",
        title=N_("表彰"),
        order=30,
        kind=AWARD,
        fields=sheet_fields(AWARD, title_id={"resolve": _find_title, "show": _title_name},
                            event_id={"resolve": _find_event, "show": _event_title}),
        save=lambda session, actor, values: save_award(session, actor, None, values),
        batch=BatchSave(_prepare_award, _finish_awards),
        load=load_award,
        source=AWARDS,
    ),
    SheetSpec(
        key="award-titles",
        title=N_("荣誉称号"),
        order=31,
        kind=TITLE,
        fields=sheet_fields(TITLE),
        save=lambda session, actor, values: save_title(session, actor, None, values),
        load=load_title,
        source=TITLES,
    ),
)
