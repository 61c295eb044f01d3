"""The recovery key of an encrypted office database: kept inside the database, printed on a sheet for the safe,
and used to set a new password when every password is forgotten.

The key itself is stored (as an office setting) only inside the encrypted database, so an
administrator who is logged in can print the sheet again; outside it exists only wrapped in the
key file.  Without the sheet and without any password the data cannot be opened by anyone.
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core import roles
from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.db.database import open_database
from desk.db.records import Actor
from desk.office.model import User
from desk.office.passwords import hash_password
from desk.office.settings import OfficeSettingSpec, get_setting, set_setting
from desk.security import audit
from desk.security.keys import group_code, key_file, normalise_code, read_keys, set_recovery, unlock_with_recovery, wrap, write_keys
from desk.security.model import LoginState

log = logging.getLogger(__name__)

RECOVERY_CODE = OfficeSettingSpec("recovery_code", str, "")


def loss_warning() -> str:
    """Return the plain words about what is lost without the recovery sheet (in the current language)."""
    return _("如果所有用户都忘了密码，又找不到这张恢复单，数据库里的数据就永远打不开了：任何人，包括本程序的开发者，都无法找回。")


def remember_code(session: Session, code: str) -> None:
    """Keep the recovery key inside the (encrypted) database, so that the sheet can be printed again."""
    set_setting(session, RECOVERY_CODE, group_code(normalise_code(code)))


def stored_code(session: Session, actor: Actor) -> str:
    """Return the office's recovery key for printing (administrators only); raise DeskError if there is none."""
    roles.require(actor, roles.MANAGE_USERS)
    code = get_setting(session, RECOVERY_CODE)
    if not code:
        raise DeskError(_("这个数据库没有加密，没有恢复密钥"))
    return code


def new_code_for(session: Session, actor: Actor, path: Path, key: str) -> str:
    """Make a new recovery key (the old sheet stops working); return it. Administrators only."""
    from desk.security.keys import new_recovery_code

    roles.require(actor, roles.MANAGE_USERS)
    code = new_recovery_code()
    set_recovery(path, key, code)
    remember_code(session, code)
    audit.record_event(session, actor, audit.USER_CHANGE, actor.user, {"recovery_key_renewed": True})
    return code


def recover_access(path: Path, code: str, username: str, password: str) -> None:
    """With the recovery key, give ``username`` (an active administrator) the new ``password``.

    Raises UnlockError (wrong key, counted with growing delays), ValidationError or DeskError.
    """
    from desk.security.users import _check_password, get_user

    path = Path(path)
    if not key_file(path).exists():
        raise DeskError(_("这个数据库没有加密，不需要恢复密钥"))
    key = unlock_with_recovery(path, code)
    problems: dict[str, str] = {}
    _check_password(problems, password, None)
    if problems:
        from desk.core.errors import ValidationError

        raise ValidationError(problems)
    database = open_database(path, key=key)
    try:
        with database.sessions.begin() as session:
            user = get_user(session, username)
            if not user.active or "admin" not in user.roles.split():
                raise DeskError(_("恢复密钥只能为在用的管理员设置新密码；“{user}”不是").format(user=username))
            user.password_hash = hash_password(password)
            state = session.get(LoginState, username)
            if state is not None:
                state.failures = 0
                state.last_failure_at = None
            data = read_keys(path)
            data["users"][username] = wrap(key, password)
            data["failures"].pop(username, None)
            write_keys(path, data)
            audit.record_event(session, None, audit.USER_CHANGE, username, {"password_recovered": True})
    finally:
        database.close()
    log.warning("The recovery key was used to set a new password for %r", username)


def administrators(session: Session) -> list[str]:
    """Return the user names of the active administrators (who may be given a new password)."""
    users = session.scalars(select(User).where(User.active.is_(True)).order_by(User.username))
    return [user.username for user in users if "admin" in user.roles.split()]
