"""Who may speak for which records: the sender's subtree of registered offices, and travelling registrations.

An office below is known by a ``sub_office`` row; the row's ``origin_office`` is the office that
registered it, so the subtree of an office is itself plus every office registered by an office
already in the subtree.  Registrations that arrive in a bundle join the subtree only when their
own origin is in it, so two fake offices registering each other never reach it (no cycles).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.office.model import LEVELS, SubOffice
from desk.office.service import get_profile

SUB_OFFICE = SubOffice.__tablename__


def outside_reason(origin: str = "") -> str:
    """Return the reason given for a record whose origin the sender may not speak for."""
    reason = _("记录来源单位不在发送单位的下级范围内")
    return reason + _("（来源单位代码 {code}）").format(code=origin) if origin else reason


@dataclass
class OriginCheck:
    """The offices a bundle's sender may speak for, and the verdict on each incoming registration."""

    receiver: str
    sender: str
    subtree: set[str]
    rejected: dict[str, str] = field(default_factory=dict)  # sub_office record id -> reason

    def problem(self, values: dict[str, Any], local: dict[str, Any] | None) -> str | None:
        """Return why a record may not be taken from this sender, or None (own-origin records are handled apart)."""
        origin = values["origin_office"]
        if local is not None and local.get("origin_office") != origin:
            return _("记录的来源单位与本单位已有的同一条记录不同（{here} / {there}）").format(
                here=local.get("origin_office"), there=origin
            )
        if origin == self.receiver:
            return None if local is not None else _("记录自称来自本单位，但本单位没有这条记录")
        if origin not in self.subtree:
            return outside_reason(origin)
        return None


def _ancestors(session: Session) -> set[str]:
    profile = get_profile(session)
    return {code for code in (profile.code, profile.parent_code) if code}


def _level_below(level: str, than: str) -> bool:
    order = list(LEVELS)
    return level in LEVELS and than in LEVELS and order.index(level) > order.index(than)


def check_origins(session: Session, sender: str, incoming_offices: list[dict[str, Any]]) -> OriginCheck:
    """Return the sender's subtree (with the incoming registrations it may make) and the refused registrations.

    ``incoming_offices`` are the parsed ``sub_office`` records of the bundle.
    """
    profile = get_profile(session)
    receiver = profile.code
    local_rows = session.execute(
        select(SubOffice.id, SubOffice.code, SubOffice.origin_office, SubOffice.parent_id, SubOffice.deleted)
    ).all()
    incoming_ids = {values["id"] for values in incoming_offices}
    # Registrations held here, except those the bundle replaces (their new version is judged below).
    held = [row for row in local_rows if row.id not in incoming_ids and not row.deleted]
    subtree = {sender}
    grown = True
    while grown:
        grown = False
        for row in held:
            if row.origin_office in subtree and row.origin_office != receiver and row.code not in subtree:
                subtree.add(row.code)
                grown = True
    forbidden = _ancestors(session) | {sender}
    # Offices registered here by someone the sender cannot speak for: the sender may not claim them.
    claimed_elsewhere = {row.code for row in held if row.origin_office not in subtree}
    result = OriginCheck(receiver, sender, subtree)
    pending = list(incoming_offices)
    grown = True
    while grown:
        grown = False
        waiting = []
        for values in pending:
            if values["origin_office"] not in subtree:
                waiting.append(values)
                continue
            reason = _registration_problem(values, forbidden, claimed_elsewhere)
            if reason:
                result.rejected[values["id"]] = reason
                continue
            if not values["deleted"] and values["code"] not in subtree:
                subtree.add(values["code"])
                grown = True
        pending = waiting
    for values in pending:
        result.rejected[values["id"]] = outside_reason(values["origin_office"])
    _reject_parent_cycles(session, incoming_offices, result)
    return result


def _registration_problem(values: dict[str, Any], forbidden: set[str], claimed: set[str]) -> str | None:
    code = values["code"]
    if code in forbidden or code in claimed:
        return _("下级组织登记的单位（{code}）不在发送单位的下级范围内").format(code=code)
    if values["level"] and values["level"] not in LEVELS:
        return _("下级组织的层级“{level}”本程序不认识").format(level=values["level"][:16])
    return None


def _reject_parent_cycles(session: Session, incoming: list[dict[str, Any]], result: OriginCheck) -> None:
    if not incoming:
        return
    parents = {row.id: row.parent_id for row in session.execute(select(SubOffice.id, SubOffice.parent_id))}
    parents.update({values["id"]: values["parent_id"] for values in incoming})
    for values in incoming:
        seen = {values["id"]}
        current = values["parent_id"]
        while current is not None:
            if current in seen:
                result.rejected.setdefault(values["id"], _("下级组织的上下级关系形成了循环"))
                break
            seen.add(current)
            current = parents.get(current)


def export_origins(session: Session, recipient_code: str, recipient_level: str) -> tuple[set[str], bool]:
    """Return the origin codes an export to ``recipient_code`` carries, and whether registrations go with it.

    Upwards (to the higher office) go this office's records and those of every office below it;
    to any other office only this office's own records, since it cannot speak for the rest.
    """
    profile = get_profile(session)
    upwards = recipient_code == profile.parent_code or _level_below(profile.level, recipient_level)
    if not upwards:
        return {profile.code}, False
    codes = {profile.code}
    codes.update(session.scalars(select(SubOffice.code).where(SubOffice.deleted.is_(False))))
    codes.discard(recipient_code)
    return codes, True
