"""``python -m bench``: generate data, or run the benchmark (``--quick`` for a short run) and write results.md.

    python -m bench generate --scale 100 --db region.db [--path bulk|service]
    python -m bench --quick          # scale 1, 3 runs each: about two minutes
    python -m bench                  # scale 100 (a million people and petitions), as `make bench`
    python -m bench postgres         # list, search and save on PostgreSQL beside SQLite (make bench-postgres)
    python -m bench background       # the award form with 300,000 events, the GUI stall during an import
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.measure import Figure, Outcome, print_outcome, run_child

DATA = Path(__file__).resolve().parent / "data"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description="Federation Desk benchmarks")
    parser.add_argument("--quick", action="store_true", help="a short run: scale 1, 3 runs per figure")
    parser.add_argument("--scale", type=float, help="scale of the measured database (default 100, quick 1)")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5, quick 3)")
    parser.add_argument("--db", type=Path, help="the database to measure (default bench/data/bench-<scale>.db)")
    parser.add_argument("--regenerate", action="store_true", help="generate the database even if it exists")
    commands = parser.add_subparsers(dest="command")
    generate = commands.add_parser("generate", help="fill a new database with realistic data")
    generate.add_argument("--scale", type=float, required=True, help="1 ≈ a city office's year, 100 ≈ a region")
    generate.add_argument("--db", type=Path, required=True)
    generate.add_argument("--path", choices=("bulk", "service"), default=None,
                          help="through the services or in bulk (default: services up to scale 0.5)")
    background = commands.add_parser("background", help="the award form with 300,000 events and the GUI thread's "
                                     "longest stall during an import; writes its own section of results.md")
    background.add_argument("--runs", type=int, default=3)
    background.add_argument("--scale", type=float, default=3.0, help="scale of the imported bundle (3: 171,347 records)")
    postgres = commands.add_parser("postgres", help="list, search and save on PostgreSQL beside SQLite at scale 100")
    postgres.add_argument("--db", type=Path, help="the SQLite database copied to the server (default "
                          "bench/data/bench-<scale>.db, generated when missing)")
    postgres.add_argument("--scale", type=float, default=100.0)
    postgres.add_argument("--runs", type=int, default=5)
    postgres.add_argument("--url", help="an empty server database to use instead of a throwaway server")
    figure = commands.add_parser("figure", help="(internal) measure one figure in this process")
    figure.add_argument("name", choices=("generate", "lists", "save", "launch-child", "summary", "certificates",
                                             "exchange", "sheets", "background"))
    figure.add_argument("which", nargs="?", default="")
    figure.add_argument("--db", type=Path, required=True)
    figure.add_argument("--runs", type=int, default=3)
    figure.add_argument("--scale", type=float, default=1.0)
    figure.add_argument("--path", default="bulk")
    figure.add_argument("--label", default="")
    return parser


def _describe(result) -> str:
    counts = ", ".join(f"{key.replace('_', ' ')} {value:,}" for key, value in vars(result.counts).items())
    return (f"scale {result.scale:g} through the {'services' if result.path == 'service' else 'bulk path'}: {counts}; "
            f"{result.seconds:,.1f} s, {result.rows_per_second:,.0f} records/s")


def _figure(args: argparse.Namespace) -> int:
    if args.name == "launch-child":
        from bench.launch import bare_window, login_window, program_window

        if args.which == "bare":
            bare_window()
        elif args.which == "login":
            login_window(str(args.db))
        else:
            program_window(str(args.db))
        return 0
    if args.name == "generate":
        from bench.generate import generate

        result = generate(args.db, args.scale, args.path)
        figure = Figure("generate", result.seconds, "", 0.0, note=_describe(result))
        print_outcome(Outcome([figure]))
        return 0
    if args.name == "lists":
        from bench.lists import measure_lists

        print_outcome(measure_lists(args.db, args.runs, args.label))
        return 0
    if args.name == "summary":
        from bench.printing import measure_summary

        print_outcome(measure_summary(args.db, args.runs))
        return 0
    if args.name == "exchange":
        from bench.exchange import measure_exchange

        print_outcome(measure_exchange())
        return 0
    if args.name == "background":
        from bench.background import measure_background

        print_outcome(measure_background(args.runs, args.scale))
        return 0
    if args.name == "sheets":
        from bench.sheets import ROWS, measure_sheet_import

        print_outcome(measure_sheet_import(ROWS if args.scale >= 100 else max(2000, int(ROWS * args.scale / 100))))
        return 0
    if args.name == "certificates":
        from bench.printing import measure_certificates

        print_outcome(measure_certificates(args.db, (500, 5000)))
        return 0
    from bench.save import measure_save

    print_outcome(measure_save(args.db, args.runs, args.label))
    return 0


def _prepare(db: Path) -> None:
    """Bring the database to the program's schema as the program does when it opens one (search and
    period indexes included), and make the list it opens first show the data's half year."""
    from desk.db.database import open_database
    from desk.office.settings import CURRENT_PERIOD, set_setting

    database = open_database(db, migrate=True)
    if database.backup is not None:
        database.backup.unlink()  # the copy made before upgrading: the generated data can be made again
    with database.sessions.begin() as session:
        set_setting(session, CURRENT_PERIOD, "2020H2")
    database.close()


