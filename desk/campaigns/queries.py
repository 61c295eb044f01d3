"""Lists of events and household campaigns, searchable by text and pinyin initials."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from desk.campaigns.households import rates
from desk.campaigns.model import EVENT_KINDS, Event, EventUnit, HouseholdCampaign
from desk.campaigns.service import participants_text
from desk.core.i18n import _
from desk.db.listing import ListSource

_unit_count = (
    select(func.count(EventUnit.id))
    .where(EventUnit.event_id == Event.id, EventUnit.deleted.is_(False))
    .correlate(Event)
    .scalar_subquery()
)


def _event_finish(row: dict[str, Any]) -> dict[str, Any]:
    row["participants_text"] = participants_text(row["participants"], row["participant_unit"], row["participants_more_than"])
    row["kind_label"] = _(EVENT_KINDS.get(row["kind"], row["kind"]))
    return row


EVENTS = ListSource(
    model=Event,
    columns={
        "id": Event.id,
        "held_on": Event.held_on,
        "kind": Event.kind,
        "title": Event.title,
        "place": Event.place,
        "organiser": Event.organiser,
        "participants": Event.participants,
        "participant_unit": Event.participant_unit,
        "participants_more_than": Event.participants_more_than,
        "co_organisers": _unit_count,
    },
    search=(Event.title, Event.place, Event.organiser, Event.theme, Event.search_key),
    date_column=Event.held_on,
    default_order=(Event.held_on.desc(),),
    filters={"kind": lambda value: Event.kind == value},
    finish=_event_finish,
)


def event_json(row: dict[str, Any]) -> dict[str, Any]:
    """Return an event row as the CLI prints it."""
    return {
        "id": row["id"],
        "date": row["held_on"],
        "kind": row["kind"],
        "kind_label": row["kind_label"],
        "title": row["title"],
        "place": row["place"],
        "organiser": row["organiser"],
        "participants": row["participants"],
        "participant_unit": row["participant_unit"],
        "participants_more_than": row["participants_more_than"],
        "participants_text": row["participants_text"],
        "co_organisers": row["co_organisers"],
    }


def _household_finish(row: dict[str, Any]) -> dict[str, Any]:
    shown = rates(row)
    row["coverage_rate"] = shown["coverage"]
    row["pledge_rate"] = shown["pledge"]
    row["consolidation_rate"] = shown["consolidation"]
    return row


HOUSEHOLD_CAMPAIGNS = ListSource(
    model=HouseholdCampaign,
    columns={
        "id": HouseholdCampaign.id,
        "name": HouseholdCampaign.name,
        "office_name": HouseholdCampaign.office_name,
        "start_on": HouseholdCampaign.start_on,
        "end_on": HouseholdCampaign.end_on,
        "households_taking_part": HouseholdCampaign.households_taking_part,
        "households_pledged": HouseholdCampaign.households_pledged,
        "households_total": HouseholdCampaign.households_total,
        "households_consolidated": HouseholdCampaign.households_consolidated,
    },
    search=(HouseholdCampaign.name, HouseholdCampaign.office_name, HouseholdCampaign.partner, HouseholdCampaign.search_key),
    date_column=HouseholdCampaign.start_on,
    date_end_column=HouseholdCampaign.end_on,
    default_order=(HouseholdCampaign.start_on.desc(),),
    finish=_household_finish,
)


def household_json(row: dict[str, Any]) -> dict[str, Any]:
    """Return a household campaign row as the CLI prints it."""
    return {key: row[key] for key in row}
