"""The append-only audit log: every change to a travelling record is logged at flush, plus named events.

``install()`` hooks a ``before_flush`` listener on every SQLAlchemy session: each new, changed,
deleted (marked) or restored ``TravelMixin`` object gets an entry naming the user who stamped
it, the table, the record and the old and new values of the changed fields.  New work areas
are audited without doing anything.  Other events (views of a sensitive record's full data,
exports, prints, imports, backups, logins) are written with ``record_event``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import weakref
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from desk.core.i18n import N_, NP_
from desk.db.base import TravelMixin, utcnow
from desk.security.model import AuditEntry

CREATE = "create"
EDIT = "edit"
DELETE = "delete"
RESTORE = "restore"
PURGE = "purge"
VIEW_FULL = "view_full"
EXPORT = "export"
PRINT = "print"
IMPORT = "import"
BACKUP = "backup"
RESTORE_BACKUP = "restore_backup"
LOGIN = "login"
LOGIN_FAILED = "login_failed"
USER_CHANGE = "user_change"

KINDS: dict[str, str] = {
    CREATE: NP_("audit action", "新增"),
    EDIT: N_("修改"),
    DELETE: NP_("audit action", "删除"),
    RESTORE: N_("恢复记录"),
    PURGE: N_("彻底删除"),
    VIEW_FULL: N_("查看完整信息"),
    EXPORT: N_("导出"),
    PRINT: N_("打印"),
    IMPORT: N_("导入"),
    BACKUP: N_("备份"),
    RESTORE_BACKUP: N_("从备份恢复"),
    LOGIN: N_("登录"),
    LOGIN_FAILED: N_("登录失败"),
    USER_CHANGE: N_("用户变更"),
}

# Bookkeeping columns that change on every edit; the entry's own user and time say it.
_QUIET = frozenset({"updated_at", "updated_by", "revision", "created_at", "created_by"})
_has_table: "weakref.WeakKeyDictionary[Any, bool]" = weakref.WeakKeyDictionary()


def plain(value: Any) -> Any:
    """Return ``value`` in a JSON-friendly form."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def _dump(detail: Any) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)


def _columns(record: TravelMixin) -> list[str]:
    return [attr.key for attr in inspect(type(record)).column_attrs]


def _entries_for_flush(session: Session) -> list[AuditEntry]:
    entries = []
    for record in session.new:
        if isinstance(record, TravelMixin):
            values = {key: plain(getattr(record, key)) for key in _columns(record) if key not in _QUIET}
            entries.append(AuditEntry(
                at=utcnow(), user=record.created_by or record.updated_by or "", kind=CREATE,
                table_name=record.__tablename__, record_id=str(record.id or ""), detail=_dump(values),
            ))
    for record in session.dirty:
        if not isinstance(record, TravelMixin):
            continue
        state = inspect(record)
        changes: dict[str, list[Any]] = {}
        for key in _columns(record):
            history = state.attrs[key].history
            if not history.has_changes() or key in _QUIET:
                continue
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[key] = [plain(old), plain(new)]
        if not changes:
            continue
        kind = EDIT
        if "deleted" in changes:
            kind = DELETE if changes["deleted"][1] else RESTORE
        entries.append(AuditEntry(
            at=utcnow(), user=record.updated_by or "", kind=kind,
            table_name=record.__tablename__, record_id=str(record.id), detail=_dump(changes),
        ))
    for record in session.deleted:
        if isinstance(record, TravelMixin):
            values = {key: plain(getattr(record, key)) for key in _columns(record) if key not in _QUIET}
            entries.append(AuditEntry(
                at=utcnow(), user=record.updated_by or "", kind=PURGE,
                table_name=record.__tablename__, record_id=str(record.id), detail=_dump(values),
            ))
    return entries


def _audited(session: Session) -> bool:
    bind = session.get_bind()
    engine = getattr(bind, "engine", bind)
    known = _has_table.get(engine)
    if known is None:
        known = inspect(session.connection()).has_table(AuditEntry.__tablename__)
        if known:
            _has_table[engine] = True
    return known


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    if not any(isinstance(obj, TravelMixin) for obj in (*session.new, *session.dirty, *session.deleted)):
        return
    if not _audited(session):
        return
    for record in session.new:  # the id default is applied at insert; the log needs it now
        if isinstance(record, TravelMixin) and not record.id:
            from desk.db.base import new_uuid

            record.id = new_uuid()
    session.add_all(_entries_for_flush(session))


_installed = False


def install() -> None:
    """Hook the audit listener on every session (once per process)."""
    global _installed
    if not _installed:
        event.listen(Session, "before_flush", _before_flush)
        _installed = True


def record_event(session: Session, actor: Any, kind: str, target: Any = None, detail: Any = None) -> None:
    """Append an event of ``kind`` by ``actor`` about ``target`` (a record, a path or text) with ``detail``."""
    table_name, record_id = "", ""
    if isinstance(target, TravelMixin):
        table_name, record_id = target.__tablename__, str(target.id)
    elif target is not None:
        record_id = str(target)
    session.add(AuditEntry(
        at=utcnow(), user=getattr(actor, "user", "") or str(actor or ""), kind=kind,
        table_name=table_name, record_id=record_id[:64], detail=_dump(detail) if detail is not None else "",
    ))
    session.flush()


# The permission each audited kind of event needs; ``permitted_event`` checks it, then logs.
EVENT_ACTIONS = {EXPORT: "export", PRINT: "print", VIEW_FULL: "see_full_ids", IMPORT: "write", BACKUP: "backup",
                 RESTORE_BACKUP: "backup"}


def permitted_event(session: Session, actor: Any, kind: str, target: Any = None, detail: Any = None) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``kind`` (export, print, view_full …); else log it.

    Areas call this before exporting, printing, importing or showing a record's full ID number.
    """
    from desk.core.roles import require

    action = EVENT_ACTIONS.get(kind)
    if action is not None:
        require(actor, action)
    record_event(session, actor, kind, target, detail)
