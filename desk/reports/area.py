"""The reports area: the ``certificates`` register list and the demo office's narratives for 2020 H1."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desk.areas import Area, ListCommand
from desk.core.periods import parse_period
from desk.db.records import Actor
from desk.reports.register import ISSUED


def _certificate_json(row: dict[str, Any]) -> dict[str, Any]:
    return {key: row[key] for key in ("number", "awardee", "honour", "award_date", "issued_at", "issued_by", "printings", "text")}


def seed_demo(session: Session, actor: Actor) -> None:
    """Store the seed summary's prose as the demo office's 2020 H1 narratives."""
    from desk.reports.demo_text import DEMO_NARRATIVES
    from desk.reports.registry import empty_report_registry
    from desk.reports.summary import save_narrative

    period = parse_period("2020H1")
    sections = empty_report_registry()  # the seed writes only the summary's built-in sections
    for key, text in DEMO_NARRATIVES.items():
        save_narrative(session, actor, key, period, text, reports=sections)


AREA = Area(
    key="reports",
    order=70,
    lists=(ListCommand("certificates", ISSUED, _certificate_json),),
    seed_demo=seed_demo,
)
