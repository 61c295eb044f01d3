"""Alembic migrations applied on start, after copying the database aside; newer databases are refused."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

from desk.core.errors import DatabaseError
from desk.core.i18n import _
from desk.db.engine import db_path

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine, script_location: Path | None = None) -> Config:
    """Return an Alembic config bound to ``engine`` (no alembic.ini needed)."""
    config = Config()
    config.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def current_revisions(engine: Engine) -> set[str]:
    """Return the revisions recorded in the database (empty for a new database)."""
    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def pending(engine: Engine, script_location: Path | None = None) -> bool:
    """Return whether the database lacks revisions the program has; raise DatabaseError if it is newer."""
    script = ScriptDirectory.from_config(alembic_config(engine, script_location))
    known = {rev.revision for rev in script.walk_revisions()}
    current = current_revisions(engine)
    unknown = current - known
    if unknown:
        raise DatabaseError(
            _("这个数据库由更新版本的妇联工作台创建（版本 {revision}），请先升级本程序再打开。").format(
                revision=", ".join(sorted(unknown))
            )
        )
    return current != set(script.get_heads())


def backup_before_upgrade(engine: Engine) -> Path | None:
    """Copy a SQLite database aside with VACUUM INTO; return the copy's path (None if nothing to copy)."""
    path = db_path(engine)
    if path is None or not path.exists() or not current_revisions(engine):
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-upgrade-{stamp}{path.suffix}")
    # VACUUM cannot run inside the transaction SQLAlchemy opens, so use the driver connection.
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None  # a live pooled connection always has its driver connection
        driver.execute("VACUUM INTO ?", (str(target),))
    finally:
        raw.close()
    log.info("Copied %s to %s before upgrading", path, target)
    return target


def upgrade(engine: Engine, script_location: Path | None = None) -> Path | None:
    """Bring the database to the program's schema; return the backup path if one was made.

    Raises DatabaseError if the database is newer than the program.
    """
    if not pending(engine, script_location):
        return None
    backup = backup_before_upgrade(engine)
    command.upgrade(alembic_config(engine, script_location), "heads")
    return backup
