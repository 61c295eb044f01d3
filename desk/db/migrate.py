"""Alembic migrations applied on start, after copying the database aside; newer databases are refused."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from desk.core.errors import DatabaseError
from desk.core.i18n import _
from desk.db.engine import db_path, vacuum_into
from desk.db.fulltext import repair as repair_search_indexes

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def alembic_config(engine: Engine, script_location: Path | None = None) -> Config:
    """Return an Alembic config bound to ``engine`` (no alembic.ini needed)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    config.attributes["engine"] = engine
    return config


def current_revisions(engine: Engine) -> set[str]:
    """Return the revisions recorded in the database (empty for a new database)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return set(MigrationContext.configure(connection).get_current_heads())


def pending(engine: Engine, script_location: Path | None = None) -> bool:
    """Return whether the database lacks revisions the program has; raise DatabaseError if it is newer."""
    from alembic.script import ScriptDirectory

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


_REVISION = re.compile(r"^revision\s*=\s*['\"]([^'\"]+)['\"]", re.MULTILINE)
_DOWN = re.compile(r"^down_revision\s*=\s*(.+)$", re.MULTILINE)


def script_heads(script_location: Path | None = None) -> set[str] | None:
    """Return the head revisions of the migration scripts, read from the files without Alembic.

    None when a script does not read as expected (then Alembic decides).
    """
    folder = (script_location or MIGRATIONS_DIR) / "versions"
    revisions, parents = set(), set()
    for path in folder.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        revision, down = _REVISION.search(source), _DOWN.search(source)
        if revision is None or down is None or "depends_on = None" not in source:
            return None
        revisions.add(revision.group(1))
        parents.update(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    return revisions - parents or None


def stored_revisions(engine: Engine) -> set[str]:
    """Return the revisions in the database's alembic_version table, read with plain SQL."""
    with engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            exists = connection.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'").first()
            if exists is None:
                return set()
        return {row[0] for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")}


def up_to_date(engine: Engine, script_location: Path | None = None) -> bool:
    """Return whether the stored revisions are exactly the scripts' heads (checked without Alembic)."""
    heads = script_heads(script_location)
    if heads is None:
        return False
    try:
        return stored_revisions(engine) == heads
    except Exception:  # noqa: BLE001 - anything unusual is for Alembic to judge and report
        return False


def backup_before_upgrade(engine: Engine) -> Path | None:
    """Copy a SQLite database aside with VACUUM INTO; return the copy's path (None if nothing to copy)."""
    path = db_path(engine)
    if path is None or not path.exists() or not current_revisions(engine):
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.before-upgrade-{stamp}{path.suffix}")
    vacuum_into(engine, target)
    log.info("Copied %s to %s before upgrading", path, target)
    return target


def upgrade(engine: Engine, script_location: Path | None = None) -> Path | None:
    """Bring the database to the program's schema; return the backup path if one was made.

    Raises DatabaseError if the database is newer than the program.
    """
    if up_to_date(engine, script_location):
        return None  # the usual start: Alembic (about 0.3 s to import) is not loaded at all
    if not pending(engine, script_location):
        return None
    from alembic import command

    backup = backup_before_upgrade(engine)
    command.upgrade(alembic_config(engine, script_location), "heads")
    with engine.begin() as connection:
        repair_search_indexes(connection)  # a batch migration drops a copied table's triggers
    return backup
