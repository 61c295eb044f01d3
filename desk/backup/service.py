"""Making, thinning, checking and restoring backups; a backup of an encrypted database stays encrypted.

A backup is ``VACUUM INTO`` a temporary file in the backup folder, fsynced, checked with
``PRAGMA quick_check``, then renamed to ``<name>-YYYYmmdd-HHMMSS.db``: a failure (a full disk)
leaves no partial file and keeps every earlier backup.  Backups are thinned like Anki's: the
newest of each of the last 12 days, 10 weeks and 9 months are kept.
"""

from __future__ import annotations

import datetime as dt
import errno
import logging
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3
from sqlalchemy import Engine, func, select

from desk.core.errors import DatabaseError, DeskError
from desk.core.i18n import _
from desk.db.engine import db_path, vacuum_into

if TYPE_CHECKING:
    from desk.db.database import Database

log = logging.getLogger(__name__)

KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 12, 10, 9
AUTO_EVERY = dt.timedelta(minutes=30)
_NAME = re.compile(r"-(\d{8}-\d{6})(?:-[a-z-]+)?\.db$")


@dataclass(frozen=True)
class BackupFile:
    """One backup file: its path, when it was made (local time) and its size in bytes."""

    path: Path
    made_at: dt.datetime
    size: int


class BackupError(DeskError):
    """A backup or restore that did not happen; nothing was changed."""


def default_folder(database_path: Path) -> Path:
    """Return the automatic backup folder of the database at ``database_path``."""
    return database_path.with_name(database_path.stem + "-backups")


def _connect(path: Path, key: str | None) -> sqlcipher3.Connection:
    connection = sqlcipher3.connect(str(path))
    if key:
        connection.execute('PRAGMA key = "' + key.replace('"', '""') + '"')
    return connection


def check_file(path: Path, key: str | None = None, full: bool = False) -> str:
    """Return "ok" if the database file at ``path`` is sound, else the check's first complaint."""
    try:
        connection = _connect(path, key)
        try:
            pragma = "integrity_check" if full else "quick_check"
            result = connection.execute(f"PRAGMA {pragma}").fetchone()[0]
            if result == "ok":
                connection.execute("SELECT count(*) FROM alembic_version").fetchone()
            return str(result)
        finally:
            connection.close()
    except sqlcipher3.DatabaseError as exc:
        return str(exc)


