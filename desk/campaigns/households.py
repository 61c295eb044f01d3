"""Household campaigns (平安家庭, 不让毒品进我家, 和谐家庭): counts checked, rates computed, never stored."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desk.campaigns.fields import HOUSEHOLD_CAMPAIGN
from desk.campaigns.model import HouseholdCampaign
from desk.core.formatting import rate_text
from desk.core.i18n import _
from desk.core.pinyin import search_key
from desk.core.validation import Checker
from desk.db.records import Actor, get_live, mark_deleted, write_record

HOUSEHOLD_FIELDS = (
    "name", "office_name", "start_on", "end_on", "partner", "households_taking_part", "households_pledged",
    "households_total", "households_consolidated", "civilised_families", "learning_families", "clean_families",
    "green_families", "notes",
)


def _check(values: dict[str, Any]) -> dict[str, Any]:
    checker = Checker(values)
    cleaned: dict[str, Any] = checker.fields(HOUSEHOLD_CAMPAIGN)
    for key in ("civilised_families", "learning_families", "clean_families", "green_families"):
        cleaned[key] = cleaned[key] or 0
    household_rules(checker, cleaned)
    checker.raise_if_any()
    return cleaned


def household_rules(checker: Checker, cleaned: dict[str, Any]) -> None:
    """Add the problems between a household campaign's cleaned counts (parts no larger than their whole)."""
    if cleaned.get("start_on") and cleaned.get("end_on") and cleaned["end_on"] < cleaned["start_on"]:
        checker.add("end_on", _("结束日期不能早于开始日期"))
    total = cleaned.get("households_total")
    taking_part = cleaned.get("households_taking_part")
    if total is None and (taking_part is not None or cleaned.get("households_pledged") is not None):
        checker.add("households_total", _("请填写总户数，才能算出活动面和签约率"))
    if total is not None:
        for key in ("households_taking_part", "households_pledged"):
            value = cleaned.get(key)
            if value is not None and value > total:
                checker.add(
                    key,
                    _("{field}（{value}）不能大于总户数（{total}）").format(
                        field=_(HOUSEHOLD_CAMPAIGN[key].label), value=value, total=total),
                )
    consolidated = cleaned.get("households_consolidated")
    if consolidated is not None:
        if taking_part is None:
            checker.add("households_taking_part", _("填写了巩固户数，请同时填写参加户数"))
        elif consolidated > taking_part:
            checker.add(
                "households_consolidated",
                _("巩固户数（{value}）不能大于参加户数（{total}）").format(value=consolidated, total=taking_part),
            )


def rates(values: dict[str, Any]) -> dict[str, str]:
    """Return coverage, pledge and consolidation rates as shown (95%); empty where not computable."""

    def number(key: str) -> int | None:
        value = values.get(key)
        try:
            return None if value in (None, "") else int(value)
        except (TypeError, ValueError):
            return None

    total, taking_part = number("households_total"), number("households_taking_part")
    pledged, consolidated = number("households_pledged"), number("households_consolidated")
    return {
        "coverage": rate_text(taking_part, total) if taking_part is not None and total else "",
        "pledge": rate_text(pledged, total) if pledged is not None and total else "",
        "consolidation": rate_text(consolidated, taking_part) if consolidated is not None and taking_part else "",
    }


def save_household_campaign(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Create or update a household campaign; return its id; raise ValidationError naming the field."""
    cleaned = _check(values)
    cleaned["search_key"] = search_key(cleaned["name"], cleaned["office_name"], cleaned["partner"])
    record = write_record(session, actor, HouseholdCampaign, record_id, cleaned)
    session.flush()
    return record.id


def load_household_campaign(session: Session, record_id: str) -> dict[str, Any]:
    """Return the form values of a household campaign; raise NotFoundError."""
    record = get_live(session, HouseholdCampaign, record_id)
    return {key: getattr(record, key) for key in HOUSEHOLD_FIELDS}


def delete_household_campaign(session: Session, actor: Actor, record_id: str) -> None:
    """Mark a household campaign deleted."""
    mark_deleted(get_live(session, HouseholdCampaign, record_id), actor)
