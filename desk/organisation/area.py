"""The organisation-building area: its lists for the CLI and its part of the demo."""

from __future__ import annotations

from typing import Any

from desk.areas import Area, ListCommand
from desk.core.i18n import _
from desk.organisation.demo import seed_organisation
from desk.organisation.model import HOST_KINDS, INDICATOR_STATUSES, ORG_STATUSES, ORG_TYPES, POOLS
from desk.organisation.queries import ASSESSMENTS, CADRES, INDICATORS, ORGANISATIONS


def _org_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"],
        "name": row["name"],
        "type": _(ORG_TYPES[row["org_type"]]),
        "host_unit": row["host_unit"],
        "host_kind": _(HOST_KINDS[row["host_kind"]]),
        "credit_code": row["credit_code"],
        "credit_code_ok": row["credit_code_ok"],
        "set_up_on": row["set_up_on"],
        "chair": row["chair"],
        "members": row["member_count"],
        "office": row["office_name"],
        "status": _(ORG_STATUSES[row["status"]]),
    }


def _assessment_json(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in ("id", "year", "title", "assessed_on", "offices", "excellent", "competent", "incompetent")}


def _cadre_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "name": row["name"], "pool": _(POOLS[row["pool"]]), "work_unit": row["work_unit"],
        "post": row["post"], "id_number": row["id_number"], "phone": row["phone"], "entered_on": row["entered_on"],
        "recommendations": row["recommendations"],
    }


def _indicator_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "year": row["year"], "indicator": row["indicator"], "target": row["target"],
        "leader": row["leader"], "status": _(INDICATOR_STATUSES[row["status"]]),
    }


AREA = Area(
    key="organisation",
    order=60,
    lists=(
        ListCommand("organisations", ORGANISATIONS, _org_json),
        ListCommand("assessments", ASSESSMENTS, _assessment_json),
        ListCommand("cadres", CADRES, _cadre_json),
        ListCommand("indicators", INDICATORS, _indicator_json),
    ),
    seed_demo=seed_organisation,
)
