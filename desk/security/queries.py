"""The audit log as a lazy list with filters (user, kind, table, dates), for the screen and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from desk.core.i18n import _
from desk.core.masking import mask_id_number, mask_phone
from desk.db.listing import ListSource
from desk.security.audit import KINDS
from desk.security.model import AuditEntry


def _day_start(value: dt.date) -> dt.datetime:
    """Return the UTC time (as stored) at which the local day ``value`` starts."""
    return dt.datetime.combine(value, dt.time.min).astimezone().astimezone(dt.timezone.utc).replace(tzinfo=None)


def local_time(value: dt.datetime) -> dt.datetime:
    """Return a stored time (UTC; SQLite gives it back without a zone) in the local zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone()


def _shown(key: str, value: Any) -> str:
    text = "" if value is None else str(value)
    if "id_number" in key:
        return mask_id_number(text)
    if "phone" in key:
        return mask_phone(text)
    return text


def describe_detail(kind: str, detail: str) -> str:
    """Return the detail of an entry as one readable line: ``field: old → new`` for edits.

    ID numbers and phone numbers are masked: the log's readers need not be allowed full values.
    """
    if not detail:
        return ""
    try:
        data = json.loads(detail)
    except ValueError:
        return detail
    if isinstance(data, dict):
        parts = []
        for key, value in data.items():
            if kind == "create" and key in ("id", "deleted", "origin_office"):
                continue  # the record column and the entry itself say these
            if isinstance(value, list) and len(value) == 2:
                parts.append(f"{key}: {_shown(key, value[0])} → {_shown(key, value[1])}")
            else:
                parts.append(f"{key}: {_shown(key, value)}")
        return "；".join(parts)
    return str(data)


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row["kind_label"] = _(KINDS.get(row["kind"], row["kind"]))
    row["detail_text"] = describe_detail(row["kind"], row["detail"])
    at = row["at"]
    if isinstance(at, dt.datetime):
        row["at_text"] = local_time(at).strftime("%Y-%m-%d %H:%M:%S")
    else:
        row["at_text"] = str(at or "")
    return row


AUDIT = ListSource(
    model=AuditEntry,
    columns={
        "id": AuditEntry.id,
        "at": AuditEntry.at,
        "user": AuditEntry.user,
        "kind": AuditEntry.kind,
        "table_name": AuditEntry.table_name,
        "record_id": AuditEntry.record_id,
        "detail": AuditEntry.detail,
    },
    search=(AuditEntry.record_id, AuditEntry.detail, AuditEntry.user),
    default_order=(AuditEntry.id.desc(),),
    filters={
        "user": lambda value: AuditEntry.user == value,
        "kind": lambda value: AuditEntry.kind == value,
        "table": lambda value: AuditEntry.table_name == value,
        "since": lambda value: AuditEntry.at >= _day_start(value),
        "until": lambda value: AuditEntry.at < _day_start(value + dt.timedelta(days=1)),
    },
    finish=_finish,
)
