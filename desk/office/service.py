"""Creating an office database's first rows, and the register of subordinate offices."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.errors import DatabaseError, ValidationError
from desk.core.i18n import _
from desk.core.roles import ALL_KEYS
from desk.core.validation import Checker
from desk.db.records import Actor, get_live, mark_deleted, write_record
from desk.office.fields import SUB_OFFICE
from desk.office.model import LEVELS, OfficeProfile, SubOffice, User
from desk.office.passwords import hash_password
from desk.plugins import package_modules

_CODE = re.compile(r"^[0-9A-Za-z-]{1,32}$")
_USERNAME = re.compile(r"^[A-Za-z0-9_.-]{2,32}$")
ADMIN_ROLE = "admin"
# The first user of an office does everything until the office adds more users.
FIRST_USER_ROLES = "admin clerk reviewer"
MIN_PASSWORD = 4


def get_profile(session: Session) -> OfficeProfile:
    """Return this office's profile; raise DatabaseError if the database was never set up."""
    profile = session.scalars(select(OfficeProfile).limit(1)).first()
    if profile is None:
        raise DatabaseError(_("数据库尚未初始化：请先运行设置向导或 init 命令"))
    return profile


def is_initialised(session: Session) -> bool:
    """Return whether the office profile exists."""
    return session.scalars(select(OfficeProfile.id).limit(1)).first() is not None


def check_office_values(values: dict[str, Any]) -> dict[str, Any]:
    """Validate the office fields of the setup wizard; return cleaned values or raise ValidationError."""
    checker = Checker(values)
    cleaned = {
        "name": checker.text("name", _("本单位名称"), required=True, max_length=100),
        "code": checker.text("code", _("单位代码"), required=True, max_length=32),
        "level": checker.choice("level", _("层级"), LEVELS),
        "parent_name": checker.text("parent_name", _("上级妇联名称"), max_length=100),
        "parent_code": checker.text("parent_code", _("上级妇联代码"), max_length=32),
    }
    for key in ("code", "parent_code"):
        if cleaned[key] and not _CODE.match(cleaned[key]):
            checker.add(key, _("代码只能包含数字、字母和减号"))
    if cleaned["level"] != "national" and not cleaned["parent_name"]:
        checker.add("parent_name", _("请填写上级妇联名称（全国妇联以外的单位都有上级）"))
    checker.raise_if_any()
    return cleaned


def check_admin_values(username: str, password: str, confirm: str | None = None) -> None:
    """Validate the first administrator's name and password; raise ValidationError."""
    problems: dict[str, str] = {}
    if not _USERNAME.match(username or ""):
        problems["username"] = _("用户名为2到32个字母、数字、下划线、点或减号")
    if len(password or "") < MIN_PASSWORD:
        problems["password"] = _("密码至少{count}个字符").format(count=MIN_PASSWORD)
    elif confirm is not None and confirm != password:
        problems["confirm"] = _("两次输入的密码不一致")
    if problems:
        raise ValidationError(problems)


def init_office(session: Session, office: dict[str, Any], admin_user: str, admin_password: str) -> OfficeProfile:
    """Create the office profile and its first administrator; raise ValidationError or DatabaseError."""
    if is_initialised(session):
        raise DatabaseError(_("这个数据库已经设置过本单位，不能重复初始化"))
    problems: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    checks: tuple[Callable[[], object], ...] = (lambda: cleaned.update(check_office_values(office)),
                                                lambda: check_admin_values(admin_user, admin_password))
    for check in checks:
        try:
            check()
        except ValidationError as exc:
            problems.update(exc.problems)
    if problems:
        raise ValidationError(problems)
    profile = OfficeProfile(**cleaned)
    session.add(profile)
    session.add(User(username=admin_user, full_name=admin_user, password_hash=hash_password(admin_password), roles=FIRST_USER_ROLES))
    session.flush()
    # Areas give a new office what it starts with (the awards area: the standard honour titles).
    actor = actor_for(session, admin_user)
    for module in package_modules("setup"):
        module.new_office(session, actor)
    session.flush()
    return profile


def actor_for(session: Session, username: str) -> Actor:
    """Return the Actor for ``username`` in this office's database."""
    profile = get_profile(session)
    user = session.scalars(select(User).where(User.username == username)).first()
    roles = frozenset(user.roles.split()) & ALL_KEYS if user and user.active else frozenset()
    return Actor(user=username, office_code=profile.code, roles=roles)


# -- the register of subordinate offices ------------------------------------------------

SUB_OFFICE_FIELDS = SUB_OFFICE.keys()


def _check_sub_office(session: Session, values: dict[str, Any], record_id: str | None) -> dict[str, Any]:
    checker = Checker(values)
    cleaned = {
        **checker.fields(SUB_OFFICE, "name", "code", "level", "contact_person", "phone", "notes"),
        "parent_id": values.get("parent_id") or None,
    }
    if cleaned["code"] and not _CODE.match(cleaned["code"]):
        checker.add("code", _("代码只能包含数字、字母和减号"))
    if cleaned["code"]:
        clash = session.scalars(
            select(SubOffice).where(SubOffice.code == cleaned["code"], SubOffice.deleted.is_(False))
        ).first()
        if clash is not None and clash.id != record_id:
            checker.add("code", _("代码{code}已被“{name}”使用").format(code=cleaned["code"], name=clash.name))
        profile = get_profile(session)
        if cleaned["code"] == profile.code:
            checker.add("code", _("代码{code}是本单位自己的代码").format(code=cleaned["code"]))
    parent_id = cleaned["parent_id"]
    seen = {record_id}
    while parent_id:
        if parent_id in seen:
            checker.add("parent_id", _("上级组织不能是它自己或它的下级"))
            break
        seen.add(parent_id)
        parent = session.get(SubOffice, parent_id)
        if parent is None or parent.deleted:
            checker.add("parent_id", _("所选上级组织已不存在"))
            break
        parent_id = parent.parent_id
    checker.raise_if_any()
    return cleaned


def save_sub_office(session: Session, actor: Actor, record_id: str | None, values: dict[str, Any]) -> str:
    """Create (``record_id`` None) or update a subordinate office; return its id; raise ValidationError."""
    cleaned = _check_sub_office(session, values, record_id)
    record = write_record(session, actor, SubOffice, record_id, cleaned)
    session.flush()
    return record.id


def load_sub_office(session: Session, record_id: str) -> dict[str, Any]:
    """Return the form values of a subordinate office; raise NotFoundError."""
    record = get_live(session, SubOffice, record_id)
    return {key: getattr(record, key) for key in SUB_OFFICE_FIELDS}


def delete_sub_office(session: Session, actor: Actor, record_id: str) -> None:
    """Mark a subordinate office deleted; raise ValidationError if live offices sit below it."""
    record = get_live(session, SubOffice, record_id)
    child = session.scalars(
        select(SubOffice.name).where(SubOffice.parent_id == record_id, SubOffice.deleted.is_(False))
    ).first()
    if child is not None:
        raise ValidationError({}, _("“{name}”下还有下级组织“{child}”，请先删除或移动它们").format(name=record.name, child=child))
    mark_deleted(record, actor)
