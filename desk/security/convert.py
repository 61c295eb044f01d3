"""Converting a plain office database to an encrypted one, once, with a backup first and no plain copy left.

A plain database is converted at the first start after the upgrade (an administrator logs in);
an office can decline only from the command line (``encrypt --decline``).  Backups written
before encryption stay readable: the known ones (the automatic folder, and every folder the
audit log names for a backup, such as a USB stick) are found and, when the office agrees,
overwritten and removed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from desk.backup.service import check_file, default_folder, list_backups, make_backup
from desk.core import roles
from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.db.database import Database
from desk.db.records import Actor
from desk.office.settings import get_setting, set_setting
from desk.security import audit
from desk.security.keys import encrypt_database, is_encrypted, new_recovery_code, shred
from desk.security.model import AuditEntry
from desk.security.recovery import remember_code
from desk.security.session import open_as
from desk.security.settings import KEEP_PLAIN
from desk.security.users import authenticate


@dataclass(frozen=True)
class Converted:
    """The result: the plain backups erased, those left (not erased or not reachable), the first encrypted backup
    and the recovery key."""

    erased: int
    backup: Path
    code: str
    left: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class PlainBackups:
    """Known plain backups: the files found, and the folders named in the audit log that cannot be reached now."""

    found: list[Path]
    unreachable: list[Path]


def is_plain(path: Path) -> bool:
    """Return whether the database file at ``path`` is readable without a key."""
    return check_file(path) == "ok"


def known_backup_folders(database: Database) -> list[Path]:
    """Return the automatic backup folder and every folder the audit log names for a backup or restore."""
    folders = [default_folder(database.path)] if database.path else []
    with database.sessions() as session:
        details = session.scalars(select(AuditEntry.detail).where(AuditEntry.kind == audit.BACKUP))
        for detail in details:
            try:
                folder = json.loads(detail or "{}").get("folder")
            except (ValueError, AttributeError):
                continue
            if folder and Path(folder) not in folders:
                folders.append(Path(folder))
    return folders


def known_plain_backups(database: Database) -> PlainBackups:
    """Return the plain backups of ``database`` that can be found now, and the known folders that cannot be reached."""
    found: list[Path] = []
    unreachable: list[Path] = []
    automatic = default_folder(database.path) if database.path else None
    for folder in known_backup_folders(database):
        if not folder.is_dir():
            if folder != automatic:  # a USB stick not plugged in now
                unreachable.append(folder)
            continue
        for item in list_backups(folder):
            if item.path not in found and is_plain(item.path):
                found.append(item.path)
    if database.path is not None:  # the copies made before a schema upgrade, beside the database
        pattern = f"{database.path.stem}.before-upgrade-*{database.path.suffix}"
        for copy in sorted(database.path.parent.glob(pattern)):
            if is_plain(copy):
                found.append(copy)
    return PlainBackups(found, unreachable)


def beside(path: Path, item: Path) -> bool:
    """Return whether the backup ``item`` lies beside the database at ``path`` (its folder or the automatic one)."""
    return item.parent in (path.parent, default_folder(path))


def needs_conversion(database: Database) -> bool:
    """Return whether ``database`` is a plain file the office has not chosen to keep plain."""
    if database.path is None or is_encrypted(database.path):
        return False
    with database.sessions() as session:
        return not get_setting(session, KEEP_PLAIN)


def decline(database: Database, actor: Actor) -> None:
    """Record that this office keeps its database plain (administrators, command line only)."""
    roles.require(actor, roles.MANAGE_USERS)
    with database.sessions.begin() as session:
        set_setting(session, KEEP_PLAIN, True)
        audit.record_event(session, actor, audit.USER_CHANGE, actor.user, {"encryption_declined": True})


def encrypt_open_database(database: Database, actor: Actor, password: str, erase_known: bool = True) -> Converted:
    """Encrypt the plain database ``database`` (closed here) keyed for ``actor``'s ``password``.

    A backup is made first and kept until the encrypted file has been checked; then it and the
    plain backups in the automatic folder are overwritten and removed, and with ``erase_known``
    those in other known folders too; an encrypted backup is made.  The other users keep their
    passwords.  Raise PermissionDenied, LoginError (wrong password) or DeskError; the database
    is unchanged then.
    """
    roles.require(actor, roles.BACKUP)
    roles.require(actor, roles.MANAGE_USERS)  # the recovery key is shown to the one who converts
    if database.path is None:
        raise DeskError(_("只有数据库文件才能加密"))
    authenticate(database.sessions, actor.user, password)  # the key will be wrapped with this password
    path = database.path
    plain = known_plain_backups(database)
    plain_backup = make_backup(database, reason="before-encryption")
    database.close()
    code = new_recovery_code()
    encrypt_database(path, actor.user, password, code)
    erased, left = 0, []
    for item in plain.found:
        if erase_known or beside(path, item):
            shred(item)
            erased += 1
        else:
            left.append(item)
    if plain_backup.exists():
        shred(plain_backup)
    reopened, _actor = open_as(path, actor.user, password)
    try:
        with reopened.sessions.begin() as session:
            remember_code(session, code)
            audit.record_event(session, actor, audit.USER_CHANGE, actor.user,
                               {"encrypted": True, "plain_backups_erased": erased})
        backup = make_backup(reopened)
    finally:
        reopened.close()
    return Converted(erased, backup, code, left + plain.unreachable)
