"""What a new office starts with in the awards area: the standard honour title catalogue."""

from __future__ import annotations

from sqlalchemy.orm import Session

from desk.awards.service import ensure_catalogue
from desk.db.records import Actor


def new_office(session: Session, actor: Actor) -> None:
    """Add the standard titles at the level the new office awards (so an awards ledger imports at once)."""
    ensure_catalogue(session, actor)
