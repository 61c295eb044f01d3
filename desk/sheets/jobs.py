"""The Excel screen's big jobs as the window runs them in a child process (desk/background.py).

Each is ``job(session, progress, ...)`` with picklable arguments: a sheet travels by its key (its
fields hold functions) and is looked up in the child's own catalogue of the program's sheets.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from desk.core.progress import Progress
from desk.db.listing import ListQuery
from desk.db.records import Actor
from desk.sheets.importer import ImportResult, import_rows
from desk.sheets.reader import Table
from desk.sheets.service import export_sheet, log_import
from desk.sheets.spec import SheetSpec


def sheet(key: str) -> SheetSpec:
    """Return the program's sheet ``key`` (a child runs one job: it discovers the catalogue once)."""
    from desk.sheets.catalog import discover_sheets

    return discover_sheets()[key]


def import_table(session: Session, progress: Progress, *, actor: Actor, key: str, header: list[str],
                 rows: list[tuple[int, list[Any]]], source: str, mapping: dict[int, str], path: Path, commit: bool,
                 strict: bool) -> ImportResult:
    """Check (``commit`` False: rolled back) or import the ledger's rows (``header``, ``rows`` and ``source`` as
    read: desk.sheets.reader.Table); an import is logged and committed unless ``strict`` and some row was refused."""
    spec = sheet(key)
    table = Table(header, rows, source=source)
    result = import_rows(session, actor, spec, table, mapping, progress=progress)
    if commit and not (strict and result.refused_rows):
        log_import(session, actor, spec, path, result)
        session.commit()
    else:
        session.rollback()
    result.record_ids = []  # the window shows counts and problems, not every new id
    return result


def export_list(session: Session, progress: Progress, *, actor: Actor | None, key: str, query: ListQuery,
                path: str, records: bool = False) -> int:
    """Write sheet ``key``'s list as ``query`` filters it to ``path``; return the count."""
    return export_sheet(session, actor, sheet(key), query, path, records=records, progress=progress)
