"""The audit history that travels with records: gathered at export, checked and kept apart at import.

An office's own log (``audit_entry``) stays its own; entries made at other offices arrive in a
bundle part named ``_audit`` and are kept in ``exchange_audit`` with the name of the office that
sent them, once each however many relays they pass through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.exchange.model import TravelledAudit
from desk.exchange.travel import valid_text
from desk.security.audit import CREATE, DELETE, EDIT, RESTORE
from desk.security.model import AuditEntry

PART = "_audit"
KINDS = (CREATE, EDIT, DELETE, RESTORE)
MAX_DETAIL = 20000
CHUNK = 500


def entry_json(origin: str, at: dt.datetime, user: str, kind: str, table_name: str, record_id: str, detail: str) -> dict[str, Any]:
    """Return one travelling audit entry as JSON."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.timezone.utc)
    return {"origin_office": origin, "at": at.isoformat(), "user": user, "kind": kind, "table": table_name,
            "record_id": record_id, "detail": detail}


def gather(session: Session, own_code: str, exported: dict[str, set[str]], since: dt.datetime | None,
           received_after: int | None) -> list[dict[str, Any]]:
    """Return the history of the exported records: this office's entries (since ``since``) and those received (after ``received_after``)."""
    if not exported:
        return []
    entries = []
    own = select(AuditEntry.at, AuditEntry.user, AuditEntry.kind, AuditEntry.table_name, AuditEntry.record_id,
                 AuditEntry.detail).where(AuditEntry.kind.in_(KINDS), AuditEntry.table_name.in_(sorted(exported)))
    if since is not None:
        own = own.where(AuditEntry.at >= since.replace(tzinfo=None))
    for at, user, kind, table_name, record_id, detail in session.execute(own.order_by(AuditEntry.id)):
        if record_id in exported[table_name]:
            entries.append(entry_json(own_code, at, user, kind, table_name, record_id, detail))
    relayed = select(TravelledAudit).where(TravelledAudit.table_name.in_(sorted(exported)))
    if received_after is not None and since is not None:
        relayed = relayed.where(TravelledAudit.receive_seq > received_after)
    for row in session.scalars(relayed.order_by(TravelledAudit.id)):
        if row.record_id in exported[row.table_name]:
            entries.append(entry_json(row.origin_office, row.at, row.user, row.kind, row.table_name, row.record_id,
                                      row.detail))
    return entries


def parse_entry(data: Any) -> tuple[dict[str, Any] | None, str]:
    """Return (entry, "") for a well-formed incoming entry, or (None, reason)."""
    bad = _("审计记录格式不正确")
    if not isinstance(data, dict) or set(data) != {"origin_office", "at", "user", "kind", "table", "record_id", "detail"}:
        return None, bad
    limits = {"origin_office": 32, "at": 40, "user": 64, "kind": 32, "table": 64, "record_id": 36, "detail": MAX_DETAIL}
    for key, limit in limits.items():
        value = data[key]
        if not isinstance(value, str) or len(value) > limit or not valid_text(value):
            return None, bad
    if data["kind"] not in KINDS:
        return None, bad
    try:
        at = dt.datetime.fromisoformat(data["at"])
    except ValueError:
        return None, bad
    entry = dict(data)
    entry["at"] = at if at.tzinfo else at.replace(tzinfo=dt.timezone.utc)
    return entry, ""


def entry_key(entry: dict[str, Any]) -> str:
    """Return the entry's identity: the same entry relayed twice is kept once."""
    text = json.dumps({**entry, "at": entry["at"].isoformat()}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def keep(session: Session, entries: list[dict[str, Any]], sender: str, sender_name: str, bundle_id: str,
         receive_seq: int) -> int:
    """Store the checked entries not already here; return how many were new."""
    keyed = {entry_key(entry): entry for entry in entries}
    keys = list(keyed)
    for start in range(0, len(keys), CHUNK):
        for known in session.scalars(select(TravelledAudit.entry_key).where(
            TravelledAudit.entry_key.in_(keys[start : start + CHUNK])
        )):
            keyed.pop(known, None)
    rows = [{
        "entry_key": key, "origin_office": entry["origin_office"], "at": entry["at"], "user": entry["user"],
        "kind": entry["kind"], "table_name": entry["table"], "record_id": entry["record_id"], "detail": entry["detail"],
        "sender": sender, "sender_name": sender_name, "bundle_id": bundle_id, "receive_seq": receive_seq,
    } for key, entry in keyed.items()]
    for start in range(0, len(rows), CHUNK):
        session.execute(insert(TravelledAudit), rows[start : start + CHUNK])
    return len(rows)

