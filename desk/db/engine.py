"""The only place that creates engines and sets connection pragmas.

SQLite goes through the ``sqlcipher3`` driver, which bundles a recent SQLite (the system
library here has a WAL corruption bug fixed in 3.51.3) and can encrypt the file.  WAL with
``synchronous=FULL``: NORMAL lost confirmed saves in simulated power cuts.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlcipher3
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from desk.core.errors import DatabaseError
from desk.core.i18n import _
from desk.db.audit_trail import install

log = logging.getLogger(__name__)

MIN_SQLITE = (3, 51, 3)


def sqlite_version() -> tuple[int, ...]:
    """Return the version of the SQLite library inside the sqlcipher3 driver."""
    connection = sqlcipher3.connect(":memory:")
    try:
        text = connection.execute("select sqlite_version()").fetchone()[0]
    finally:
        connection.close()
    return tuple(int(part) for part in text.split("."))


def _check_sqlite() -> None:
    version = sqlite_version()
    if version < MIN_SQLITE:
        raise DatabaseError(
            _("数据库组件版本过旧（SQLite {version}），需要 3.51.3 或更新版本").format(
                version=".".join(map(str, version))
            )
        )


def is_url(target: str | Path) -> bool:
    """Return whether ``target`` is a database URL rather than a file path."""
    return "://" in str(target)


def make_engine(target: str | Path, key: str | None = None) -> Engine:
    """Return an engine for a SQLite file path (optionally SQLCipher-encrypted with ``key``) or a URL.

    Raises DatabaseError if the bundled SQLite is too old or the file cannot be opened.
    """
    if is_url(target) and not str(target).startswith("sqlite"):
        return create_engine(str(target), pool_pre_ping=True)
    _check_sqlite()
    path = Path(str(target).removeprefix("sqlite:///")) if is_url(target) else Path(target)
    if path.parent and not path.parent.exists():
        raise DatabaseError(_("数据库所在文件夹不存在：{folder}").format(folder=path.parent))

    def creator() -> sqlcipher3.Connection:
        connection = sqlcipher3.connect(str(path), timeout=30, check_same_thread=False)
        if key:
            connection.execute("PRAGMA key = " + _quote(key))
            connection.execute("PRAGMA temp_store = MEMORY")  # no plaintext temporary files
        return connection

    engine = create_engine("sqlite://", module=sqlcipher3, creator=creator, poolclass=NullPool)
    # pysqlite-style drivers open transactions lazily; take control so BEGIN is explicit.
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
    engine.info = {"path": path, "key": key}  # type: ignore[attr-defined]
    return engine


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _on_connect(dbapi_connection: sqlcipher3.Connection, _record: object) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
    except sqlcipher3.DatabaseError as exc:
        log.warning("Cannot open database: %s", exc)
        raise DatabaseError(_("无法打开数据库：文件已损坏、不是本程序的数据库，或密码不对")) from exc
    finally:
        cursor.close()


def db_path(engine: Engine) -> Path | None:
    """Return the file path of a SQLite engine, or None for a server database."""
    return getattr(engine, "info", {}).get("path") if engine.dialect.name == "sqlite" else None


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """Return the session factory; callers open one transaction per user action with ``begin()``.

    Every change to a travelling record made through these sessions is written to the audit log.
    """
    install()
    return sessionmaker(engine, expire_on_commit=False)
