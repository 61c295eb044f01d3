"""The campaigns area: the ``events`` and ``household-campaigns`` lists and the demo's events."""

from __future__ import annotations

from desk.areas import Area, ListCommand
from desk.campaigns.demo import seed_campaigns
from desk.campaigns.queries import EVENTS, HOUSEHOLD_CAMPAIGNS, event_json, household_json

AREA = Area(
    key="campaigns",
    order=10,
    lists=(
        ListCommand("events", EVENTS, event_json),
        ListCommand("household-campaigns", HOUSEHOLD_CAMPAIGNS, household_json),
    ),
    seed_demo=seed_campaigns,
)
