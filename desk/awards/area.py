"""The awards area: the ``awards`` list, the honour title catalogue and the demo's honours."""

from __future__ import annotations

from desk.areas import Area, ListCommand
from desk.awards.demo import seed_awards
from desk.awards.queries import AWARDS, TITLES, award_json, title_json

AREA = Area(
    key="awards",
    order=20,
    lists=(ListCommand("awards", AWARDS, award_json), ListCommand("award-titles", TITLES, title_json)),
    seed_demo=seed_awards,
)
