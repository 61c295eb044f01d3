"""The relief area: lists ``relief-visits``, ``beneficiaries`` and ``stipends``, and its demo data."""

from __future__ import annotations

from typing import Any

from desk.areas import Area, ListCommand
from desk.core.i18n import _
from desk.core.people import sex_label
from desk.relief.demo import seed_relief
from desk.relief.model import GROUPS, OCCASIONS
from desk.relief.queries import BENEFICIARIES, STIPENDS, VISITS


def _visit_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "date": row["visit_date"],
        "occasion": _(OCCASIONS.get(row["occasion"], row["occasion"])),
        "title": row["title"],
        "places": row["places"],
        "people_reached": row["people"],
        "goods_fen": row["goods_fen"],
        "cash_fen": row["cash_fen"],
        "total_fen": row["total_fen"],
    }


def _beneficiary_json(row: dict[str, Any]) -> dict[str, Any]:
    # The source's finish has already masked name, guardian and ID number.
    return {
        "id": row["id"],
        "name": row["name"],
        "sex": sex_label(row["sex"]),
        "id_number": row["id_number"],
        "group": _(GROUPS.get(row["group"], row["group"])),
        "school": row["school"],
        "grade": row["grade"],
        "village": row["village"],
        "guardian": row["guardian"],
    }


def _stipend_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "date": row["pay_date"],
        "programme": row["programme"],
        "fund_source": row["fund_source"],
        "recipients": row["recipients"],
        "amount_fen": row["amount_fen"],
    }


AREA = Area(
    key="relief",
    order=30,
    lists=(
        ListCommand("relief-visits", VISITS, _visit_json),
        ListCommand("beneficiaries", BENEFICIARIES, _beneficiary_json),
        ListCommand("stipends", STIPENDS, _stipend_json),
    ),
    seed_demo=seed_relief,
)
