"""Adding many new travelling records at once: stamped and logged as one by one, written with executemany.

``write_record`` adds a record through the ORM, and the audit listener (desk/db/audit_trail.py)
logs a "create" entry at its flush: right for a form, about a millisecond a record.  An import
of a large ledger adds records it has already checked with the same functions; here they are
stamped as ``stamp_new`` stamps them, logged with the entry the listener would have written
(``created_detail``), and inserted with one executemany a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from sqlalchemy import Table, insert, inspect
from sqlalchemy.orm import Session

from desk.core.roles import WRITE, require
from desk.db.audit_trail import CREATE, audited, column_keys, created_detail, logged_as_imported
from desk.db.base import TravelMixin, new_uuid, utcnow
from desk.db.records import Actor
from desk.security.model import AuditEntry

NewRecord = tuple[type[TravelMixin], dict[str, Any]]


def insert_new(
    session: Session, actor: Actor, records: Sequence[NewRecord], imported: Sequence[str] | None = None
) -> list[str]:
    """Insert ``records`` (model, column values by attribute key) as new; return their ids in order.

    A record without an ``id`` gets one; the bookkeeping columns are those ``stamp_new`` sets, and each
    record gets the audit entry its flush would have got: with ``imported`` (one ``imported_detail`` per
    record, as a sheet import's flush sets ``IMPORTING``) the entry names where it was imported from.  Rows
    are written table by table in the order the tables first appear (parents before their lines).  Raises
    PermissionDenied if ``actor`` may not write.
    """
    require(actor, WRITE)
    now = utcnow()
    stamps = {"origin_office": actor.office_code, "created_at": now, "updated_at": now, "created_by": actor.user,
              "updated_by": actor.user, "revision": 1, "deleted": False}
    log = audited(session)
    keys_of: dict[type[TravelMixin], list[str]] = {}
    tables_of: dict[type[TravelMixin], tuple[Table, dict[str, str]]] = {}
    rows: dict[tuple[Table, frozenset[str]], list[dict[str, Any]]] = {}
    entries: list[dict[str, Any]] = []
    ids: list[str] = []
    for number, (model, values) in enumerate(records):
        row = {**values, **stamps}
        row["id"] = row.get("id") or new_uuid()
        ids.append(row["id"])
        known = tables_of.get(model)
        if known is None:
            mapper = inspect(model)
            renamed = {key: column.key for key, column in mapper.columns.items() if key != column.key}
            known = tables_of[model] = (cast(Table, mapper.local_table), renamed)
        table, renamed = known
        written = {renamed.get(key, key): value for key, value in row.items()} if renamed else row  # column keys
        rows.setdefault((table, frozenset(written)), []).append(written)
        if log:
            if imported is not None and logged_as_imported(model):
                detail = imported[number]
            else:
                keys = keys_of.get(model)
                if keys is None:
                    keys = keys_of[model] = column_keys(model)
                detail = created_detail(keys, row)
            entries.append({"at": now, "user": actor.user, "kind": CREATE, "table_name": model.__tablename__,
                            "record_id": row["id"], "detail": detail})
    for (table, _keys), chunk in rows.items():  # dicts keep insertion order: tables as they first appeared
        session.execute(insert(table), chunk)
    if entries:
        session.execute(insert(cast(Table, AuditEntry.__table__)), entries)
    return ids
