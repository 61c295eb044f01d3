"""Importing a sheet's rows through the area's own checks, each row checked like the form, all in one transaction.

A sheet that declares ``batch`` (desk/sheets/spec.py) has its rows checked by the service's own
checks 500 at a time without writing, and the accepted rows' records, audit entries and import
marks written together with executemany (desk/db/bulk.py): a 100,000-row ledger in seconds, not
the better part of an hour.  Any other sheet saves each row through its service inside a
savepoint.  Either way each record a row creates is logged in the audit log by the file and the row it
came from (desk.db.audit_trail.imported_detail), a refused row leaves nothing and is reported cell by cell; the caller's
transaction holds the rest and is committed only when the user confirms (a preview or
``--dry-run`` rolls it back, so the preview shows exactly what an import does).

A second import of the same file creates nothing new: each saved row leaves an ``ImportMark``
whose fingerprint is the sheet key plus the row's converted values, and a row whose
fingerprint is already marked (or appeared earlier in the same file) is skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, cast

from sqlalchemy import Table as SqlTable
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from desk.core.errors import ValidationError
from desk.core.i18n import _
from desk.core.progress import Progress, step
from desk.core.roles import WRITE, require
from desk.core.validation import Checker
from desk.db.audit_trail import IMPORTING, imported_detail
from desk.db.base import utcnow
from desk.db.bulk import insert_new
from desk.db.engine import bulk_cache
from desk.db.fulltext import IndexedPerBatch
from desk.db.records import Actor
from desk.office.settings import settings_held
from desk.security.model import AuditEntry
from desk.sheets.model import ImportMark
from desk.sheets.reader import Table
from desk.sheets.spec import (
    Converter,
    NewRecords,
    SheetField,
    SheetSpec,
    cell_text,
    converter,
    header_names,
    normalise_header,
)


@dataclass(frozen=True)
class CellProblem:
    """Why one cell (or row) was refused: the row number in the file, the column as headed, the message."""

    row: int
    column: str
    message: str


@dataclass
class ImportResult:
    """What an import did (or, rolled back, would do)."""

    rows: int = 0
    created: int = 0
    skipped: int = 0
    problems: list[CellProblem] = field(default_factory=list)
    warnings: list[CellProblem] = field(default_factory=list)  # rows saved, with something to check
    refused_rows: list[int] = field(default_factory=list)
    record_ids: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """Return one sentence: how many rows, new, already imported, refused."""
        return _("共 {rows} 行：新增 {created} 条，已导入过 {skipped} 条，有问题 {refused} 行").format(
            rows=self.rows, created=self.created, skipped=self.skipped, refused=len(self.refused_rows)
        )

    @property
    def preview_summary(self) -> str:
        """Return the sentence of a preview: how many rows would be imported."""
        return _("共 {rows} 行：可导入 {created} 条，已导入过 {skipped} 条，有问题 {refused} 行").format(
            rows=self.rows, created=self.created, skipped=self.skipped, refused=len(self.refused_rows)
        )


def guess_mapping(spec: SheetSpec, header: list[str]) -> dict[int, str]:
    """Return {column index: field key} for headers that name a field (Chinese, translated, key or alias)."""
    names = {key: header_names(field_) for key, field_ in spec.columns_in_order()}
    mapping: dict[int, str] = {}
    for index, text in enumerate(header):
        cell = normalise_header(text)
        if not cell:
            continue
        for key, known in names.items():
            if cell in known and key not in mapping.values():
                mapping[index] = key
                break
    return mapping


def guess_sheet(specs: Mapping[str, SheetSpec], header: list[str]) -> SheetSpec | None:
    """Return the sheet whose fields the header names best (required fields first), or None."""
    best, best_score = None, 0
    for spec in specs.values():
        mapped = set(guess_mapping(spec, header).values())
        if not all(key in mapped for key in _required(spec, mapped)):
            continue
        if len(mapped) > best_score:
            best, best_score = spec, len(mapped)
    return best


def _required(spec: SheetSpec, mapped: set[str]) -> list[str]:
    """Return the keys of the columns a file must have: the record's required ones, and its lines' required ones
    when it has line columns at all (a petition ledger without handling steps is a ledger of petitions)."""
    with_lines = any("." in key for key in mapped)
    return [key for key, field_ in spec.columns_in_order() if field_.required and ("." not in key or with_lines)]


def missing_required(spec: SheetSpec, mapping: Mapping[int, str]) -> list[str]:
    """Return the headers of required fields no column is mapped to."""
    mapped = set(mapping.values())
    required = set(_required(spec, mapped)) - mapped
    return [_(field_.header) for key, field_ in spec.columns_in_order() if key in required]


def _column_name(index: int, header: list[str]) -> str:
    title = header[index] if index < len(header) and header[index] else ""
    from openpyxl.utils import get_column_letter  # openpyxl loads when a sheet is first read

    letter = get_column_letter(index + 1)
    return f"{letter}（{title}）" if title else letter


def _fingerprint(spec: SheetSpec, values: dict[str, Any]) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        return value

    text = json.dumps({key: plain(value) for key, value in sorted(values.items())}, ensure_ascii=False, default=str)
    return hashlib.sha256(f"{spec.key}\n{text}".encode()).hexdigest()


@dataclass(frozen=True)
class _Column:
    """One mapped column, looked up once for the whole file: its index, mapping key, value name and field."""

    index: int
    key: str
    name: str
    field: SheetField | None  # None: a key the sheet does not know (its cells are read as nothing)
    convert: Converter | None  # the field's ``converter`` (None for a ref, which is looked up)


def _columns(spec: SheetSpec, mapping: Mapping[int, str]) -> tuple[list[_Column], list[_Column]]:
    """Return the mapped columns of the record and of its lines, in the mapping's order."""
    record: list[_Column] = []
    lines: list[_Column] = []
    for index, key in mapping.items():
        sheet_field = spec.field(key)
        convert = converter(sheet_field) if sheet_field is not None and sheet_field.kind != "ref" else None
        (lines if "." in key else record).append(_Column(index, key, key.rsplit(".", 1)[-1], sheet_field, convert))
    return record, lines


