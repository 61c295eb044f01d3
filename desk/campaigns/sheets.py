"""The campaigns area's sheets: activities (co-organisers and leaders as cells) and household campaigns."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desk.campaigns.fields import EVENT, HOUSEHOLD_CAMPAIGN
from desk.campaigns.households import load_household_campaign, save_household_campaign
from desk.campaigns.model import Event
from desk.campaigns.queries import EVENTS, HOUSEHOLD_CAMPAIGNS
from desk.campaigns.service import load_event, prepare_event, save_event
from desk.core.i18n import N_
from desk.db.base import new_uuid
from desk.db.records import Actor
from desk.directory.service import remember_leaders, remember_units
from desk.sheets.spec import BatchSave, NewRecords, SheetSpec, sheet_fields


def _prepare_event(_session: Session, values: dict[str, Any]) -> NewRecords:
    """Return the event and lines a ledger row would save (the service's checks), nothing written."""
    cleaned, lines, units, leaders = prepare_event(values)
    event = dict(cleaned, id=new_uuid())
    records: list[tuple[type[Any], dict[str, Any]]] = [(Event, event)]
    for model, rows in lines:
        records += [(model, {"event_id": event["id"], "position": position, **row}) for position, row in enumerate(rows)]
    return NewRecords(records, remember=(units, leaders))


def _finish_events(session: Session, actor: Actor, saved: list[NewRecords]) -> None:
    remember_units(session, actor, [name for row in saved for name in row.remember[0]])
    remember_leaders(session, actor, [leader for row in saved for leader in row.remember[1]])

SHEETS = (
    SheetSpec(
        key="events",
        title=N_("活动"),
        order=20,
        kind=EVENT,
        fields=sheet_fields(EVENT),
        save=lambda session, actor, values: save_event(session, actor, None, values),
        batch=BatchSave(_prepare_event, _finish_events),
        load=load_event,
        source=EVENTS,
        defaults={"participant_unit": "person"},
    ),
    SheetSpec(
        key="household-campaigns",
        title=N_("创建活动"),
        order=21,
        kind=HOUSEHOLD_CAMPAIGN,
        fields=sheet_fields(HOUSEHOLD_CAMPAIGN),
        save=lambda session, actor, values: save_household_campaign(session, actor, None, values),
        load=load_household_campaign,
        source=HOUSEHOLD_CAMPAIGNS,
    ),
)
