"""Saving, loading and deleting events with their co-organisers, leaders present and attachments."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.campaigns.fields import EVENT
from desk.campaigns.households import household_rules
from desk.campaigns.model import PARTICIPANT_UNITS, Event, EventAttachment, EventLeader, EventUnit
from desk.core.i18n import _
from desk.core.pinyin import search_key
from desk.core.validation import Checker
from desk.db.records import Actor, get_live, live_children, mark_deleted, replace_children, write_record
from desk.directory.service import remember_leaders, remember_units

EVENT_FIELDS = (
    "kind", "title", "theme", "held_on", "time_of_day", "place", "organiser",
    "participants", "participant_unit", "participants_more_than", "target_groups", "narrative",
)


def _check_event(values: dict[str, Any]) -> tuple[dict[str, Any], list[str], list[tuple[str, str]], list[dict[str, str]]]:
    checker = Checker(values)
    cleaned = checker.fields(EVENT)
    cleaned["participant_unit"] = cleaned["participant_unit"] or "person"
    event_rules(checker, cleaned)
    units: list[str] = []
    for line in values.get("units") or ():
        name = str(line.get("name") or "").strip()
        if len(name) > 100:
            checker.add("units", _("协办单位最多{count}个字").format(count=100))
        elif name and name not in units:
            units.append(name)
    leaders: list[tuple[str, str]] = []
    for number, line in enumerate(values.get("leaders") or (), start=1):
        name, post = str(line.get("name") or "").strip(), str(line.get("post") or "").strip()
        if not name:
            checker.add("leaders", _("出席领导第{row}行：请填写姓名").format(row=number))
        elif len(name) > 64 or len(post) > 100:
            checker.add("leaders", _("出席领导第{row}行：姓名或职务太长").format(row=number))
        else:
            leaders.append((name, post))
    attachments = [
        {"file_name": str(item["file_name"]), "stored_name": str(item["stored_name"])}
        for item in values.get("attachments") or ()
        if item.get("stored_name")
    ]
    checker.raise_if_any()
    return cleaned, units, leaders, attachments



def event_rules(checker: Checker, cleaned: dict[str, Any]) -> None:
    """Add the problems between an event's cleaned fields (「多」 needs the number it is more than)."""
    if cleaned.get("participants_more_than") and cleaned.get("participants") is None:
        checker.add("participants", _("勾选了“多”，请填写参加人数，如 400"))


# The rules between fields each kind's form applies, by table: imported records pass them too.
RECORD_RULES = {"campaign_event": event_rules, "household_campaign": household_rules}


EventLines = list[tuple[type[EventUnit | EventLeader | EventAttachment], list[dict[str, Any]]]]


def prepare_event(values: dict[str, Any]) -> tuple[dict[str, Any], EventLines, list[str], list[tuple[str, str]]]:
    """Return a checked event's columns, its lines by table, and the unit names and leaders to remember.

    Writes nothing; raises ValidationError naming each field.  ``save_event`` writes what this returns;
    a ledger import writes it for many events at once (desk/campaigns/sheets.py).
    """
    cleaned, units, leaders, attachments = _check_event(values)
    cleaned["search_key"] = search_key(cleaned["title"], cleaned["place"], cleaned["organiser"])
    lines: EventLines = [(EventUnit, [{"name": name} for name in units]),
                         (EventLeader, [{"name": name, "post": post} for name, post in leaders]),
                         (EventAttachment, attachments)]
    return cleaned, lines, [cleaned["organiser"], *units], leaders


def save_event(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Create or update an event with its lines; remember units and leaders; return its id."""
    cleaned, lines, units, leaders = prepare_event(values)
    record = write_record(session, actor, Event, record_id, cleaned)
    for model, rows in lines:
        replace_children(session, actor, model, "event_id", record.id, rows)
    remember_units(session, actor, units)
    remember_leaders(session, actor, leaders)
    session.flush()
    return record.id


def load_event(session: Session, record_id: str) -> dict[str, Any]:
    """Return the form values of an event, lines included; raise NotFoundError."""
    record = get_live(session, Event, record_id)
    values = {key: getattr(record, key) for key in EVENT_FIELDS}
    values["units"] = [{"name": line.name} for line in live_children(session, EventUnit, "event_id", record_id)]
    values["leaders"] = [{"name": line.name, "post": line.post} for line in live_children(session, EventLeader, "event_id", record_id)]
    values["attachments"] = [
        {"file_name": line.file_name, "stored_name": line.stored_name}
        for line in live_children(session, EventAttachment, "event_id", record_id)
    ]
    return values


def delete_event(session: Session, actor: Actor, record_id: str) -> None:
    """Mark an event and its lines deleted (the copied files stay, as a deletion may be undone by exchange)."""
    record = get_live(session, Event, record_id)
    for model in (EventUnit, EventLeader, EventAttachment):
        for line in live_children(session, model, "event_id", record_id):
            mark_deleted(line, actor)
    mark_deleted(record, actor)


def event_choices(session: Session) -> list[tuple[str, str]]:
    """Return (id, "2020-03-03 title") of every live event, newest first, for the award form."""
    rows = session.execute(
        select(Event.id, Event.held_on, Event.title).where(Event.deleted.is_(False)).order_by(Event.held_on.desc())
    )
    return [(row.id, f"{row.held_on.isoformat()} {row.title}") for row in rows]


def participants_text(count: int | None, unit: str, more_than: bool) -> str:
    """Return the participant count as a report writes it: 400多人, 300人次."""
    if count is None:
        return ""
    text = _("{count}多{unit}") if more_than else _("{count}{unit}")
    return text.format(count=count, unit=_(PARTICIPANT_UNITS.get(unit, PARTICIPANT_UNITS["person"])))
