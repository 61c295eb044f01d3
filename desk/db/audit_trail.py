"""The audit trail of record changes: a ``before_flush`` listener on every session writes who changed what.

It lives with the persistence layer because every session the program opens must carry it
(``make_sessions`` installs it); desk/security/audit.py adds the named events and the screens.
"""

from __future__ import annotations

import datetime as dt
import decimal
import json
import weakref
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from desk.db.base import TravelMixin, new_uuid, utcnow
from desk.security.model import AuditEntry

CREATE = "create"
EDIT = "edit"
DELETE = "delete"
RESTORE = "restore"
PURGE = "purge"

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


def dump(detail: Any) -> str:
    """Return ``detail`` as the JSON text an audit entry stores."""
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)


def _columns(record: TravelMixin) -> list[str]:
    return column_keys(type(record))


def column_keys(model: type[TravelMixin]) -> list[str]:
    """Return the attribute keys of ``model``'s columns, in the order the audit log writes them."""
    return [attr.key for attr in inspect(model).column_attrs]


def created_detail(keys: list[str], values: Any) -> str:
    """Return the detail of a "create" entry: every column but the bookkeeping ones (``values.get(key)``)."""
    return dump({key: plain(values.get(key)) for key in keys if key not in _QUIET})


# A sheet import (desk/sheets/importer.py) puts the import detail of the row being saved here, in
# ``session.info``: the records that row creates are logged with it instead of their every value.
IMPORTING = "audit_importing_row"


def imported_detail(source: str, row: int) -> str:
    """Return the detail of a "create" entry of a record imported from a sheet: the file and the row its record
    starts on (the entry's table and record say what was made).  The record holds the values it was imported
    with (later edits are logged with their old values), so the entry need not copy them: a 100,000-row
    ledger's log would otherwise hold, and its search index cut into trigrams, every value twice."""
    return dump({"imported": {"file": source, "row": row}})


def logged_as_imported(model: type[Any]) -> bool:
    """Return whether an imported record of ``model`` is logged by the row it came from; a name remembered
    on the side (a unit or leader the row named, ``remembered``) is logged in full, as when typed."""
    return not getattr(model, "remembered", False)


def _entries_for_flush(session: Session) -> list[AuditEntry]:
    entries = []
    importing = session.info.get(IMPORTING)
    for record in session.new:
        if isinstance(record, TravelMixin):
            if importing is not None and logged_as_imported(type(record)):
                detail = importing
            else:
                keys = _columns(record)
                detail = created_detail(keys, {key: getattr(record, key) for key in keys})
            entries.append(AuditEntry(
                at=utcnow(), user=record.created_by or record.updated_by or "", kind=CREATE,
                table_name=record.__tablename__, record_id=str(record.id or ""), detail=detail,
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
            table_name=record.__tablename__, record_id=str(record.id), detail=dump(changes),
        ))
    for record in session.deleted:
        if isinstance(record, TravelMixin):
            values = {key: plain(getattr(record, key)) for key in _columns(record) if key not in _QUIET}
            entries.append(AuditEntry(
                at=utcnow(), user=record.updated_by or "", kind=PURGE,
                table_name=record.__tablename__, record_id=str(record.id), detail=dump(values),
            ))
    return entries


def audited(session: Session) -> bool:
    """Return whether the session's database has the audit log (a bare test database may not)."""
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
    if not audited(session):
        return
    for record in session.new:  # the id default is applied at insert; the log needs it now
        if isinstance(record, TravelMixin) and not record.id:
            record.id = new_uuid()
    session.add_all(_entries_for_flush(session))


_installed = False


def install() -> None:
    """Hook the audit listener on every session (once per process)."""
    global _installed
    if not _installed:
        event.listen(Session, "before_flush", _before_flush)
        _installed = True
