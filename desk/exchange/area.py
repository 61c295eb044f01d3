"""The exchange area: its lists for the CLI and the demo office's keys."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desk.areas import Area, ListCommand
from desk.db.records import Actor
from desk.exchange.keys import own_keys
from desk.exchange.queries import CONFLICTS, LEDGER, PARTNERS, TRAVELLED_AUDIT, history_json


def seed_demo(session: Session, actor: Actor) -> None:
    """Give the demo office its key pairs."""
    own_keys(session)


def _ledger_json(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "received_at": row["received_at"], "sender": row["sender"], "sender_name": row["sender_name"],
        "sequence": row["sequence"], "created_at": row["created_at"], "records": row["records"],
        "summary": row["summary_text"], "gap": row["gap"], "bundle_id": row["bundle_id"],
    }


AREA = Area(
    key="exchange",
    order=80,
    lists=(
        ListCommand("bundles", LEDGER, _ledger_json),
        ListCommand("conflicts", CONFLICTS),
        ListCommand("partners", PARTNERS),
        ListCommand("travelled-audit", TRAVELLED_AUDIT, history_json),
    ),
    seed_demo=seed_demo,
)
