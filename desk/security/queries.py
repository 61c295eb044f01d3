"""The audit log as a lazy list with filters (user, kind, table, dates), for the screen and the CLI."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from desk.core.fields import kinds_by_table
from desk.core.i18n import N_, _
from desk.core.masking import mask_id_number, mask_phone
from desk.db.listing import ListSource
from desk.security.audit import KINDS
from desk.security.model import AuditEntry


def column_label(table_name: str, column_name: str) -> str:
    from desk.exchange.labels import column_label as label

    return label(table_name, column_name)


def table_label(table_name: str) -> str:
    from desk.exchange.labels import table_label as label

    return label(table_name)


def is_hidden(table_name: str, column_name: str) -> bool:
    from desk.core.fields import is_hidden as hidden

    return hidden(table_name, column_name)


def value_text(table_name: str, column_name: str, value: Any, full: bool) -> str:
    from desk.exchange.labels import value_text as text

    return text(table_name, column_name, value, full)


def _day_start(value: dt.date) -> dt.datetime:
    """Return the UTC time (as stored) at which the local day ``value`` starts."""
    return dt.datetime.combine(value, dt.time.min).astimezone().astimezone(dt.timezone.utc).replace(tzinfo=None)


def local_time(value: dt.datetime) -> dt.datetime:
    """Return a stored time (UTC; SQLite gives it back without a zone) in the local zone."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value.astimezone()


# What the detail of an event (an export, an import, a user change) says, in a clerk's words.
EVENT_DETAIL_LABELS: dict[str, str] = {
    "sheet": N_("表格"),
    "records": N_("按模板格式"),
    "search": N_("搜索"),
    "period": N_("期间"),
    "created": N_("新增"),
    "skipped": N_("已导入过"),
    "refused": N_("有问题的行"),
    "folder": N_("文件夹"),
    "kept": N_("原数据库另存为"),
    "failures": N_("连续失败次数"),
    "added": N_("新建用户"),
    "roles": N_("角色"),
    "active": N_("启用"),
    "full_name": N_("姓名"),
    "password_reset": N_("重设密码"),
    "password_changed": N_("修改密码"),
}
_RECORD_KINDS = ("create", "edit", "delete", "restore", "purge")


def _fallback_masked(key: str, text: str) -> str:
    """Mask a value of a table no area declares, by its column name (ID numbers and phones)."""
    if "id_number" in key:
        return mask_id_number(text)
    if "phone" in key:
        return mask_phone(text)
    return text


def _record_value(table_name: str, key: str, value: Any) -> str:
    if not kinds_by_table().get(table_name):
        return _fallback_masked(key, "" if value is None else str(value))
    return value_text(table_name, key, value, full=False)


def _event_value(key: str, value: Any) -> str:
    if isinstance(value, list) and len(value) == 2:
        return f"{_event_value(key, value[0])} → {_event_value(key, value[1])}"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if key == "sheet":
        from desk.sheets.catalog import sheet_specs

        spec = sheet_specs().get(str(value))
        return _(spec.title) if spec else str(value)
    if key == "roles":
        from desk.security.roles import GRANTS, ROLES

        names = {**ROLES, **GRANTS}
        return "、".join(_(names.get(role, role)) for role in str(value or "").split())
    return "" if value is None else str(value)


def describe_detail(kind: str, detail: str, table_name: str = "") -> str:
    """Return the detail of an entry as one readable line: ``label：old → new`` for edits.

    Record changes name each field by its declared label and show choices by their labels;
    values declared sensitive (names, ID numbers, phones, addresses, accounts of a person) are
    masked: the log's readers need not be allowed full values.  Internal columns are left out.
    """
    if not detail:
        return ""
    try:
        data = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(data, dict):
        return str(data)
    parts = []
    for key, value in data.items():
        if kind in _RECORD_KINDS:
            if (kind in ("create", "purge") and key in ("id", "deleted", "origin_office")) or is_hidden(table_name, key):
                continue  # the record column and the entry itself say these
            label = column_label(table_name, key)
            if isinstance(value, list) and len(value) == 2:
                old, new = _record_value(table_name, key, value[0]), _record_value(table_name, key, value[1])
                parts.append(f"{label}：{old} → {new}")
            else:
                parts.append(f"{label}：{_record_value(table_name, key, value)}")
        else:
            label = _(EVENT_DETAIL_LABELS[key]) if key in EVENT_DETAIL_LABELS else key
            parts.append(f"{label}：{_event_value(key, value)}")
    return "；".join(parts)


def masked_detail(kind: str, detail: str, table_name: str = "") -> Any:
    """Return the detail of an entry as data (``--json``), sensitive values masked as their fields declare."""
    if not detail:
        return None
    try:
        data = json.loads(detail)
    except ValueError:
        return detail
    if not isinstance(data, dict) or kind not in _RECORD_KINDS:
        return data
    kind_of_table = kinds_by_table().get(table_name)

    def masked(key: str, value: Any) -> Any:
        declared = kind_of_table.by_column(key) if kind_of_table else None
        if declared is not None and declared.sensitive and value not in (None, ""):
            return declared.mask(value)
        if declared is None and isinstance(value, str):
            return _fallback_masked(key, value)
        return value

    return {key: [masked(key, item) for item in value] if isinstance(value, list) else masked(key, value)
            for key, value in data.items()}


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row["kind_label"] = _(KINDS.get(row["kind"], row["kind"]))
    row["detail_text"] = describe_detail(row["kind"], row["detail"], row["table_name"])
    row["table_label"] = table_label(row["table_name"]) if row["table_name"] else ""
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