def _statistics(db: Path, present: bool) -> float:
    """Run ANALYZE (``present``) or remove its statistics again; return the seconds it took."""
    import sqlcipher3

    started = time.perf_counter()
    connection = sqlcipher3.connect(str(db))
    connection.isolation_level = None
    if present:
        connection.execute("ANALYZE")
    else:
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE name LIKE 'sqlite_stat%'").fetchall():
            connection.execute(f"DROP TABLE {name}")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    return time.perf_counter() - started


def run(args: argparse.Namespace) -> int:
    """Run every figure, print the table and write bench/results.md."""
    from bench import report
    from bench.generate import generated_as, generation_stats, signature
    from bench.launch import measure_launch

    started = time.perf_counter()
    scale = args.scale or (1.0 if args.quick else 100.0)
    runs = args.runs or (3 if args.quick else 5)
    DATA.mkdir(exist_ok=True)
    db = args.db or DATA / f"bench-{scale:g}.db"
    header = [f"Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC, "
              f"`python -m bench{' --quick' if args.quick else ''}`: scale {scale:g}, {runs} runs per figure.",
              report.machine()]
    scratch = Path(tempfile.mkdtemp(prefix="bench-"))
    data_lines, memory, notes, figures = [], [], [], []
    try:
        service_scale = "0.05" if args.quick else "0.1"
        service = run_child(["generate", "--db", str(scratch / "service.db"), "--scale", service_scale, "--path",
                             "service"], scratch)
        data_lines.append("Correctness path: " + service.figures[0].note + ".")
        memory.append(f"generator through the services: {service.peak_mb:,.0f} MB")
        if args.regenerate or generated_as(db) != signature(scale, "bulk"):
            print(f"generating scale {scale:g} into {db} ...", flush=True)
            bulk = run_child(["generate", "--db", str(db), "--scale", f"{scale:g}", "--path", "bulk"], scratch, 3600)
            data_lines.append("Measured database: " + bulk.figures[0].note + ".")
            memory.append(f"generator in bulk (scale {scale:g}): {bulk.peak_mb:,.0f} MB")
        else:
            stats = generation_stats(db)
            data_lines.append(
                f"Measured database: {db.name}, generated earlier at scale {scale:g} through the bulk path "
                f"({stats.get('records', 0):,.0f} records in {stats.get('seconds', 0):,.0f} s) and reused "
                "(`--regenerate` makes it again).")
            memory.append(f"generator in bulk (scale {scale:g}, earlier): {stats.get('peak_mb', 0):,.0f} MB")
        data_lines.append(f"Database file: {db.stat().st_size / 2**20:,.0f} MB. Bulk path: SQLAlchemy Core insert() "
                          "executemany of the services' column values in 20,000-row chunks (synchronous=OFF while "
                          "generating only); tests/desk/test_bench_generator.py checks it writes what the services "
                          "write.")
        _prepare(db)
        _statistics(db, False)
        print("launch ...", flush=True)
        outcome = measure_launch(db, runs, scratch)
        figures += outcome.figures
        memory.append(f"program launch on this database: {outcome.peak_mb:,.0f} MB")
        for name, label in (("lists", "lists at full size"), ("save", "saving"), ("summary", "the summary PDF"),
                            ("certificates", "certificates")):
            print(f"{name} ...", flush=True)
            outcome = run_child([name, "--db", str(db), "--runs", str(runs)], scratch)
            figures += outcome.figures
            notes += outcome.notes
            memory.append(f"{label}: {outcome.peak_mb:,.0f} MB")
        print("sheets ...", flush=True)
        outcome = run_child(["sheets", "--db", str(db), "--scale", f"{scale:g}"], scratch, 1800)
        figures += outcome.figures
        memory.append(f"Excel import: {outcome.peak_mb:,.0f} MB")
        if importlib.util.find_spec("desk.exchange") is not None:
            print("exchange ...", flush=True)
            outcome = run_child(["exchange", "--db", str(db)], scratch)
            figures += outcome.figures
            memory.append(f"exchange export and import: {outcome.peak_mb:,.0f} MB")
        print("background work ...", flush=True)
        outcome = run_child(["background", "--db", str(db), "--runs", str(runs), "--scale", "3"], scratch, 3600)
        figures += outcome.figures
        memory.append(f"award form and background import: {outcome.peak_mb:,.0f} MB")
        print("the same with ANALYZE statistics ...", flush=True)
        seconds = _statistics(db, True)
        notes.append(f"ANALYZE of the whole measured database took {seconds:,.1f} s (the statistics were removed "
                     "again after measuring, so the rows without the suffix show a database without them).")
        try:
            suffix = " — with statistics (as the program now opens databases)"
            figures += measure_launch(db, runs, scratch, suffix).figures
            for name in ("save",) if args.quick else ("lists", "save"):
                figures += run_child([name, "--db", str(db), "--runs", str(runs), "--label", suffix], scratch).figures
        finally:
            _statistics(db, False)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    memory.append("largest process: " + max(memory, key=lambda line: float(line.rsplit(": ", 1)[1][:-3].replace(",", ""))))
    header.append(f"Whole run: {time.perf_counter() - started:,.0f} s.")
    text = report.write(header, data_lines, figures, memory, notes)
    print(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "figure":
        return _figure(args)
    if args.command == "background":
        from bench.background import run as run_background

        print(run_background(args.runs, args.scale))
        return 0
    if args.command == "postgres":
        from bench.postgres import run as run_postgres

        print(run_postgres(args.db, args.url, args.runs, args.scale))
        return 0
    if args.command == "generate":
        from bench.generate import generate

        result = generate(args.db, args.scale, args.path or ("service" if args.scale <= 0.5 else "bulk"))
        print(_describe(result))
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
