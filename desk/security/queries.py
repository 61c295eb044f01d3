"""The audit log as a lazy list with filters (user, kind, table, dates), for the screen and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from desk.core.i18n import _
from desk.core.masking import mask_id_number, mask_name, mask_phone
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


# Keys whose values name a person, and free texts that may tell her story: shown only to readers of content.
NAME_KEYS = frozenset({"name", "full_name", "awardee", "awardee_name", "petitioner_name", "contact_person", "guardian",
                       "chair", "leader", "sender_name", "person_name", "child_name", "search_key"})
TEXT_KEYS = frozenset({"address", "narrative", "note", "notes", "summary", "reply", "resolution", "outcome", "text",
                       "consequence", "strengths", "school", "village", "work_unit", "post", "content"})
_ID_NUMBER = re.compile(r"\b\d{17}[\dXx]\b|\b\d{15}\b")
_PHONE = re.compile(r"(?<!\d)1\d{10}(?!\d)")
HIDDEN = "***"


def _shown(key: str, value: Any, content: bool = True, full: bool = False) -> Any:
    """Return one value of an entry as a reader may see it.

    ID and phone numbers are masked unless ``full`` (the full-ID grant); without ``content`` (an
    administrator who may not read records) names are masked and free texts hidden as well.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_shown(key, item, content, full) for item in value]
    if isinstance(value, dict):
        return {name: _shown(name, item, content, full) for name, item in value.items()}
    text = str(value)
    if not full:
        if "id_number" in key:
            return mask_id_number(text)
        if "phone" in key:
            return mask_phone(text)
    if not content:
        if key in NAME_KEYS or key.endswith("_name") and key not in ("table_name", "file_name", "office_name"):
            return mask_name(text)
        if key in TEXT_KEYS:
            return HIDDEN if text else ""
    if not full:
        text = _ID_NUMBER.sub(lambda match: mask_id_number(match.group(0)), text)
        text = _PHONE.sub(lambda match: mask_phone(match.group(0)), text)
    return text


def reader_flags(actor: object | None) -> tuple[bool, bool]:
    """Return (content, full) for a reader of the log: may she read record content, and full ID numbers."""
    from desk.core.masking import may_see_full
    from desk.core.roles import VIEW, allowed

    content = actor is None or allowed(actor, VIEW)
    return content, content and may_see_full(actor)


def detail_data(detail: str, content: bool = True, full: bool = False) -> Any:
    """Return the entry's detail (JSON) as data, masked for the reader as ``_shown`` says."""
    if not detail:
        return None
    try:
        data = json.loads(detail)
    except ValueError:
        return _shown("", detail, content, full)
    if isinstance(data, dict):
        return {key: _shown(key, value, content, full) for key, value in data.items()}
    return _shown("", data, content, full)


def describe_detail(kind: str, detail: str, content: bool = True, full: bool = False) -> str:
    """Return the detail of an entry as one readable line: ``field: old → new`` for edits.

    ID numbers and phone numbers are masked (the log's readers need not be allowed full values);
    for a reader without a content role, names are masked and free texts hidden too.
    """
    data = detail_data(detail, content, full)
    if data is None:
        return ""
    if isinstance(data, dict):
        parts = []
        for key, value in data.items():
            if kind == "create" and key in ("id", "deleted", "origin_office"):
                continue  # the record column and the entry itself say these
            if isinstance(value, list) and len(value) == 2:
                parts.append(f"{key}: {_text(value[0])} → {_text(value[1])}")
            else:
                parts.append(f"{key}: {_text(value)}")
        return "；".join(parts)
    return str(data)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def shown_for(row: dict[str, Any], actor: object | None) -> dict[str, Any]:
    """Return a listed entry with its detail masked for ``actor`` (the list itself masks as for a reviewer)."""
    content, full = reader_flags(actor)
    row = dict(row)
    row["detail_text"] = describe_detail(row["kind"], row["detail"], content, full)
    row["detail_data"] = detail_data(row["detail"], content, full)
    return row


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
