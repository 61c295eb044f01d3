"""What the CLI and the screen do with sheets, with the permission checks and audit entries of desk.security."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from desk.core.masking import may_see_full
from desk.core.progress import Progress
from desk.db.listing import ListQuery
from desk.db.records import Actor
from desk.security import audit
from desk.sheets.importer import ImportResult
from desk.sheets.spec import SheetSpec
from desk.sheets.writer import write_export, write_records


def export_sheet(
    session: Session, actor: Actor | None, spec: SheetSpec, query: ListQuery, path: str | Path, records: bool = False,
    progress: Progress | None = None,
) -> int:
    """Write the list (or, ``records``, every record in the template's columns) to ``path``; return the count.

    A logged-in user needs the export permission and gets full values only with the full-ID grant;
    without a user (a plain database opened by a script, as ``list`` allows) the file is masked.
    The export is logged in the audit log; the caller commits.
    """
    detail = {"sheet": spec.key, "sheet_title": spec.title, "records": records, "search": query.search,
              "period": query.period.code if query.period else ""}
    if actor is None:
        audit.record_event(session, None, audit.EXPORT, Path(path).name, detail)
    else:
        audit.permitted_event(session, actor, audit.EXPORT, Path(path).name, detail)
    if records:
        return write_records(session, spec, query, path, full=may_see_full(actor), progress=progress)
    return write_export(session, spec, query, path, progress=progress)


def log_import(session: Session, actor: Actor, spec: SheetSpec, path: str | Path, result: ImportResult) -> None:
    """Log a committed import in the audit log (the write permission was checked row by row)."""
    audit.permitted_event(session, actor, audit.IMPORT, Path(path).name, {
        "sheet": spec.key, "sheet_title": spec.title, "created": result.created, "skipped": result.skipped,
        "refused": len(result.refused_rows),
    })