def check_database(engine: Engine, full: bool = False) -> str:
    """Return "ok" if the open database passes ``PRAGMA quick_check`` (``integrity_check`` when ``full``)."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        with engine.connect() as connection:
            return str(connection.exec_driver_sql(f"PRAGMA {pragma}").scalar())
    except Exception as exc:  # noqa: BLE001 - a damaged file raises on the first read
        return str(getattr(exc, "orig", exc))


def _fsync(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())
    try:
        folder = os.open(path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(folder)
    except OSError:
        pass
    finally:
        os.close(folder)


def _space_message(exc: OSError, folder: Path) -> str:
    if exc.errno == errno.ENOSPC or "full" in str(exc).lower():
        return _("磁盘已满或无法写入，备份未完成（{folder}）；之前的备份都还在").format(folder=folder)
    return _("无法写入备份文件夹 {folder}：{reason}").format(folder=folder, reason=exc.strerror or exc)


def make_backup(database: Database, folder: Path | None = None, reason: str = "", now: dt.datetime | None = None) -> Path:
    """Copy the open database into ``folder`` (default: beside it); return the new file. Raise BackupError.

    The copy keeps the database's encryption; it is checked with the key the Database holds.
    """
    engine = database.engine
    source = database.path
    if source is None:
        raise BackupError(_("只有数据库文件才能在这里备份"))
    folder = Path(folder) if folder else default_folder(source)
    stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = f"-{reason}" if reason else ""
    target = folder / f"{source.stem}-{stamp}{suffix}.db"
    temp = folder / f".{target.name}.part"
    key = database.key
    try:
        folder.mkdir(parents=True, exist_ok=True)
        temp.unlink(missing_ok=True)
        vacuum_into(engine, temp)
        _fsync(temp)
    except (OSError, sqlcipher3.DatabaseError) as exc:
        temp.unlink(missing_ok=True)
        log.warning("Backup into %s failed: %s", folder, exc)
        if isinstance(exc, OSError):
            raise BackupError(_space_message(exc, folder)) from exc
        if "full" in str(exc).lower() or "i/o" in str(exc).lower():
            raise BackupError(_("磁盘已满或无法写入，备份未完成（{folder}）；之前的备份都还在").format(folder=folder)) from exc
        raise BackupError(_("备份失败：{reason}").format(reason=exc)) from exc
    result = check_file(temp, key)
    if result != "ok":
        temp.unlink(missing_ok=True)
        raise BackupError(_("备份文件检查未通过：{reason}").format(reason=result))
    os.replace(temp, target)
    _fsync(target)
    log.info("Backed up %s to %s", source, target)
    return target


def list_backups(folder: Path) -> list[BackupFile]:
    """Return the backups in ``folder``, newest first."""
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.db"):
        match = _NAME.search(path.name)
        if match:
            made = dt.datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
            found.append(BackupFile(path, made, path.stat().st_size))
    return sorted(found, key=lambda item: (item.made_at, item.path.name), reverse=True)


def backups_to_keep(backups: list[BackupFile], daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY,
                    monthly: int = KEEP_MONTHLY) -> set[Path]:
    """Return the backups thinning keeps: the newest of each of the latest days, then weeks, then months."""
    keep: set[Path] = set()
    newest = sorted(backups, key=lambda item: item.made_at, reverse=True)
    if newest:
        keep.add(newest[0].path)
    for count, bucket in ((daily, lambda d: d.date()), (weekly, lambda d: d.isocalendar()[:2]),
                          (monthly, lambda d: (d.year, d.month))):
        seen: list[object] = []
        for item in newest:
            if item.path in keep and bucket(item.made_at) in seen:
                continue
            key = bucket(item.made_at)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(item.path)
    return keep


def thin(folder: Path, daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY, monthly: int = KEEP_MONTHLY) -> list[Path]:
    """Delete the backups in ``folder`` that thinning does not keep; return the deleted paths."""
    backups = list_backups(folder)
    keep = backups_to_keep(backups, daily, weekly, monthly)
    removed = []
    for item in backups:
        if item.path not in keep:
            item.path.unlink(missing_ok=True)
            removed.append(item.path)
    return removed


def last_change(engine: Engine) -> dt.datetime | None:
    """Return the UTC time of the latest logged change (the audit log's newest entry), or None."""
    from desk.security.model import AuditEntry

    with engine.connect() as connection:
        value = connection.execute(select(func.max(AuditEntry.at))).scalar()
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value is not None and value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value


def backup_due(engine: Engine, folder: Path | None = None, now: dt.datetime | None = None) -> bool:
    """Return whether an automatic backup is due: none yet, or 30 minutes old and something changed since."""
    source = db_path(engine)
    if source is None:
        return False
    backups = list_backups(Path(folder) if folder else default_folder(source))
    if not backups:
        return True
    now = now or dt.datetime.now()
    newest = backups[0].made_at
    if now - newest < AUTO_EVERY:
        return False
    changed = last_change(engine)
    return changed is not None and changed > newest.astimezone(dt.timezone.utc)


def auto_backup(database: Database, folder: Path | None = None, now: dt.datetime | None = None) -> Path | None:
    """Make an automatic backup if one is due and thin the folder; return the new file or None."""
    if not backup_due(database.engine, folder, now):
        return None
    path = make_backup(database, folder, now=now)
    thin(path.parent)
    return path


def restore_backup(database_path: Path, backup: Path, key: str | None = None) -> Path:
    """Put ``backup`` in place of the (closed) database; return where the current database was kept.

    The backup is checked first; the current database is kept aside as ``…-before-restore.db``
    in the backup folder.  Raise BackupError and change nothing if the backup is unusable.
    """
    database_path, backup = Path(database_path), Path(backup)
    if not backup.is_file():
        raise BackupError(_("备份文件不存在：{path}").format(path=backup))
    result = check_file(backup, key)
    if result != "ok":
        raise BackupError(_("这个备份文件已损坏或不属于本数据库，未恢复：{reason}").format(reason=result))
    folder = default_folder(database_path)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = folder / f"{database_path.stem}-{stamp}-before-restore.db"
    temp = database_path.with_name(database_path.name + ".restoring")
    try:
        if database_path.exists():
            current = _connect(database_path, key)
            try:
                current.execute("VACUUM INTO ?", (str(kept),))
            except sqlcipher3.DatabaseError:
                current.close()
                shutil.copyfile(database_path, kept)  # a damaged database is kept as it is
            else:
                current.close()
        shutil.copyfile(backup, temp)
        _fsync(temp)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise BackupError(_space_message(exc, database_path.parent)) from exc
    for suffix in ("-wal", "-shm"):
        Path(str(database_path) + suffix).unlink(missing_ok=True)
    os.replace(temp, database_path)
    _fsync(database_path)
    log.info("Restored %s from %s; the previous database is kept at %s", database_path, backup, kept)
    return kept


def restore_from(database: Database, actor: object, backup: Path) -> Path:
    """Restore ``backup`` over the open ``database`` (closed here) as ``actor``; return where the old one was kept.

    The one path of the ``restore`` command and the backup tab: the backup permission, the
    backup checked with the database's key (a plain or foreign backup is refused), the current
    database kept aside, the restore logged in the audit log.  Raise PermissionDenied or BackupError.
    A database on the office server is restored by desk.backup.server.restore_as instead.
    """
    from desk.core import roles
    from desk.db.database import open_database
    from desk.security import audit

    roles.require(actor, roles.BACKUP)
    path = database.path
    if path is None:
        raise BackupError(_("只有数据库文件才能在这里恢复"))
    key = database.key
    backup = Path(backup)
    if backup.resolve() == path.resolve():
        raise BackupError(_("不能用数据库文件自己来恢复"))
    result = check_file(backup, key) if backup.is_file() else "missing"
    if result != "ok":  # checked before the database is closed: a refusal changes nothing
        if not backup.is_file():
            raise BackupError(_("备份文件不存在：{path}").format(path=backup))
        raise BackupError(_("这个备份文件已损坏或不属于本数据库，未恢复：{reason}").format(reason=result))
    database.close()
    kept = restore_backup(path, backup, key)
    reopened = open_database(path, key=key)
    try:
        with reopened.sessions.begin() as session:
            audit.record_event(session, actor, audit.RESTORE_BACKUP, backup.name, {"kept": str(kept)})
    finally:
        reopened.close()
    return kept


def require_ok(engine: Engine) -> None:
    """Raise DatabaseError if the open database fails its quick check."""
    result = check_database(engine)
    if result != "ok":
        raise DatabaseError(_("数据库检查发现损坏：{reason}").format(reason=result))
