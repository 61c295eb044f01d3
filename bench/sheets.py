"""Excel import figure: a 100,000-row petitions ledger read and imported as the 导入Excel button does.

The ledger is written (unmeasured) in the sheet's own template columns from the generator's
petition values, with full values, as a clerk's ledger would hold them.  The program side reads
the file, validates and saves every row through ``desk.sheets.importer.import_rows`` (the
area's own service, one import mark per row) into an office database and commits.  The
reference is reading the same file alone (``read_table``), the floor of any import.  An import
still running after ``limit`` seconds is stopped: the figure then says how far it came and
the rate, rather than waiting for hours.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench import data
from bench.measure import Figure, Outcome

ROWS = 100_000


class _Stopped(Exception):
    pass


def write_ledger(path: Path, rows: int) -> None:
    """Write ``rows`` petitions in the petitions sheet's template columns (full values)."""
    from openpyxl import Workbook

    from desk.core.i18n import _
    from desk.sheets.catalog import discover_sheets
    from desk.sheets.spec import display_value

    spec = discover_sheets()["petitions"]
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_(spec.title))
    sheet.append([_(field.header) for field in spec.fields])
    for index in range(rows):
        values = data.petition_values(index)
        sheet.append([None if values.get(field.key) in (None, "") else display_value(field, values[field.key])
                      for field in spec.fields])
    book.save(path)


def measure_sheet_import(rows: int = ROWS, limit: float = 240.0) -> Outcome:
    """Return the Excel import figure for a ledger of ``rows`` rows."""
    from bench.generate import ADMIN, create_office_database
    from desk.office.service import actor_for
    from desk.sheets.catalog import discover_sheets
    from desk.sheets.importer import guess_mapping, import_rows
    from desk.sheets.reader import read_table

    folder = Path(tempfile.mkdtemp(prefix="bench-sheet-"))
    ledger = folder / "petitions.xlsx"
    write_ledger(ledger, rows)
    spec = discover_sheets()["petitions"]
    started = time.perf_counter()
    read_table(ledger)
    reference = time.perf_counter() - started
    database = create_office_database(folder / "office.db")
    done = [0]
    try:
        with database.sessions() as session:
            actor = actor_for(session, ADMIN[0])
        started = time.perf_counter()
        importing = [started]

        def progress(count: int, total: int) -> None:
            done[0] = count
            if time.perf_counter() - importing[0] > limit:
                raise _Stopped

        try:
            table = read_table(ledger)
            importing[0] = time.perf_counter()
            with database.sessions() as session:
                result = import_rows(session, actor, spec, table, guess_mapping(spec, table.header), progress)
                session.commit()
            seconds = time.perf_counter() - started
            stopped = False
        except _Stopped:
            seconds = time.perf_counter() - started
            stopped = True
    finally:
        database.close()
        for path in folder.iterdir():
            path.unlink()
        folder.rmdir()
    name = f"Excel import of a {rows:,}-row petitions ledger"
    if stopped:
        read = importing[0] - started
        per_row = (seconds - read) / max(done[0], 1)
        projected = read + per_row * rows
        note = (f"STOPPED: the file read in {read:,.0f} s, then {done[0]:,} rows saved in {seconds - read:,.0f} s "
                f"({per_row * 1000:.1f} ms a row); the whole ledger would take about {projected:,.0f} s (the figure "
                "shown is that projection)")
        return Outcome([Figure(name, projected, "reading the same file (read_table)", reference, "≤ 30 s",
                               False, note)])
    note = (f"{result.created:,} created, {len(result.refused_rows):,} refused, {result.skipped:,} skipped; "
            f"{seconds / rows * 1000:.2f} ms a row; read, validated by the area's service, saved, committed")
    return Outcome([Figure(name, seconds, "reading the same file (read_table)", reference, "≤ 30 s",
                           seconds <= 30.0, note)])