def _row_values(
    session: Session, spec: SheetSpec, columns: list[_Column], cells: list[Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """Return (values for the service, problems by field key) of one row (its line columns left out)."""
    values: dict[str, Any] = dict(spec.defaults)
    problems: dict[str, str] = {}
    width = len(cells)
    for column in columns:
        _read_cell(session, column, cells[column.index] if column.index < width else None, values, problems,
                   spec.defaults)
    return values, problems


def _read_cell(
    session: Session, column: _Column, raw: Any, values: dict[str, Any], problems: dict[str, str],
    defaults: Mapping[str, Any],
) -> None:
    sheet_field, name = column.field, column.name
    if sheet_field is None:
        return
    if sheet_field.kind == "ref":
        text = cell_text(raw)
        found = sheet_field.resolve(session, text) if text and sheet_field.resolve else None
        if text and found is None:
            problems[column.key] = _unknown_ref(sheet_field, text)
        values[name] = found or ""
        return
    assert column.convert is not None  # every field but a ref has one
    value, problem = column.convert(raw)
    if problem:
        problems[column.key] = problem
    if value not in (None, "") or name not in defaults:
        values[name] = value


def _unknown_ref(sheet_field: SheetField, text: str) -> str:
    """Return why a ref cell names no record: what is wrong with it as the field it is written as, or that it is
    not registered."""
    if sheet_field.by is not None and any(ch.isdigit() for ch in text):  # a number, not a name
        checker = Checker({"cell": text})
        checker.field(sheet_field.by, "cell")
        if checker.problems:
            return _("{field}：{problem}").format(field=_(sheet_field.header), problem=checker.problems["cell"])
    return _("{field}“{value}”没有登记，请先在相应页面添加").format(field=_(sheet_field.header), value=text)


def _line_values(
    session: Session, columns: list[_Column], cells: list[Any]
) -> tuple[dict[str, Any] | None, dict[str, str]]:
    """Return (the line a row's line columns hold, or None when they are empty; problems by column key)."""
    line: dict[str, Any] = {}
    problems: dict[str, str] = {}
    filled = False
    width = len(cells)
    for column in columns:
        raw = cells[column.index] if column.index < width else None
        filled = filled or cell_text(raw) != ""
        _read_cell(session, column, raw, line, problems, {})
    return (line if filled else None), problems


@dataclass
class _Record:
    """One record of the file: the row it starts on, its values, its problems, and the rows of its lines."""

    number: int
    values: dict[str, Any]
    problems: dict[str, str]
    line_rows: list[int] = field(default_factory=list)


def _groups(spec: SheetSpec, mapping: Mapping[int, str], table: Table) -> list[list[tuple[int, list[Any]]]]:
    """Return the file's rows grouped by record: a row each, or (a sheet of lines) the rows of one record.

    In a sheet of lines a row whose record columns are empty, or repeat the record above, adds a line to it.
    """
    if not spec.row_lines:
        return [[row] for row in table.rows]
    groups: list[list[tuple[int, list[Any]]]] = []
    record_columns = [index for index, key in mapping.items() if "." not in key]
    previous: list[str] | None = None
    for number, cells in table.rows:
        shown = [cell_text(cells[index]) if index < len(cells) else "" for index in record_columns]
        if not groups or (any(shown) and shown != previous):
            groups.append([])
            previous = shown
        groups[-1].append((number, cells))
    return groups


def _record(
    session: Session, spec: SheetSpec, columns: tuple[list[_Column], list[_Column]], rows: list[tuple[int, list[Any]]]
) -> _Record:
    """Return the values of one record read from its rows (read just before it is saved: a row may name the
    record saved from the row above, as a town names its county)."""
    number, cells = rows[0]
    values, problems = _row_values(session, spec, columns[0], cells)
    record = _Record(number, values, problems)
    if not spec.row_lines:
        return record
    values[spec.row_lines] = []
    for number, cells in rows:
        line, line_problems = _line_values(session, columns[1], cells)
        if line is None:
            continue
        position = len(values[spec.row_lines])
        values[spec.row_lines].append(line)
        record.line_rows.append(number)
        for key, message in line_problems.items():
            problems.setdefault(f"{spec.row_lines}.{position}.{key.rsplit('.', 1)[-1]}", message)
    return record


def _line_cell(spec: SheetSpec, record: _Record, key: str) -> tuple[int, str] | None:
    """Return (row number, line column key) of a service's problem about one line cell, or None."""
    if not spec.row_lines:
        return None
    parts = [part for part in key.replace(":", ".").split(".") if part]
    if len(parts) == 3 and parts[0] == spec.row_lines and parts[1].isdigit():
        position = int(parts[1])
        if position < len(record.line_rows):
            return record.line_rows[position], f"{spec.row_lines}.{parts[2]}"
    return None


BATCH = 500  # rows checked before their records are written together (and progress reported)


@dataclass
class _Batch:
    """Rows checked and accepted, not yet written: their records and their import marks."""

    saved: list[NewRecords] = field(default_factory=list)
    marks: list[dict[str, Any]] = field(default_factory=list)
    imported: list[str] = field(default_factory=list)  # the audit detail of each record of ``saved``, in order


def import_rows(
    session: Session,
    actor: Actor,
    spec: SheetSpec,
    table: Table,
    mapping: Mapping[int, str],
    progress: Progress | None = None,
) -> ImportResult:
    """Save every valid, not yet imported record through the area's service; return what happened.

    A sheet that declares ``batch`` has its rows checked by the service's own checks, BATCH at a time,
    and the accepted ones written together (desk/db/bulk.py); any other sheet saves each row through
    ``save`` in a savepoint.  Both give the same records, audit entries and problems.
    Never commits: the caller commits (import confirmed) or rolls back (preview, dry run,
    ``--strict`` with problems).  ``progress`` hears of every 500 rows; Cancelled if it answers False.
    """
    require(actor, WRITE)  # before any row: one clear message instead of one per row
    result = ImportResult(rows=len(table.rows))
    column_of = {key: index for index, key in mapping.items()}
    seen = set(session.scalars(select(ImportMark.fingerprint).where(ImportMark.sheet == spec.key)))
    groups = _groups(spec, mapping, table)
    columns = _columns(spec, mapping)
    total = len(groups)
    pending = _Batch()
    # An import changes no office setting (a check reads each once) and writes many pages; a batched one
    # fills the search indexes of what it inserts once a batch.
    with settings_held(session), bulk_cache(session), IndexedPerBatch(session.connection()) as indexes:
        if spec.batch is not None:
            indexes.add([AuditEntry.__tablename__])
        for count, rows in enumerate(groups, start=1):
            if count % BATCH == 0:
                _write(session, actor, spec, pending, indexes)
                step(progress, count, total)
            record = _record(session, spec, columns, rows)
            values, problems = record.values, record.problems
            fingerprint = _fingerprint(spec, values)
            if not problems and fingerprint in seen:  # imported before, or earlier in this file
                result.skipped += 1
                continue
            detail = imported_detail(table.source, record.number)
            record_id = _save(session, actor, spec, values, problems, pending, fingerprint, detail)
            if record_id is not None:
                seen.add(fingerprint)
                result.created += 1
                result.record_ids.append(record_id)
                for key, message in (spec.warn(values) if spec.warn else {}).items():
                    index = column_of.get(key)
                    column = _column_name(index, table.header) if index is not None else _header_of(spec, key)
                    result.warnings.append(CellProblem(record.number, column, message))
            if problems:
                result.refused_rows.append(record.number)
                _report(spec, record, problems, column_of, table, result)
        _write(session, actor, spec, pending, indexes)
        session.flush()  # everything written is in the search indexes before their triggers are back
    step(progress, total, total)
    return result


def _save(
    session: Session, actor: Actor, spec: SheetSpec, values: dict[str, Any], problems: dict[str, str],
    pending: _Batch, fingerprint: str, detail: str,
) -> str | None:
    """Check one record's values and save it (or, batched, keep it for the batch); return its id or None.

    A refused record leaves nothing behind and its problems (the cells' and the service's) in ``problems``.
    The records the row creates are logged with ``detail`` (``imported_detail``: the file and the row).
    """
    try:
        if spec.batch is not None:
            prepared = spec.batch.prepare(session, values)
        else:
            savepoint = session.begin_nested()
            session.info[IMPORTING] = detail
            try:
                record_id = spec.save(session, actor, values)
                session.flush()  # the row's records are logged while IMPORTING names its row
            except BaseException:
                savepoint.rollback()
                raise
            finally:
                del session.info[IMPORTING]
    except ValidationError as exc:
        for key, message in (exc.problems or {"": exc.message}).items():
            problems.setdefault(key, message)
        return None
    if spec.batch is not None:
        if problems:
            return None
        pending.saved.append(prepared)
        pending.imported += [detail] * len(prepared.records)
        record_id = prepared.record_id
    elif problems:  # the form would have kept the typing; an unreadable cell refuses the row
        savepoint.rollback()
        return None
    else:
        session.add(ImportMark(fingerprint=fingerprint, sheet=spec.key, record_id=record_id, imported_by=actor.user))
        savepoint.commit()
        return record_id
    pending.marks.append({"fingerprint": fingerprint, "sheet": spec.key, "record_id": record_id,
                          "imported_at": utcnow(), "imported_by": actor.user})
    return record_id


def _write(session: Session, actor: Actor, spec: SheetSpec, pending: _Batch, indexes: IndexedPerBatch) -> None:
    """Write the batch's records (parents, then lines), their audit entries and import marks, and their search
    index; empty the batch."""
    if not pending.saved:
        return
    indexes.add(model.__tablename__ for saved in pending.saved for model, _values in saved.records)
    insert_new(session, actor, [record for saved in pending.saved for record in saved.records], pending.imported)
    if spec.batch is not None and spec.batch.finish is not None:
        spec.batch.finish(session, actor, pending.saved)
    session.execute(insert(cast(SqlTable, ImportMark.__table__)), pending.marks)
    session.flush()  # what ``finish`` added (remembered names, their audit entries) is written before it is indexed
    indexes.catch_up()
    pending.saved.clear()
    pending.marks.clear()
    pending.imported.clear()


def _report(
    spec: SheetSpec, record: _Record, problems: dict[str, str], column_of: dict[str, int], table: Table,
    result: ImportResult,
) -> None:
    cells = {key: message for key, message in problems.items() if _line_cell(spec, record, key)}
    told: set[tuple[int, str]] = set()  # a cell's first problem only (the file's reading of it, then the form's)
    for key, message in problems.items():
        if spec.row_lines and key == spec.row_lines and cells:
            continue  # the service's summary of its line problems; each line cell is reported below
        where = _line_cell(spec, record, key)
        if where is not None:
            number, column_key = where
        else:
            number, column_key = record.number, key.split(".")[0].split(":")[0]
        index = column_of.get(column_key)
        column = _column_name(index, table.header) if index is not None else _header_of(spec, column_key)
        if (number, column) in told:
            continue
        told.add((number, column))
        result.problems.append(CellProblem(number, column, message))


def _header_of(spec: SheetSpec, key: str) -> str:
    sheet_field = spec.field(key)
    return _(sheet_field.header) if sheet_field else ""
