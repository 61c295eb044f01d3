"""Users of the office: adding, roles, passwords (own change, administrator reset) and login with growing delays."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from desk.core.errors import DeskError, ValidationError
from desk.core.i18n import _
from desk.core.roles import ALL_KEYS, MANAGE_USERS, ROLES, describe, require
from desk.db.base import utcnow
from desk.db.listing import ListSource
from desk.db.records import Actor
from desk.office.model import User
from desk.office.passwords import hash_password, needs_rehash, verify_password
from desk.office.service import get_profile
from desk.security import audit, keys
from desk.security.delays import delay_after, wait_left, wait_message
from desk.security.model import LoginState

log = logging.getLogger(__name__)

_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,32}$")
MIN_PASSWORD = 4

Clock = Callable[[], dt.datetime]


class LoginError(DeskError):
    """A login that did not succeed; the message says why (wrong password or wait)."""


def actor_of(session: Session, user: User) -> Actor:
    """Return the Actor of an active user (a user without roles may do nothing)."""
    roles = frozenset(user.roles.split()) & ALL_KEYS
    return Actor(user=user.username, office_code=get_profile(session).code, roles=roles)


def authenticate(sessions: sessionmaker[Session], username: str, password: str, clock: Clock = utcnow) -> Actor:
    """Check a login; return the user's Actor or raise LoginError. Failures are counted, logged and audited."""
    now = clock()
    with sessions.begin() as session:
        state = session.get(LoginState, username) or LoginState(username=username, failures=0)
        left = wait_left(state.failures, state.last_failure_at, now)
        if left:
            raise LoginError(wait_message(left))
        user = session.scalars(select(User).where(User.username == username)).first()
        ok = user is not None and user.active and verify_password(user.password_hash, password)
        if ok and user is not None:
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
                log.info("Rehashed the password of %s with the current parameters", username)
            if state.failures:
                state.failures = 0
                state.last_failure_at = None
            actor = actor_of(session, user)
            audit.record_event(session, actor, audit.LOGIN, username)
            return actor
        state.failures = (state.failures or 0) + 1
        state.last_failure_at = now
        session.add(state)
        audit.record_event(session, None, audit.LOGIN_FAILED, username, {"failures": state.failures})
        log.warning("Failed login for user %r (%d in a row)", username, state.failures)
        failures = state.failures
    if user is not None and not user.active:
        raise LoginError(_("用户“{user}”已停用").format(user=username))
    left = delay_after(failures)
    if left:
        raise LoginError(_("用户名或密码不对。") + wait_message(left))
    raise LoginError(_("用户名或密码不对"))


def password_change_due(session: Session, username: str) -> bool:
    """Return whether ``username`` must choose her own password now (an administrator set the current one)."""
    from desk.office.settings import get_setting
    from desk.security.settings import PASSWORD_CHANGE_DUE

    return username in get_setting(session, PASSWORD_CHANGE_DUE).split()


def _set_change_due(session: Session, username: str, due: bool) -> None:
    from desk.office.settings import get_setting, set_setting
    from desk.security.settings import PASSWORD_CHANGE_DUE

    names = set(get_setting(session, PASSWORD_CHANGE_DUE).split())
    if (username in names) != due:
        names = names | {username} if due else names - {username}
        set_setting(session, PASSWORD_CHANGE_DUE, " ".join(sorted(names)))


def _check_password(problems: dict[str, str], password: str, confirm: str | None) -> None:
    if len(password or "") < MIN_PASSWORD:
        problems["password"] = _("密码至少{count}个字符").format(count=MIN_PASSWORD)
    elif confirm is not None and confirm != password:
        problems["confirm"] = _("两次输入的密码不一致")


def _clean_roles(problems: dict[str, str], roles: Any) -> str:
    keys_ = roles.split() if isinstance(roles, str) else list(roles or ())
    unknown = [key for key in keys_ if key not in ALL_KEYS]
    if unknown:
        problems["roles"] = _("未知的角色或权限：{names}").format(names="、".join(unknown))
    elif not any(key in ROLES for key in keys_):
        problems["roles"] = _("请至少选择一个角色")
    return " ".join(key for key in sorted(set(keys_)))


def get_user(session: Session, username: str) -> User:
    """Return the user named ``username``; raise ValidationError naming the field if missing."""
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None:
        raise ValidationError({"username": _("没有用户“{user}”").format(user=username)})
    return user


def add_user(session: Session, actor: Actor, values: dict[str, Any]) -> int:
    """Add a user (administrators only); return the id. ``values``: username, full_name, password, confirm, roles.

    In an encrypted database the key is wrapped for her first password at once; she must choose
    her own password at her first login.
    """
    require(actor, MANAGE_USERS)
    problems: dict[str, str] = {}
    username = (values.get("username") or "").strip()
    if not _USERNAME.match(username):
        problems["username"] = _("用户名为2到32个字母、数字、下划线、点或减号")
    elif session.scalars(select(User.id).where(User.username == username)).first() is not None:
        problems["username"] = _("用户名“{user}”已被使用").format(user=username)
    full_name = (values.get("full_name") or "").strip()
    if len(full_name) > 64:
        problems["full_name"] = _("姓名最多64个字符")
    password = values.get("password") or ""
    _check_password(problems, password, values.get("confirm"))
    roles = _clean_roles(problems, values.get("roles"))
    if problems:
        raise ValidationError(problems)
    user = User(username=username, full_name=full_name or username, password_hash=hash_password(password), roles=roles)
    session.add(user)
    session.flush()
    keys.wrap_for(session, username, password)  # she can open an encrypted database at once
    _set_change_due(session, username, True)
    audit.record_event(session, actor, audit.USER_CHANGE, username, {"added": True, "roles": roles})
    return user.id


