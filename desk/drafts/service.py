"""Keeping, finding and discarding drafts of forms; values round-trip dates and grid lines."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from desk.db.base import utcnow
from desk.drafts.model import FormDraft

# Never written to a draft, whatever the screen: secrets stay only in the widget.
SECRET_MARKERS = ("password", "confirm", "secret")


@dataclass(frozen=True)
class Draft:
    """A draft found for a screen: which record (None for a new one), the values, when."""

    record_id: str | None
    values: dict[str, Any]
    saved_at: dt.datetime


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"$date"}:
            return dt.date.fromisoformat(value["$date"])
        if set(value) == {"$datetime"}:
            return dt.datetime.fromisoformat(value["$datetime"])
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


def keep_draft(session: Session, username: str, screen_key: str, record_id: str | None, values: dict[str, Any]) -> None:
    """Store (or replace) the draft of ``record_id`` (None: a new record) on ``screen_key``."""
    safe = {key: value for key, value in values.items() if not any(marker in key for marker in SECRET_MARKERS)}
    text = json.dumps(_encode(safe), ensure_ascii=False)
    record_key = record_id or ""
    draft = session.scalars(
        select(FormDraft).where(
            FormDraft.username == username, FormDraft.screen_key == screen_key, FormDraft.record_key == record_key
        )
    ).first()
    if draft is None:
        session.add(FormDraft(username=username, screen_key=screen_key, record_key=record_key, values_json=text))
    else:
        draft.values_json = text
        draft.saved_at = utcnow()


def drop_draft(session: Session, username: str, screen_key: str, record_id: str | None) -> None:
    """Forget the draft of ``record_id`` on ``screen_key`` (after a save or a deliberate discard)."""
    session.execute(
        delete(FormDraft).where(
            FormDraft.username == username,
            FormDraft.screen_key == screen_key,
            FormDraft.record_key == (record_id or ""),
        )
    )


def find_drafts(session: Session, username: str, screen_key: str) -> list[Draft]:
    """Return the user's drafts on ``screen_key``, newest first."""
    rows = session.scalars(
        select(FormDraft)
        .where(FormDraft.username == username, FormDraft.screen_key == screen_key)
        .order_by(FormDraft.saved_at.desc())
    )
    return [Draft(row.record_key or None, _decode(json.loads(row.values_json)), row.saved_at) for row in rows]
