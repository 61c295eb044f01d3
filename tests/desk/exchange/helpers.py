"""Exchange test helpers: export from one office and import into another."""

from __future__ import annotations

from pathlib import Path

from desk.exchange.apply import ImportResult, import_bundle
from desk.exchange.export import export_bundle, selection_for


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
