"""Exchange figures: export a bundle of about 100,000 records and import it at the higher level.

The city office (generated at scale 3: about 100,000 travelling records with their lines) and the
regional federation exchange key cards as their clerks would; then the city exports everything
to the region and the region imports it.  References: raw sqlite3 reading the same rows (export)
and a raw ``executemany`` of the same rows into an empty database of the same schema (import).
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

import sqlcipher3

from bench.measure import Figure, Outcome
from desk.db.database import open_database
from desk.office.service import actor_for, init_office

REGION = {"name": "玉林市妇女联合会", "code": "450900", "level": "city", "parent_name": "广西壮族自治区妇女联合会",
          "parent_code": "450000"}
SCALE = 3.0


def _cards(city, region) -> None:
    from desk.exchange.keys import own_card
    from desk.exchange.partners import register_card

    with city.sessions.begin() as session:
        card_city = own_card(session)
    with region.sessions.begin() as session:
        card_region = own_card(session)
        register_card(session, actor_for(session, "admin"), card_city, card_city.fingerprint)
    with city.sessions.begin() as session:
        register_card(session, actor_for(session, "admin"), card_region, card_region.fingerprint)


def _raw_copy(source: Path, empty: Path, tables: list[str]) -> tuple[float, float, int]:
    """Return (seconds to read every row, seconds to executemany them into ``empty`` and commit, rows).

    A table at a time (read, then written in the one open transaction), so the reference never holds
    more than one table's rows: the process's memory peak stays the program's.
    """
    reader = sqlcipher3.connect(str(source))
    writer = sqlcipher3.connect(str(empty))
    writer.isolation_level = None
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        writer.execute("PRAGMA " + pragma)
    read = write = 0.0
    total = 0
    writer.execute("BEGIN")
    for name in tables:
        columns = [row[1] for row in reader.execute(f'PRAGMA table_info("{name}")')]
        started = time.perf_counter()
        rows = reader.execute(f'SELECT * FROM "{name}"').fetchall()
        read += time.perf_counter() - started
        started = time.perf_counter()
        if rows:
            marks = ", ".join("?" for _ in columns)
            writer.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        write += time.perf_counter() - started
        total += len(rows)
        del rows
    started = time.perf_counter()
    writer.execute("COMMIT")
    write += time.perf_counter() - started
    reader.close()
    writer.close()
    return read, write, total


def _generate_apart(target: Path) -> int:
    """Generate the city office in a child process; return its number of main records."""
    import subprocess
    import sys

    from bench.generate import counts_for
    from bench.measure import ROOT

    subprocess.run([sys.executable, "-m", "bench", "generate", "--scale", f"{SCALE:g}", "--db", str(target),
                    "--path", "bulk"], cwd=ROOT, check=True, capture_output=True)
    return counts_for(SCALE).total()


def reset_peak() -> None:
    """Start this process's peak resident memory afresh (Linux: /proc/self/clear_refs), where possible."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def phase_peak_mb() -> float:
    """Return this process's peak resident memory since ``reset_peak`` (VmHWM), or the whole run's."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    from bench.measure import peak_mb

    return peak_mb()


def measure_exchange(folder: Path | None = None) -> Outcome:
    """Return the export and import figures for a scale-3 city office sending everything to its region."""
    from bench.generate import create_office_database
    from desk.exchange.apply import import_bundle
    from desk.exchange.export import Selection, export_bundle
    from desk.exchange.travel import program_tables

    folder = folder or Path(tempfile.mkdtemp(prefix="bench-exchange-"))
    # The city's data is generated in a process of its own: this process's peak is the exchange's.
    generated = _generate_apart(folder / "city.db")
    region_path = folder / "region.db"
    region = open_database(region_path)
    with region.sessions.begin() as session:
        init_office(session, REGION, "admin", "bench-password")
    empty_path = folder / "empty.db"
    create_office_database(empty_path).close()
    city = open_database(folder / "city.db", migrate=False)
    _cards(city, region)
    (folder / "usb").mkdir()
    reset_peak()
    started = time.perf_counter()
    with city.sessions.begin() as session:
        result = export_bundle(session, actor_for(session, "admin"), REGION["code"], folder / "usb", Selection())
    export_seconds = time.perf_counter() - started
    export_peak = phase_peak_mb()
    data = result.path.read_bytes()
    reset_peak()
    started = time.perf_counter()
    with region.sessions.begin() as session:
        import_bundle(session, actor_for(session, "admin"), data, result.path.name, False)
    import_seconds = time.perf_counter() - started
    import_peak = phase_peak_mb()
    city.close()
    region.close()
    names = [travel.name for travel in program_tables()]
    read, write, rows = _raw_copy(folder / "city.db", empty_path, names)
    records = sum(result.counts.values())
    outcome = Outcome([
        Figure(f"export a bundle of {records:,} records (signed, encrypted)", export_seconds,
               "raw sqlite3 reading the same tables", read, "", None,
               f"{len(data) / 2**20:,.1f} MB bundle; city office generated at scale {SCALE:g} "
               f"({generated:,} main records, lines included in the bundle); process peak during the export "
               f"{export_peak:,.0f} MB"),
        Figure(f"import that bundle at the higher level ({records:,} records)", import_seconds,
               f"raw executemany of the same {rows:,} rows + COMMIT", write, "≤ 5 × raw", import_seconds <= 5 * write,
               "verified, decrypted, weighed against existing records and written a table chunk at a time in one "
               f"transaction; process peak during the import {import_peak:,.0f} MB"),
    ])
    shutil.rmtree(folder, ignore_errors=True)
    return outcome