def update_user(session: Session, actor: Actor, username: str, values: dict[str, Any]) -> None:
    """Change a user's full name, roles or active flag (administrators only); raise ValidationError."""
    require(actor, MANAGE_USERS)
    user = get_user(session, username)
    problems: dict[str, str] = {}
    roles = _clean_roles(problems, values.get("roles", user.roles))
    active = bool(values.get("active", user.active))
    if username == actor.user and ("admin" not in roles.split() or not active):
        problems["roles"] = _("不能取消自己的管理员角色或停用自己")
    if problems:
        raise ValidationError(problems)
    before = {"roles": user.roles, "active": user.active, "full_name": user.full_name}
    user.roles = roles
    user.active = active
    user.full_name = (values.get("full_name") or user.full_name).strip()[:64]
    after = {"roles": user.roles, "active": user.active, "full_name": user.full_name}
    if not active:
        keys.drop_for(session, username)  # a deactivated user's password no longer opens the database
    audit.record_event(session, actor, audit.USER_CHANGE, username,
                       {key: [before[key], after[key]] for key in before if before[key] != after[key]})


def reset_password(session: Session, actor: Actor, username: str, password: str, confirm: str | None = None) -> None:
    """Set another user's password (administrators only); clears the login delays. She must change it at login."""
    require(actor, MANAGE_USERS)
    user = get_user(session, username)
    problems: dict[str, str] = {}
    _check_password(problems, password, confirm)
    if problems:
        raise ValidationError(problems)
    user.password_hash = hash_password(password)
    state = session.get(LoginState, username)
    if state is not None:
        state.failures = 0
        state.last_failure_at = None
    keys.wrap_for(session, username, password)
    _set_change_due(session, username, username != actor.user)
    audit.record_event(session, actor, audit.USER_CHANGE, username, {"password_reset": True})


def change_own_password(session: Session, actor: Actor, old: str, new: str, confirm: str | None = None) -> None:
    """Change the actor's own password after checking the old one; raise ValidationError."""
    user = get_user(session, actor.user)
    problems: dict[str, str] = {}
    if not verify_password(user.password_hash, old):
        problems["old_password"] = _("原密码不对")
    _check_password(problems, new, confirm)
    if problems:
        raise ValidationError(problems)
    if new == old:
        problems["password"] = _("新密码不能和原密码相同")
        raise ValidationError(problems)
    user.password_hash = hash_password(new)
    keys.wrap_for(session, actor.user, new)  # a fresh Argon2id wrap of the database key
    _set_change_due(session, actor.user, False)
    audit.record_event(session, actor, audit.USER_CHANGE, actor.user, {"password_changed": True})


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row["roles_label"] = describe(frozenset((row.get("roles") or "").split()))
    row["active_label"] = _("在用") if row["active"] else _("已停用")
    return row


USERS = ListSource(
    model=User,
    columns={"id": User.username, "full_name": User.full_name,
             "roles": User.roles, "active": User.active},
    search=(User.username, User.full_name),
    default_order=(User.username,),
    finish=_finish,
)

def user_form_values(session: Session, username: str) -> dict[str, Any]:
    """Return the user-screen form values of ``username``: one flag per role and grant."""
    user = get_user(session, username)
    keys_ = set(user.roles.split())
    values: dict[str, Any] = {"username": user.username, "full_name": user.full_name, "active": user.active,
                              "password": "", "confirm": ""}
    for key in ALL_KEYS:
        values[f"role_{key}"] = key in keys_
    return values


def save_user_form(session: Session, actor: Actor, username: str | None, values: dict[str, Any]) -> str:
    """Add (``username`` None) or change a user from the user screen's form; return the user name."""
    require(actor, MANAGE_USERS)
    roles_ = " ".join(sorted(key for key in ALL_KEYS if values.get(f"role_{key}")))
    password = values.get("password") or ""
    if username is None:
        add_user(session, actor, {**values, "roles": roles_})
        return (values.get("username") or "").strip()
    problems: dict[str, str] = {}
    if (values.get("username") or "").strip() != username:
        problems["username"] = _("用户名不能修改；如需改名，请新建用户并停用旧用户")
    if password:
        _check_password(problems, password, values.get("confirm"))
    if problems:
        raise ValidationError(problems)
    update_user(session, actor, username, {"roles": roles_, "active": bool(values.get("active")),
                                           "full_name": values.get("full_name") or ""})
    if password:
        reset_password(session, actor, username, password, values.get("confirm"))
    return username
