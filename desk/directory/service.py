"""Remembering units and leaders as they are typed, and offering them back as suggestions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from desk.db.lookup import LIMIT, contains, starts_with
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


def _names(session: Session, column: Any, live: ColumnElement[bool], text: str, limit: int) -> list[str]:
    """Return up to ``limit`` distinct values of ``column`` matching ``text``: those starting with it first."""
    text = text.strip()
    if not text:
        return list(session.scalars(select(column).where(live).distinct().order_by(column).limit(limit)))
    found = list(session.scalars(
        select(column).where(live, starts_with(session, column, text)).distinct().order_by(column).limit(limit)
    ))
    if len(found) < limit:
        more = session.scalars(
            select(column).where(live, contains(column, text), column.notin_(found)).distinct().order_by(column)
            .limit(limit - len(found))
        )
        found.extend(more)
    return found


def find_units(session: Session, text: str, limit: int = LIMIT) -> list[tuple[str, str]]:
    """Return up to ``limit`` remembered units matching ``text`` as (name, name): names starting with it first."""
    return [(name, name) for name in _names(session, Unit.name, Unit.deleted.is_(False), text, limit)]


def find_leaders(session: Session, text: str, limit: int = LIMIT) -> list[tuple[str, str]]:
    """Return up to ``limit`` remembered leaders matching ``text`` as (name, name): names starting with it first."""
    return [(name, name) for name in _names(session, Leader.name, Leader.deleted.is_(False), text, limit)]


def leader_post(session: Session, name: str) -> str:
    """Return the post remembered for the leader ``name`` ("" when none): one row by its index."""
    post = session.scalars(
        select(Leader.post).where(Leader.name == name.strip(), Leader.deleted.is_(False)).limit(1)
    ).first()
    return post or ""
