"""The office area: the ``offices`` list and the demo's subordinate offices."""

from __future__ import annotations

from typing import Any

from desk.areas import Area, ListCommand
from desk.office.demo import seed_sub_offices
from desk.office.queries import SUB_OFFICES


def _office_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "code": row["code"],
        "level": row["level"],
        "parent": row["parent_name"] or "",
        "contact_person": row["contact_person"],
        "phone": row["phone"],
    }


AREA = Area(
    key="office",
    order=0,
    lists=(ListCommand("offices", SUB_OFFICES, _office_json),),
    seed_demo=seed_sub_offices,
)
