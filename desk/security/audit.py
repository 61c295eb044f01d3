"""The append-only audit log: every change to a travelling record is logged at flush, plus named events.

Changes are captured by desk/db/audit_trail.py, which every session of the program carries:
each new, changed, deleted (marked) or restored ``TravelMixin`` object gets an entry naming the
user who stamped it, the table, the record and the old and new values of the changed fields.
New work areas are audited without doing anything.  Other events (views of a sensitive record's full data,
exports, prints, imports, backups, logins) are written with ``record_event``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desk.core.i18n import N_, NP_
from desk.db.audit_trail import CREATE as CREATE
from desk.db.audit_trail import DELETE as DELETE
from desk.db.audit_trail import EDIT as EDIT
from desk.db.audit_trail import PURGE as PURGE
from desk.db.audit_trail import RESTORE as RESTORE
from desk.db.audit_trail import dump
from desk.db.base import TravelMixin, utcnow
from desk.security.model import AuditEntry

VIEW_FULL = "view_full"
EXPORT = "export"
PRINT = "print"
IMPORT = "import"
BACKUP = "backup"
RESTORE_BACKUP = "restore_backup"
LOGIN = "login"
LOGIN_FAILED = "login_failed"
USER_CHANGE = "user_change"
KEY_CARD = "key_card"
CONFLICT = "conflict"
SETTING = "setting"

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
    KEY_CARD: N_("登记密钥卡"),
    CONFLICT: N_("处理冲突"),
    SETTING: N_("修改设置"),
}

def record_event(session: Session, actor: Any, kind: str, target: Any = None, detail: Any = None) -> None:
    """Append an event of ``kind`` by ``actor`` about ``target`` (a record, a path or text) with ``detail``."""
    table_name, record_id = "", ""
    if isinstance(target, TravelMixin):
        table_name, record_id = target.__tablename__, str(target.id)
    elif target is not None:
        record_id = str(target)
    session.add(AuditEntry(
        at=utcnow(), user=getattr(actor, "user", "") or str(actor or ""), kind=kind,
        table_name=table_name, record_id=record_id[:64], detail=dump(detail) if detail is not None else "",
    ))
    session.flush()


# The permission each audited kind of event needs; ``permitted_event`` checks it, then logs.
EVENT_ACTIONS = {EXPORT: "export", PRINT: "print", VIEW_FULL: "see_full_ids", IMPORT: "write", BACKUP: "backup",
                 RESTORE_BACKUP: "backup", KEY_CARD: "manage_keys", CONFLICT: "write"}


def permitted_event(session: Session, actor: Any, kind: str, target: Any = None, detail: Any = None) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``kind`` (export, print, view_full …); else log it.

    Areas call this before exporting, printing, importing or showing a record's full ID number.
    """
    from desk.core.roles import require

    action = EVENT_ACTIONS.get(kind)
    if action is not None:
        require(actor, action)
    record_event(session, actor, kind, target, detail)
