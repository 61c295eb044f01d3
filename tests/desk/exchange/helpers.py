"""Exchange test helpers: export from one office and import into another."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from desk.exchange.apply import ImportResult, import_bundle
from desk.exchange.bundle import encode_bundle
from desk.exchange.export import export_bundle, selection_for
from desk.exchange.keys import own_card, own_keys
from desk.exchange.schema import schema_revisions


def export(office, to_code: str, folder: Path, since_last: bool = False, keep_alive: bool = False, **options) -> bytes:
    folder.mkdir(parents=True, exist_ok=True)
    with office.begin() as session:
        selection = selection_for(session, to_code, None, since_last)
        result = export_bundle(session, office.actor, to_code, folder, selection, office.tables, keep_alive=keep_alive,
                               **options)
    assert result.path is not None, "nothing to export"
    return result.path.read_bytes()


def import_into(office, data: bytes, dry_run: bool = False) -> ImportResult:
    with office.begin() as session:
        return import_bundle(session, office.actor, data, "test.deskbundle", dry_run, tables=office.tables)


def signed_bundle(town, city, parts: list[tuple[str, bytes, int]], manifest_changes: dict[str, Any] | None = None) -> bytes:
    """A bundle signed by ``town`` for ``city`` with hand-made parts (table, JSON lines, record count)."""
    with town.begin() as session:
        keys, me, schema = own_keys(session), own_card(session), schema_revisions(session)
    with city.begin() as session:
        them = own_card(session)
    manifest = {
        "program_version": "test", "schema": schema,
        "sender": {"code": me.code, "name": me.name, "fingerprint": me.fingerprint},
        "recipient": {"code": them.code, "name": them.name, "fingerprint": them.fingerprint},
        "bundle_id": str(uuid.uuid4()), "sequence": 1, "created_at": "2026-11-29T00:00:00+00:00", "counts": {},
    }
    manifest.update(manifest_changes or {})
    return encode_bundle(manifest, parts, keys, them)
