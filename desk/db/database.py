"""Opening an office database: engine, migrations (after a backup) and the session factory."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from desk.db.engine import db_path, make_engine, make_sessions
from desk.db.fulltext import is_index_table
from desk.db.migrate import upgrade

log = logging.getLogger(__name__)


_DATABASE = "desk_database"  # Session.info key: the Database a session belongs to


@dataclass
class Database:
    """An open database: the engine, the session factory, the file path for SQLite and its encryption key.

    The key (None for a plain file or a server) is kept here and nowhere else: the engine's
    connections get it through the function that opens them, and whatever else needs it (a
    backup's check, a new password's wrap of the key, the recovery sheet) asks the Database,
    from a session with ``database_of(session)``.
    """

    engine: Engine
    sessions: sessionmaker[Session]
    path: Path | None
    backup: Path | None = None
    key: str | None = field(default=None, repr=False)
    _keeper: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.sessions.configure(info={_DATABASE: self})

    def keep_open(self) -> None:
        """Hold one idle connection to a SQLite file until ``close``.

        Each transaction opens and closes its own connection (NullPool); when the last
        connection to a file closes, SQLite checkpoints the write-ahead log into the file and
        deletes it: two more fsyncs after every save's commit (22 of 86 ms at a million
        petitions).  With this connection open the log is checkpointed as it grows (every
        1,000 pages) and when the database closes.  It holds no transaction, so it neither
        blocks writers nor pins a snapshot; every commit is still synced (synchronous=FULL).
        """
        if self._keeper is None and self.engine.dialect.name == "sqlite" and self.path is not None:
            self._keeper = self.engine.raw_connection()

    @property
    def target(self) -> str:
        """Return what ``--db`` takes to open this database again: the file path or the server URL."""
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=False)

    def close(self) -> None:
        keeper, self._keeper = self._keeper, None
        if keeper is not None:
            keeper.close()  # the last connection: the log is checkpointed into the file
        self.engine.dispose()


def open_database(target: str | Path, key: str | None = None, migrate: bool = True) -> Database:
    """Open (creating if needed) and upgrade the database at ``target``; return it.

    Raises DatabaseError if the database cannot be opened or is newer than the program.
    """
    engine = make_engine(target, key=key)
    backup = upgrade(engine) if migrate else None
    if backup:
        log.info("Database upgraded; the previous version is kept at %s", backup)
    if migrate:
        refresh_statistics(engine)
    database = Database(engine, make_sessions(engine), db_path(engine), backup, key)
    database.keep_open()
    return database


def database_of(session: Session) -> Database | None:
    """Return the Database whose session factory made ``session`` (None for a session made otherwise)."""
    found = session.info.get(_DATABASE)
    return found if isinstance(found, Database) else None


def forget_search_index_statistics(driver: Any) -> None:
    """Remove the statistics of the FTS5 search indexes' shadow tables and have the connection read the rest again."""
    stats = [name for (name,) in driver.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('sqlite_stat1', 'sqlite_stat4')")]
    shadows = [name for (name,) in driver.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
               if is_index_table(name) and not name.endswith("_fts")]
    if not stats or not shadows:
        return
    marks = ", ".join("?" * len(shadows))
    held = [stat for stat in stats
            if driver.execute(f"SELECT count(*) FROM {stat} WHERE tbl IN ({marks})", shadows).fetchone()[0]]
    if not held:
        return  # nothing to forget: opening writes nothing
    for stat in held:
        driver.execute(f"DELETE FROM {stat} WHERE tbl IN ({marks})", shadows)
    driver.execute("ANALYZE sqlite_schema")  # reload what is left


def refresh_statistics(engine: Engine) -> None:
    """Let SQLite re-gather table statistics where they are stale (bounded work).

    Without statistics the planner picks the index on ``deleted`` (the same value in every
    row) and reads whole tables: at a million petitions a save took 208 ms instead of 7 ms.
    The search indexes' own tables (desk/db/fulltext.py) keep none: gathered while they were small, they
    made every row an import wrote into a search index cost in proportion to the rows written before it
    (100,000 ledger rows: 60 s of the log's index instead of 7 s).
    """
    if engine.dialect.name != "sqlite":
        return
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None  # a live pooled connection always has its driver connection
        driver.execute("PRAGMA analysis_limit=400")
        driver.execute("PRAGMA optimize=0x10002")
        forget_search_index_statistics(driver)
    except Exception:  # statistics are an optimisation: never stop the program for them
        log.exception("Could not refresh query statistics")
    finally:
        raw.close()
