"""A new office database is encrypted from its first minute: a random key, wrapped for the first administrator and
for a recovery key, before any record is written."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from desk.core.errors import DatabaseError
from desk.core.i18n import _
from desk.db.database import Database, open_database
from desk.office.model import User
from desk.office.service import check_admin_values, check_office_values, init_office, is_initialised
from desk.security.keys import create_key_file, is_encrypted, key_file, new_recovery_code, shred
from desk.security.recovery import remember_code

log = logging.getLogger(__name__)


def _remove_empty_plain(path: Path) -> None:
    """Remove a plain database file that holds no office (made by an earlier start that was cancelled)."""
    if not path.exists():
        return
    if is_encrypted(path):
        raise DatabaseError(_("这个数据库已经设置过本单位，不能重复初始化"))
    database = open_database(path)
    try:
        with database.sessions() as session:
            used = is_initialised(session) or session.scalar(select(func.count()).select_from(User))
    finally:
        database.close()
    if used:
        raise DatabaseError(_("这个数据库已经设置过本单位，不能重复初始化"))
    for suffix in ("", "-wal", "-shm"):
        shred(Path(str(path) + suffix))


def create_encrypted_office(path: str | Path, office: dict[str, Any], admin_user: str, admin_password: str,
                            code: str | None = None) -> tuple[Database, str]:
    """Create the encrypted database at ``path`` with this office and its first administrator.

    Return the open database and the recovery key (``code``, or a new one) for the recovery sheet.
    Raise ValidationError (nothing is written) or DatabaseError.
    """
    path = Path(path)
    check_office_values(office)
    check_admin_values(admin_user, admin_password)
    _remove_empty_plain(path)
    code = code or new_recovery_code()
    key = create_key_file(path, admin_user, admin_password, code)
    try:
        database = open_database(path, key=key)
        with database.sessions.begin() as session:
            init_office(session, office, admin_user, admin_password)
            remember_code(session, code)
    except BaseException:
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        key_file(path).unlink(missing_ok=True)
        raise
    log.info("Created the encrypted office database %s", path)
    return database, code
