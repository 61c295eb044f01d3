"""The petitions area: the ``petitions`` list and the demo's 79 petitions of 2020H1."""

from __future__ import annotations

from desk.areas import Area, ListCommand
from desk.petitions.demo import seed_petitions
from desk.petitions.queries import PETITIONS, petition_json

AREA = Area(
    key="petitions",
    order=40,
    lists=(ListCommand("petitions", PETITIONS, petition_json),),
    seed_demo=seed_petitions,
)
