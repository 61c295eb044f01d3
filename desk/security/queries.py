"""The audit log as a lazy list with filters (user, kind, table, dates), for the screen and the CLI."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from sqlalchemy.orm import Session

from desk.core import fields as declared
from desk.core.fields import ADDRESS, ID_NUMBER, NAME, PERSONAL_TEXT, PHONE, kinds_by_table
from desk.core.i18n import N_, _
from desk.core.masking import mask_id_number, mask_name, mask_phone
from desk.db.listing import ListQuery, ListSource
from desk.db.records import links_of, record_name
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


def _declared(table_name: str, key: str) -> str | None:
    """Return the declared sensitivity of ``table_name.key`` ("" when not sensitive), or None if undeclared."""
    kind = kinds_by_table().get(table_name) if table_name else None
    field = kind.by_column(key) if kind is not None else None
    return field.sensitive if field is not None else None


def _shown(key: str, value: Any, content: bool = True, full: bool = False, table_name: str = "") -> Any:
    """Return one value of an entry as a reader may see it.

    ID and phone numbers are masked unless ``full`` (the full-ID grant); without ``content`` (an
    administrator who may not read records) names are masked and free texts hidden as well.  What is
    sensitive is the field's declared sensitivity (desk/<area>/fields.py); keys of an undeclared table
    (an event's detail) are judged by their names.
    """
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_shown(key, item, content, full, table_name) for item in value]
    if isinstance(value, dict):
        return {name: _shown(name, item, content, full) for name, item in value.items()}
    text = str(value)
    sensitivity = _declared(table_name, key)
    if sensitivity is not None:
        if not full and sensitivity == ID_NUMBER:
            return mask_id_number(text)
        if not full and sensitivity == PHONE:
            return mask_phone(text)
        if not content and sensitivity == NAME:
            return mask_name(text)
        if not content and sensitivity in (ADDRESS, PERSONAL_TEXT):
            return HIDDEN if text else ""
    elif not full:
        if "id_number" in key:
            return mask_id_number(text)
        if "phone" in key:
            return mask_phone(text)
    if not content and sensitivity is None:
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


def detail_data(detail: str, content: bool = True, full: bool = False, table_name: str = "") -> Any:
    """Return the entry's detail (JSON) as data, masked for the reader as ``_shown`` says."""
    if not detail:
        return None
    try:
        data = json.loads(detail)
    except ValueError:
        return _shown("", detail, content, full)
    if isinstance(data, dict):
        return {key: _shown(key, value, content, full, table_name) for key, value in data.items()}
    return _shown("", data, content, full)


# What the detail of an event (an export, an import, a user change) says, in a clerk's words.
EVENT_DETAIL_LABELS: dict[str, str] = {
    "sheet_title": N_("表格"),
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
    "password_recovered": N_("用恢复密钥重设密码"),
    "recovery_key_renewed": N_("更换恢复密钥"),
    "recovery_sheet": N_("恢复单"),
    "encrypted": N_("已加密"),
    "encryption_declined": N_("不加密"),
    "plain_backups_erased": N_("清除的未加密备份"),
    "exchange": N_("数据交换"),
    "sender": N_("发送单位"),
    "recipient": N_("接收单位"),
    "bundle_id": N_("数据包"),
    "sequence": N_("序号"),
    "counts": N_("条数"),
    "declared_empty": N_("申报本期无数据"),
    "name": N_("名称"),
    "level": N_("层级"),
    "fingerprint": N_("指纹"),
    "replaced": N_("替换原有密钥卡"),
    "added_sub_office": N_("新增为下级组织"),
    "table": N_("数据类别"),
    "record": N_("记录"),
    "choice": N_("处理方式"),
    "fields": N_("字段"),
    "excellent_min": N_("优秀分数线"),
    "competent_min": N_("称职分数线"),
}
# What an exchange counted (desk.exchange.plan reads these too) and how a conflict was settled.
COUNT_LABELS: dict[str, str] = {
    "new": N_("新增"),
    "updated": N_("更新"),
    "unchanged": N_("未变"),
    "conflict": N_("冲突"),
    "rejected": N_("不合格"),
    "deleted": N_("已删除"),
    "older": N_("比本地旧"),
}
CHOICE_LABELS: dict[str, str] = {"mine": N_("保留本单位的"), "theirs": N_("采用对方的"), "fields": N_("逐项处理")}
RECORD_KINDS = ("create", "edit", "delete", "restore", "purge")

# An export or import written before entries stored the sheet's title names its sheet by key only: these are the
# keys the program had then (frozen, as a released migration is; later entries carry the title).
OLD_SHEET_TITLES: dict[str, str] = {
    "events": N_("活动"), "households": N_("创建活动"), "household-campaigns": N_("创建活动"), "awards": N_("表彰"),
    "award-titles": N_("荣誉称号"), "petitions": N_("维权信访"), "courses": N_("培训班"), "trainees": N_("学员"),
    "skilled_women": N_("女能手"), "offices": N_("下级组织"), "beneficiaries": N_("受助人名册"),
    "relief-visits": N_("慰问"), "stipends": N_("助学金发放"), "organisations": N_("基层组织"), "cadres": N_("四支队伍"),
    "assessments": N_("目标考核"), "indicators": N_("考评指标"),
}
# A linked record is named by its name or title; where none is found (purged since), this says so.
GONE = N_("（已不存在的记录）")
# {record id: (its name, the name's declared sensitivity)} of the records an entry links to.
Links = dict[str, tuple[str, str]]


def describe_detail(kind: str, detail: str, content: bool = True, full: bool = False, table_name: str = "",
                    links: Links | None = None) -> str:
    """Return the detail of an entry as one readable line: ``label：old → new`` for edits.

    A record's fields are named by their declared labels, choices and yes/no shown in words, internal
    columns left out (desk/<area>/fields.py); a linked record by its name (``links``, found by
    ``AUDIT.rows``), not its id.  ID numbers and phone numbers are masked (the log's readers need not be
    allowed full values); for a reader without a content role, names are masked and free texts hidden too.
    """
    data = detail_data(detail, content, full, table_name)
    if data is None:
        return ""
    if not isinstance(data, dict):
        return str(data)
    if kind == "create" and set(data) == {"imported"} and isinstance(data["imported"], dict):
        return imported_text(data["imported"])
    parts = []
    linked = links_of(table_name) if table_name and kind in RECORD_KINDS else {}
    items = list(data.items())
    if kind in EXCHANGE_EVENTS:  # stored with sorted keys: told in a clerk's order
        items.sort(key=lambda item: _EXCHANGE_ORDER.index(item[0]) if item[0] in _EXCHANGE_ORDER else len(_EXCHANGE_ORDER))
    for key, value in items:
        if kind in RECORD_KINDS:
            if (kind in ("create", "purge") and key in ("id", "deleted", "origin_office")) or is_hidden(table_name, key):
                continue  # the record column and the entry itself say these
            if kind == "create" and value in (None, ""):
                continue  # a new record's empty fields say nothing
            label = column_label(table_name, key) if table_name else key
            if isinstance(value, list) and len(value) == 2:
                old, new = (_record_text(table_name, key, item, linked, links, content) for item in value)
                parts.append(f"{label}：{old} → {new}")
            else:
                parts.append(f"{label}：{_record_text(table_name, key, value, linked, links, content)}")
        elif key == "sheet" and "sheet_title" in data:
            continue  # the sheet's key; its title says it
        elif key == "sheet":  # an entry written before titles were stored
            title = OLD_SHEET_TITLES.get(str(value))
            parts.append(f"{_(EVENT_DETAIL_LABELS['sheet_title'])}：{_(title) if title else _text(value)}")
        elif kind in EXCHANGE_EVENTS and key in ("exchange", "table", "record"):
            continue  # the entry's 数据类别 and 记录 columns say these
        elif key in _EXCHANGE_KEYS and kind in EXCHANGE_EVENTS:
            text = _exchange_text(key, value, data, links or {}, content)
            if text:
                parts.append(f"{_(EVENT_DETAIL_LABELS[key])}：{text}")
        else:
            label = _(EVENT_DETAIL_LABELS[key]) if key in EVENT_DETAIL_LABELS else key
            parts.append(f"{label}：{_event_text(key, value, data)}")
    return "；".join(parts)


def imported_text(where: dict[str, Any]) -> str:
    """Return what the entry of a record imported from a sheet says: the file and the row
    (desk.db.audit_trail.imported_detail); the record's values are the record's own."""
    return _("从表格文件“{file}”第 {row} 行导入").format(file=where.get("file") or "", row=where.get("row"))


# An exchange event (a bundle imported or exported, a conflict settled) names its record, the offices and the
# bundle in words: the record by its name, an office by its name and code, a bundle by its office and number.
EXCHANGE_EVENTS = ("import", "export", "conflict")
_EXCHANGE_KEYS = ("record", "sender", "recipient", "bundle_id", "sequence")
_EXCHANGE_ORDER = ("exchange", "table", "record", "sender", "recipient", "bundle_id", "sequence", "choice", "fields")


def _exchange_text(key: str, value: Any, data: dict[str, Any], links: Links, content: bool) -> str:
    if key == "sequence":
        return ""  # said with the bundle
    if key == "record":
        return _linked_name(links, str(value), content)
    name = links.get(str(value), ("", ""))[0]
    if key in ("sender", "recipient"):
        return _("{name}（{code}）").format(name=name, code=value) if name else _text(value)
    if name:  # a bundle received: its office and number, from the ledger
        return name
    if data.get("sequence") not in (None, ""):
        return _("第{number}号").format(number=data["sequence"])
    return ""  # a bundle not in the ledger: its id says nothing to a clerk


def _linked_name(links: Links, record_id: str, content: bool) -> str:
    """Return a linked record's name for the reader (masked as declared without a content role), or that it is gone."""
    name, sensitivity = links.get(record_id, ("", ""))
    if not name:
        return _(GONE)
    return mask_name(name) if sensitivity == NAME and not content else name


def _record_text(table_name: str, key: str, value: Any, linked: dict[str, str] | None = None,
                 links: Links | None = None, content: bool = True) -> str:
    """Return a value of a record's field (masked already where needed) in words: choice labels, 是/否, yuan,
    a linked record's name (masked as its declaration says for a reader without a content role)."""
    if linked and key in linked and value and links is not None:
        return _linked_name(links, str(value), content)
    return value_text(table_name, key, value) if table_name else _text(value)


def _event_text(key: str, value: Any, data: dict[str, Any] | None = None) -> str:
    if isinstance(value, list) and len(value) == 2:
        return f"{_event_text(key, value[0], data)} → {_event_text(key, value[1], data)}"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if key == "sheet_title":
        return _(str(value))
    if key == "level":
        from desk.office.model import LEVELS

        return _(LEVELS[str(value)]) if str(value) in LEVELS else _text(value)
    if key == "table":
        return table_label(str(value))
    if key == "choice":
        return _(CHOICE_LABELS[str(value)]) if str(value) in CHOICE_LABELS else _text(value)
    if key == "counts" and isinstance(value, dict):  # by category (an import) or by table (an export)
        return "，".join(_("{what}{count}").format(what=_(COUNT_LABELS[name]) if name in COUNT_LABELS else table_label(name),
                                                  count=count) for name, count in value.items())
    if key == "fields" and isinstance(value, dict):  # a conflict settled field by field: each field and whose was kept
        table = str((data or {}).get("table", ""))
        return "，".join(
            column_label(table, str(name)) + (f"（{_(CHOICE_LABELS[item['taken']])}）"
                                             if isinstance(item, dict) and item.get("taken") in CHOICE_LABELS else "")
            for name, item in value.items())
    if key == "roles":
        from desk.core.roles import GRANTS, ROLES

        names = {**ROLES, **GRANTS}
        return "、".join(_(names.get(role, role)) for role in str(value or "").split())
    return _text(value)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def column_label(table_name: str, column_name: str) -> str:
    """Return what a clerk calls a column (the declaration in desk/<area>/fields.py), else its name."""
    return declared.column_label(table_name, column_name) or column_name


def table_label(table_name: str) -> str:
    """Return what a clerk calls a table, else its name."""
    return declared.table_label(table_name) or table_name


def is_hidden(table_name: str, column_name: str) -> bool:
    """Return whether a column is internal (left out of the log's lines)."""
    return declared.is_hidden(table_name, column_name)


def value_text(table_name: str, column_name: str, value: Any) -> str:
    """Return a stored value in words (choice labels, 是/否, yuan)."""
    return declared.value_text(table_name, column_name, value)


def shown_for(row: dict[str, Any], actor: object | None) -> dict[str, Any]:
    """Return a listed entry with its detail masked for ``actor`` (the list itself masks as for a reviewer)."""
    content, full = reader_flags(actor)
    row = dict(row)
    row["record_text"] = record_text(row, content)
    row["detail_text"] = describe_detail(row["kind"], row["detail"], content, full, row["table_name"], row.get("links"))
    row["detail_data"] = detail_data(row["detail"], content, full, row["table_name"])
    return row


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row["kind_label"] = _(KINDS.get(row["kind"], row["kind"]))
    row["detail_text"] = describe_detail(row["kind"], row["detail"], table_name=row["table_name"])
    row["table_label"] = table_label(row["table_name"]) if row["table_name"] else ""
    if row["kind"] == "conflict" and not row["table_name"]:  # the settled record's kind, from the detail
        row["table_label"] = table_label(str(_detail(row["detail"]).get("table", ""))) if _detail(row["detail"]) else ""
    elif row["kind"] in EXCHANGE_EVENTS and not row["table_name"] and _detail(row["detail"]).get("exchange"):
        row["table_label"] = _(EVENT_DETAIL_LABELS["exchange"])  # a bundle, not a sheet
    row["record_text"] = record_text(row)
    at = row["at"]
    if isinstance(at, dt.datetime):
        row["at_text"] = local_time(at).strftime("%Y-%m-%d %H:%M:%S")
    else:
        row["at_text"] = str(at or "")
    return row


def _detail(detail: str) -> dict[str, Any]:
    try:
        data = json.loads(detail or "{}")
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


def record_text(row: dict[str, Any], content: bool = True) -> str:
    """Return what the 记录 column shows of an entry: the record's name (masked as declared for a reader without
    content), a bundle by its office and number, else the entry's target as written (a file, a user, a code)."""
    links: Links = row.get("links") or {}
    target = str(row.get("record_id") or "")
    if row["kind"] in RECORD_KINDS and row.get("table_name") and target:
        return _linked_name(links, target, content) if links.get(target, ("", ""))[0] else ""  # a line has no name
    if row["kind"] == "conflict":
        return _linked_name(links, str(_detail(row["detail"]).get("record", target)), content)
    if target in links:  # a bundle named by its id
        return links[target][0]
    if UUID_TEXT.fullmatch(target):
        return ""  # an id nothing names: a clerk can do nothing with it
    return target


UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def exchange_links(session: Session, data: dict[str, Any]) -> Links:
    """Return {code or id: (name, "")} of an exchange event's offices and bundle, and its settled record's name."""
    from sqlalchemy import select

    from desk.exchange.model import LedgerEntry, PartnerCard

    found: Links = {}
    if data.get("table") and data.get("record"):
        found[str(data["record"])] = record_name(session, str(data["table"]), str(data["record"]))
    for key in ("sender", "recipient"):
        code = str(data.get(key) or "")
        if code and code not in found:
            name = session.scalar(select(PartnerCard.name).where(PartnerCard.code == code)) or session.scalar(
                select(LedgerEntry.sender_name).where(LedgerEntry.sender == code, LedgerEntry.sender_name != "").limit(1))
            if name:
                found[code] = (name, "")
    bundle = str(data.get("bundle_id") or "")
    if bundle:
        ledger = session.execute(select(LedgerEntry.sender, LedgerEntry.sender_name, LedgerEntry.sequence)
                                 .where(LedgerEntry.bundle_id == bundle).limit(1)).first()
        if ledger is not None:
            office = ledger.sender_name or found.get(ledger.sender, ("", ""))[0] or ledger.sender
            found[bundle] = (_("{office}第{number}号数据包").format(office=office, number=ledger.sequence), "")
    return found


def entry_links(session: Session, kind: str, table_name: str, detail: str, record_id: str = "") -> Links:
    """Return {id: (name, sensitivity)} of the records an entry names: the record itself and those its detail links
    to (a title, a course, a visit); an exchange event's record, offices and bundle (``exchange_links``)."""
    if kind in EXCHANGE_EVENTS:
        data = _detail(detail)
        return exchange_links(session, data) if data.get("exchange") or kind == "conflict" else {}
    if kind not in RECORD_KINDS or not table_name:
        return {}
    found: Links = {}
    if record_id:
        found[record_id] = record_name(session, table_name, record_id)
    linked = links_of(table_name)
    try:
        data = json.loads(detail or "{}")
    except ValueError:
        return found
    for key, value in data.items() if isinstance(data, dict) else ():
        if key not in linked:
            continue
        for item in value if isinstance(value, list) else [value]:
            if item and str(item) not in found:
                found[str(item)] = record_name(session, linked[key], str(item))
    return found


class AuditSource(ListSource):
    """The audit list: its rows name the records an entry links to, read in the list's own session."""

    def rows(self, session: Session, query: ListQuery, offset: int = 0, limit: int | None = 200,
             total: int | None = None) -> list[dict[str, Any]]:
        rows = super().rows(session, query, offset, limit, total)
        for row in rows:
            row["links"] = entry_links(session, row["kind"], row["table_name"], row["detail"], row["record_id"])
            if row["links"]:
                row["detail_text"] = describe_detail(row["kind"], row["detail"], table_name=row["table_name"],
                                                     links=row["links"])
                row["record_text"] = record_text(row)
        return rows


AUDIT = AuditSource(
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
