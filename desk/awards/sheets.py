"""The awards area's sheets: awards (title and event typed by name) and the honour title catalogue."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.awards.fields import AWARD, TITLE
from desk.awards.queries import AWARDS, TITLES
from desk.awards.service import load_award, load_title, save_award, save_title
from desk.awards.titles import resolve_title, title_text
from desk.campaigns.model import Event
from desk.core.i18n import N_
from desk.sheets.spec import SheetSpec, sheet_fields


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


SHEETS = (
    SheetSpec(
        key="awards",
        title=N_("表彰"),
        order=30,
        kind=AWARD,
        fields=sheet_fields(AWARD, title_id={"resolve": _find_title, "show": _title_name},
                            event_id={"resolve": _find_event, "show": _event_title}),
        save=lambda session, actor, values: save_award(session, actor, None, values),
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
