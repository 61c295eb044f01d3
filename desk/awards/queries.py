"""The award list: title, awardee (individual names masked), event; searchable by pinyin initials."""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_

from desk.awards.model import AWARDEE_KINDS, Award, HonourTitle
from desk.awards.service import printed_title
from desk.campaigns.model import Event
from desk.core.i18n import _
from desk.core.masking import mask_name
from desk.db.listing import ListSource


def _award_finish(row: dict[str, Any]) -> dict[str, Any]:
    row["title"] = printed_title(row["title_name"] or "", row["title_level"] or "", row["awarding_body"] or "")
    if row["awardee_kind"] == "individual":
        row["awardee_name"] = mask_name(row["awardee_name"])
    row["awardee_kind_label"] = _(AWARDEE_KINDS.get(row["awardee_kind"], ""))
    return row


AWARDS = ListSource(
    model=Award,
    columns={
        "id": Award.id,
        "awarded_on": Award.awarded_on,
        "title_name": HonourTitle.name,
        "title_level": HonourTitle.level,
        "awardee_kind": Award.awardee_kind,
        "awardee_name": Award.awardee_name,
        "work_unit": Award.work_unit,
        "post": Award.post,
        "awarding_body": Award.awarding_body,
        "event_title": Event.title,
        "received_by_office": Award.received_by_office,
    },
    search=(Award.awardee_name, Award.work_unit, Award.search_key, HonourTitle.name, HonourTitle.search_key),
    date_column=Award.awarded_on,
    default_order=(Award.awarded_on.desc(), HonourTitle.name),
    filters={
        "awardee_kind": lambda value: Award.awardee_kind == value,
        "title_name": lambda value: HonourTitle.name == value,
    },
    joins=(
        (HonourTitle, Award.title_id == HonourTitle.id),
        (Event, and_(Award.event_id == Event.id, Event.deleted.is_(False))),
    ),
    finish=_award_finish,
)


def award_json(row: dict[str, Any]) -> dict[str, Any]:
    """Return an award row as the CLI prints it (individual names masked)."""
    return {
        "id": row["id"],
        "date": row["awarded_on"],
        "title": row["title"],
        "title_name": row["title_name"],
        "level": row["title_level"],
        "awardee_kind": row["awardee_kind"],
        "awardee_name": row["awardee_name"],
        "work_unit": row["work_unit"],
        "post": row["post"],
        "awarding_body": row["awarding_body"],
        "event": row["event_title"] or "",
        "received_by_office": row["received_by_office"],
    }


TITLES = ListSource(
    model=HonourTitle,
    columns={
        "id": HonourTitle.id,
        "name": HonourTitle.name,
        "awardee_kind": HonourTitle.awardee_kind,
        "level": HonourTitle.level,
    },
    search=(HonourTitle.name, HonourTitle.search_key),
    default_order=(HonourTitle.level, HonourTitle.name),
)


def title_json(row: dict[str, Any]) -> dict[str, Any]:
    """Return a catalogue row as the CLI prints it."""
    return {"id": row["id"], "name": row["name"], "awardee_kind": row["awardee_kind"], "level": row["level"]}
