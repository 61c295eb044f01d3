"""Converting a plain office database to an encrypted one, once, with a backup first and no plain copy left."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desk.backup.service import check_file, default_folder, list_backups, make_backup
from desk.core import roles
from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.db.database import Database
from desk.db.records import Actor
from desk.security.keys import encrypt_database, shred
from desk.security.session import open_as
from desk.security.users import authenticate


@dataclass(frozen=True)
class Converted:
    """The result: how many plain backups were erased and the first encrypted backup."""

    erased: int
    backup: Path


def is_plain(path: Path) -> bool:
    """Return whether the database file at ``path`` is readable without a key."""
    return check_file(path) == "ok"


def encrypt_open_database(database: Database, actor: Actor, password: str) -> Converted:
    """Encrypt the plain database ``database`` (closed here) keyed for ``actor``'s ``password``.

    A backup is made first and kept until the encrypted file has been checked; then it and every
    plain backup are overwritten and removed, and an encrypted backup is made.  Raise
    PermissionDenied, LoginError (wrong password) or DeskError; the database is unchanged then.
    """
    roles.require(actor, roles.BACKUP)
    if database.path is None:
        raise DeskError(_("只有数据库文件才能加密"))
    authenticate(database.sessions, actor.user, password)  # the key will be wrapped with this password
    path = database.path
    plain_backup = make_backup(database.engine, reason="before-encryption")
    database.close()
    encrypt_database(path, actor.user, password)
    erased = 0
    for item in list_backups(default_folder(path)):
        if is_plain(item.path):
            shred(item.path)
            erased += 1
    if plain_backup.exists():
        shred(plain_backup)
    reopened, _actor = open_as(path, actor.user, password)
    try:
        backup = make_backup(reopened.engine)
    finally:
        reopened.close()
    return Converted(erased, backup)
