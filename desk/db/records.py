"""Who acts, and the bookkeeping every travelling record gets: stamps, revisions, deletion marks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy.orm import Session

from desk.core.errors import NotFoundError
from desk.core.i18n import _
from desk.core.roles import SYSTEM, WRITE, require
from desk.db.base import TravelMixin, utcnow

R = TypeVar("R", bound=TravelMixin)


@dataclass(frozen=True)
class Actor:
    """The user doing something, in the office whose database is open.

    ``roles`` holds role and grant keys (desk.core.roles).  Deny by default: an actor
    without roles may do nothing.  The program itself acts as ``system_actor()``.
    """

    user: str
    office_code: str
    roles: frozenset[str] = field(default_factory=frozenset)
    may_see_full_ids: bool = False



def system_actor(office_code: str, user: str = "system") -> Actor:
    """Return the actor for the program itself (demo seeding, scripts): it may do everything."""
    return Actor(user=user, office_code=office_code, roles=frozenset({SYSTEM}))

def stamp_new(record: TravelMixin, actor: Actor) -> None:
    """Fill the bookkeeping columns of a record about to be added; raise PermissionDenied if ``actor`` may not write."""
    require(actor, WRITE)
    now = utcnow()
    record.origin_office = actor.office_code
    record.created_at = now
    record.updated_at = now
    record.created_by = actor.user
    record.updated_by = actor.user
    record.revision = 1
    record.deleted = False


def stamp_change(record: TravelMixin, actor: Actor) -> None:
    """Record that ``actor`` changed the record now: a new revision; raise PermissionDenied if ``actor`` may not write."""
    require(actor, WRITE)
    record.updated_at = utcnow()
    record.updated_by = actor.user
    record.revision = (record.revision or 0) + 1


def mark_deleted(record: TravelMixin, actor: Actor) -> None:
    """Set the deletion mark (a tombstone that travels) instead of deleting the row."""
    record.deleted = True
    stamp_change(record, actor)


def get_live(session: Session, model: type[R], record_id: str) -> R:
    """Return the record with ``record_id``; raise NotFoundError if it is missing or marked deleted."""
    record = session.get(model, record_id)
    if record is None or record.deleted:
        raise NotFoundError(_("记录不存在或已被删除"))
    return record


def write_record(session: Session, actor: Actor, model: type[R], record_id: str | None, cleaned: dict[str, Any]) -> R:
    """Add a new record (``record_id`` None) or update a live one from checked values; return it.

    An update that changes nothing keeps the revision, so re-saving an unchanged form does not
    make a new version that would travel. The session is flushed so the record has its id.
    Raises NotFoundError for a missing or deleted record.
    """
    if record_id is None:
        record = model(**cleaned)
        stamp_new(record, actor)
        session.add(record)
    else:
        record = get_live(session, model, record_id)
        if any(getattr(record, key) != value for key, value in cleaned.items()):
            for key, value in cleaned.items():
                setattr(record, key, value)
            stamp_change(record, actor)
    session.flush()
    return record
