"""Backups of a database on the office's PostgreSQL server, with PostgreSQL's own pg_dump and pg_restore.

A server database has no file to copy: ``pg_dump --format=custom`` writes one file per backup
into ``<data folder>/server-backups/<server>-<database>/`` on the PC that asks for it (or the
folder given), checked with ``pg_restore --list`` before it counts. A restore checks the file
the same way, dumps the current state aside first, then replaces the database's contents in
one transaction.
"""

from __future__ import annotations

import datetime as dt
import glob
import logging
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.engine import URL

from desk.backup.service import BackupError
from desk.core.i18n import _
from desk.core.paths import data_dir

if TYPE_CHECKING:
    from desk.db.database import Database
    from desk.db.records import Actor

log = logging.getLogger(__name__)

SUFFIX = ".dump"


def tool(name: str) -> str:
    """Return the path of a PostgreSQL client program; raise BackupError naming how to install it."""
    found = shutil.which(name)
    if found:
        return found
    patterns = [f"/usr/lib/postgresql/*/bin/{name}"]
    if sys.platform.startswith("win"):
        patterns.append(os.path.join(os.environ.get("ProgramFiles", r"C:\Program Files"), "PostgreSQL", "*", "bin",
                                     f"{name}.exe"))
    candidates = sorted((p for pattern in patterns for p in glob.glob(pattern)), key=_version_of)
    if candidates:
        return candidates[-1]
    raise BackupError(_("找不到 PostgreSQL 的 {tool} 程序，无法备份或恢复服务器数据库。"
                        "请在这台电脑上安装 PostgreSQL 客户端（Debian/统信/麒麟：apt install postgresql-client）").format(
        tool=name))


def _version_of(path: str) -> int:
    for part in Path(path).parts:
        if part.isdigit():
            return int(part)
    return 0


# Connection parameters of a URL's query and the environment variables libpq's programs read them from.
LIBPQ_ENVIRONMENT = {"sslmode": "PGSSLMODE", "sslrootcert": "PGSSLROOTCERT", "sslcert": "PGSSLCERT", "sslkey": "PGSSLKEY",
                     "sslcrl": "PGSSLCRL", "connect_timeout": "PGCONNECT_TIMEOUT", "target_session_attrs": "PGTARGETSESSIONATTRS",
                     "gssencmode": "PGGSSENCMODE", "passfile": "PGPASSFILE", "options": "PGOPTIONS",
                     "application_name": "PGAPPNAME"}


def _connection(url: URL) -> tuple[list[str], dict[str, str]]:
    """Return the connection arguments and environment (password) for the client programs."""
    arguments = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432)]
    if url.username:
        arguments += ["--username", url.username]
    environment = dict(os.environ)
    if url.password:
        environment["PGPASSWORD"] = str(url.password)
    # What the URL asks of the connection (?sslmode=require …) holds for pg_dump and pg_restore too.
    for key, value in url.query.items():
        if key in LIBPQ_ENVIRONMENT:
            environment[LIBPQ_ENVIRONMENT[key]] = value if isinstance(value, str) else value[-1]
    return arguments, environment


def server_folder(engine: Engine) -> Path:
    """Return the default folder for backups of this server database (created if missing)."""
    url = engine.url
    folder = data_dir() / "server-backups" / f"{url.host or 'localhost'}-{url.port or 5432}-{url.database}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _run(command: list[str], environment: dict[str, str], what: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if result.returncode != 0:
        reason = (result.stderr or result.stdout).strip().splitlines()
        log.warning("%s failed: %s", what, result.stderr.strip())
        raise BackupError(_("{what}失败：{reason}").format(what=what, reason=reason[-1] if reason else result.returncode))
    return result


def check_dump(path: Path) -> int:
    """Return how many entries the backup file lists; raise BackupError if pg_restore cannot read it."""
    if not path.is_file():
        raise BackupError(_("备份文件不存在：{path}").format(path=path))
    result = _run([tool("pg_restore"), "--list", str(path)], dict(os.environ), _("检查备份文件"))
    entries = [line for line in result.stdout.splitlines() if line and not line.startswith(";")]
    if not entries:
        raise BackupError(_("备份文件是空的：{path}").format(path=path))
    return len(entries)


def _unused(folder: Path, stem: str) -> Path:
    """Return ``folder/stem.SUFFIX``, or ``stem-2``, ``stem-3`` … if taken: a dump never replaces another.

    The state kept aside before a restore is dumped in the same second as the backup it restores
    when the clerk is quick; with the same name it replaced that backup, and the restore then put
    back the state it was meant to undo.
    """
    final, number = folder / f"{stem}{SUFFIX}", 1
    while final.exists():
        number += 1
        final = folder / f"{stem}-{number}{SUFFIX}"
    return final


def dump(engine: Engine, folder: Path | None = None, now: dt.datetime | None = None) -> Path:
    """Write a checked pg_dump of the server database into ``folder``; return the file. Raise BackupError."""
    folder = folder or server_folder(engine)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    final = _unused(folder, f"{engine.url.database}-{stamp}")
    partial = final.with_suffix(".partial")
    arguments, environment = _connection(engine.url)
    try:
        _run([tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(partial), *arguments,
              str(engine.url.database)], environment, _("备份服务器数据库"))
        check_dump(partial)
        with open(partial, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, final)
    finally:
        partial.unlink(missing_ok=True)
    log.info("Server database %s dumped to %s", engine.url.database, final)
    return final


def list_dumps(folder: Path) -> list[Path]:
    """Return the backup files in ``folder``, newest first."""
    return sorted(folder.glob(f"*{SUFFIX}"), key=lambda path: path.stat().st_mtime, reverse=True)


def restore(engine: Engine, backup: Path, folder: Path | None = None) -> Path:
    """Replace the server database's contents with ``backup``; return the dump of the state before.

    The backup is checked first and the current state dumped aside, so nothing is lost if the
    backup was the wrong one. Raises BackupError.
    """
    check_dump(backup)
    kept = dump(engine, folder, now=dt.datetime.now())
    engine.dispose()  # our own pooled connections must not hold locks on the tables
    arguments, environment = _connection(engine.url)
    _run([tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *arguments,
          "--dbname", str(engine.url.database), str(backup)], environment, _("恢复服务器数据库"))
    log.info("Server database %s restored from %s; the state before is kept in %s", engine.url.database, backup, kept)
    return kept


def restore_as(database: Database, actor: Actor, backup: Path) -> Path:
    """Restore ``backup`` over the server ``database`` as ``actor`` (the backup permission), audited; return the dump
    of the state before (the ``restore`` command and the backup tab). Raise PermissionDenied or BackupError."""
    from desk.core import roles
    from desk.security import audit

    roles.require(actor, roles.BACKUP)
    kept = restore(database.engine, Path(backup))
    with database.sessions.begin() as session:
        audit.record_event(session, actor, audit.RESTORE_BACKUP, Path(backup).name, {"kept": str(kept)})
    return kept
