"""Remembering units and leaders as they are typed, and offering them back as suggestions."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.db.records import Actor, stamp_change, stamp_new
from desk.directory.model import Leader, Unit


def remember_units(session: Session, actor: Actor, names: Iterable[str]) -> None:
    """Add every unit name not yet in the list."""
    wanted = {name.strip() for name in names if name and name.strip()}
    if not wanted:
        return
    known = set(session.scalars(select(Unit.name).where(Unit.name.in_(wanted), Unit.deleted.is_(False))))
    for name in sorted(wanted - known):
        unit = Unit(name=name)
        stamp_new(unit, actor)
        session.add(unit)


def remember_leaders(session: Session, actor: Actor, leaders: Iterable[tuple[str, str]]) -> None:
    """Add or update (name, post) pairs; a leader's latest post wins."""
    for name, post in leaders:
        name, post = (name or "").strip(), (post or "").strip()
        if not name:
            continue
        leader = session.scalars(select(Leader).where(Leader.name == name, Leader.deleted.is_(False))).first()
        if leader is None:
            leader = Leader(name=name, post=post)
            stamp_new(leader, actor)
            session.add(leader)
        elif post and leader.post != post:
            leader.post = post
            stamp_change(leader, actor)


def unit_choices(session: Session) -> list[tuple[str, str]]:
    """Return every remembered unit as (name, name), sorted."""
    names = session.scalars(select(Unit.name).where(Unit.deleted.is_(False)).order_by(Unit.name))
    return [(name, name) for name in names]


def leader_choices(session: Session) -> list[tuple[str, str]]:
    """Return every remembered leader as (name, post), sorted by name."""
    rows = session.execute(select(Leader.name, Leader.post).where(Leader.deleted.is_(False)).order_by(Leader.name))
    return [(row.name, row.post) for row in rows]
