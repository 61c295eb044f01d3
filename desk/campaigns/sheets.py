"""The campaigns area's sheets: activities (co-organisers and leaders as cells) and household campaigns."""

from __future__ import annotations

from desk.campaigns.fields import EVENT, HOUSEHOLD_CAMPAIGN
from desk.campaigns.households import load_household_campaign, save_household_campaign
from desk.campaigns.queries import EVENTS, HOUSEHOLD_CAMPAIGNS
from desk.campaigns.service import load_event, save_event
from desk.core.i18n import N_
from desk.sheets.spec import SheetSpec, sheet_fields

SHEETS = (
    SheetSpec(
        key="events",
        title=N_("活动"),
        order=20,
        kind=EVENT,
        fields=sheet_fields(EVENT),
        save=lambda session, actor, values: save_event(session, actor, None, values),
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
