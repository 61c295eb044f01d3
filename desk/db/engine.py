"""The only place that creates engines and sets connection pragmas.

SQLite goes through the ``sqlcipher3`` driver, which bundles a recent SQLite (the system
library here has a WAL corruption bug fixed in 3.51.3) and can encrypt the file.  WAL with
``synchronous=FULL``: NORMAL lost confirmed saves in simulated power cuts.
"""

from __future__ import annotations

import logging
from pathlib import Path

import sqlcipher3
from sqlalchemy import URL, Connection, Engine, create_engine, event, make_url
from sqlalchemy.exc import OperationalError
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


MIN_POSTGRESQL = 130000  # server_version_num: PostgreSQL 13, the oldest still supported upstream
# Seconds to wait for the server to answer: a wrong address on the office network (no host there, or a
# firewall dropping the packets) is reported instead of leaving the program waiting for minutes.
CONNECT_TIMEOUT_S = 10


def is_url(target: str | Path) -> bool:
    """Return whether ``target`` is a database URL rather than a file path."""
    return "://" in str(target)


def is_server(target: str | Path) -> bool:
    """Return whether ``target`` names a database server (PostgreSQL) rather than a SQLite file."""
    return is_url(target) and not str(target).startswith("sqlite")


def server_url(target: str | Path) -> str:
    """Return a PostgreSQL URL with the psycopg 3 driver (``postgresql://`` alone means psycopg2)."""
    text = str(target)
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if text.startswith(prefix):
            return "postgresql+psycopg://" + text[len(prefix):]
    raise DatabaseError(_("不支持的数据库网址：{url}（请写成 postgresql://用户@服务器/数据库）").format(url=_hide_password(text)))


def _hide_password(url: str) -> str:
    """Return ``url`` with any password replaced by ***, for messages and the log."""
    head, sep, rest = url.partition("://")
    if "@" in rest and ":" in rest.split("@", 1)[0]:
        user = rest.split("@", 1)[0].split(":", 1)[0]
        return f"{head}{sep}{user}:***@{rest.split('@', 1)[1]}"
    return url


def _server_engine(target: str | Path) -> Engine:
    url = make_url(server_url(target))
    # A connect_timeout written in the URL wins; otherwise the program's own.
    timeout = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT_S}
    engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=5, connect_args=timeout)
    try:
        with engine.connect() as connection:
            version = int(connection.exec_driver_sql("SHOW server_version_num").scalar() or 0)
            ctype = str(connection.exec_driver_sql("SHOW lc_ctype").scalar() or "")
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseError(explain_server_error(exc, str(target))) from exc
    if version < MIN_POSTGRESQL:
        engine.dispose()
        raise DatabaseError(_("单位服务器上的 PostgreSQL 版本过旧（{version}），需要 13 或更新版本").format(
            version=f"{version // 10000}"))
    if ctype in ("C", "POSIX"):
        log.warning("The server database's character type is %s: pg_trgm sees no letters in Chinese text, so list "
                    "searches read whole tables (create the database with a UTF-8 locale, see README)", ctype)
    return engine


def explain_server_error(exc: Exception, url: str) -> str:
    """Return in Chinese why a PostgreSQL connection failed (unreachable, password, missing database)."""
    text = str(getattr(exc, "orig", exc)).lower()
    shown = _hide_password(url)
    log.warning("Cannot connect to %s: %s", shown, text.strip().splitlines()[0] if text.strip() else exc)
    if "password authentication failed" in text or "no password supplied" in text:
        return _("连接单位服务器失败：用户名或密码不对（{url}）").format(url=shown)
    if "does not exist" in text and "database" in text:
        return _("连接单位服务器失败：服务器上没有这个数据库，请管理员先建立（{url}）").format(url=shown)
    if "pg_hba.conf" in text:
        return _("连接单位服务器失败：服务器不允许这台电脑这样连接，请管理员在服务器的 pg_hba.conf 中加入这台电脑的地址"
                 "（要求加密连接的服务器，网址后面要加 ?sslmode=require）（{url}）").format(url=shown)
    if "ssl" in text and ("does not support" in text or "not supported" in text):
        return _("连接单位服务器失败：网址要求加密连接（sslmode），但服务器没有开启 SSL（{url}）").format(url=shown)
    if "role" in text and "does not exist" in text:
        return _("连接单位服务器失败：服务器上没有这个用户（{url}）").format(url=shown)
    if "invalid response" in text or "server closed the connection unexpectedly" in text:
        return _("连接单位服务器失败：这个地址和端口上不是 PostgreSQL 服务器，请核对端口（默认 5432）（{url}）").format(url=shown)
    if any(word in text for word in ("could not translate host", "name or service not known",
                                     "connection refused", "timeout", "timed out", "no route to host",
                                     "network is unreachable", "could not connect")):
        return _("连接不上单位服务器：请检查网络和服务器地址，以及服务器上的 PostgreSQL 是否已启动（{url}）").format(url=shown)
    return _("连接单位服务器失败：{reason}（{url}）").format(reason=text.strip().splitlines()[0] if text else "", url=shown)


def make_engine(target: str | Path, key: str | None = None) -> Engine:
    """Return an engine for a SQLite file path (optionally SQLCipher-encrypted with ``key``) or a URL.

    Raises DatabaseError if the bundled SQLite is too old or the file cannot be opened.
    """
    if is_server(target):
        return _server_engine(target)
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

    # The URL only names the file (``db_path`` reads it back); ``creator`` opens it, with the key
    # (held by the Database, desk/db/database.py) in its closure and nowhere on the engine.
    engine = create_engine(URL.create("sqlite", database=str(path)), module=sqlcipher3, creator=creator, poolclass=NullPool)
    # pysqlite-style drivers open transactions lazily; take control so BEGIN is explicit.
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


WRITE_LOCK = "desk_write_lock"  # execution option: take SQLite's write lock at BEGIN


def _on_begin(connection: Connection) -> None:
    # A save that checks a revision and then writes must hold the write lock from its first read:
    # with a plain (deferred) BEGIN, a second process that read the same snapshot fails to
    # upgrade ("database is locked") instead of waiting and then seeing the newer revision.
    immediate = connection.get_execution_options().get(WRITE_LOCK)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


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
    if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
        return None
    return Path(engine.url.database)


def vacuum_into(engine: Engine, target: Path) -> None:
    """Copy the SQLite database of ``engine`` into the new file ``target`` (encrypted as the source is).

    VACUUM cannot run inside the transaction SQLAlchemy opens, so it runs on the driver connection.
    """
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert driver is not None  # a live pooled connection always has its driver connection
        driver.execute("VACUUM INTO ?", (str(target),))
    finally:
        raw.close()


def make_sessions(engine: Engine) -> sessionmaker[Session]:
    """Return the session factory; callers open one transaction per user action with ``begin()``.

    Every change to a travelling record made through these sessions is written to the audit log.
    """
    install()
    return sessionmaker(engine, expire_on_commit=False)
