"""Roles, the separate permissions, and the one check every write and sensitive action goes through."""

from __future__ import annotations

from desk.core.errors import PermissionDenied
from desk.core.i18n import N_, _

CLERK = "clerk"
REVIEWER = "reviewer"
ADMIN = "admin"
# Separate grants that can be given to any user on top of a role.
EXPORT = "export"
PRINT = "print"
FULL_IDS = "full_ids"

# The program itself (demo seeding, scripts, tests that stand in for it): never stored on a user.
SYSTEM = "system"

ROLES: dict[str, str] = {CLERK: N_("录入员"), REVIEWER: N_("审核"), ADMIN: N_("管理员")}
GRANTS: dict[str, str] = {EXPORT: N_("导出"), PRINT: N_("打印"), FULL_IDS: N_("查看完整身份证号")}

# Actions checked in desk/.
VIEW = "view"            # read record content
WRITE = "write"          # create, edit, delete, restore records
DO_EXPORT = "export"
DO_PRINT = "print"
SEE_FULL_IDS = "see_full_ids"
MANAGE_USERS = "manage_users"
BACKUP = "backup"
VIEW_AUDIT = "view_audit"
MANAGE_KEYS = "manage_keys"  # register other offices' exchange key cards

ACTIONS: dict[str, str] = {
    VIEW: N_("查看记录"),
    WRITE: N_("录入和修改记录"),
    DO_EXPORT: N_("导出"),
    DO_PRINT: N_("打印"),
    SEE_FULL_IDS: N_("查看完整身份证号"),
    MANAGE_USERS: N_("管理用户"),
    BACKUP: N_("备份和恢复"),
    VIEW_AUDIT: N_("查看审计日志"),
    MANAGE_KEYS: N_("登记密钥卡"),
}

# What each role may do by itself.
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    CLERK: frozenset({VIEW, WRITE}),
    REVIEWER: frozenset({VIEW, DO_PRINT, DO_EXPORT, VIEW_AUDIT}),
    ADMIN: frozenset({MANAGE_USERS, BACKUP, VIEW_AUDIT, MANAGE_KEYS}),
}
# What each grant adds; a grant only counts for users who may see record content.
GRANT_ACTIONS: dict[str, frozenset[str]] = {
    EXPORT: frozenset({DO_EXPORT}),
    PRINT: frozenset({DO_PRINT}),
    FULL_IDS: frozenset({SEE_FULL_IDS}),
}
CONTENT_ACTIONS = frozenset({VIEW, WRITE, DO_EXPORT, DO_PRINT, SEE_FULL_IDS})
ALL_KEYS = frozenset(ROLES) | frozenset(GRANTS)  # what a user may hold: never SYSTEM


def actions_of(roles: frozenset[str] | set[str]) -> frozenset[str]:
    """Return every action the roles and grants in ``roles`` allow."""
    allowed: set[str] = set()
    for role in roles:
        allowed |= ROLE_ACTIONS.get(role, frozenset())
    content = VIEW in allowed
    for grant in roles:
        allowed |= GRANT_ACTIONS.get(grant, frozenset()) if content else frozenset()
    if not content:
        allowed -= CONTENT_ACTIONS
    return frozenset(allowed)


def is_system(actor: object) -> bool:
    """Return whether ``actor`` is the program itself (holds SYSTEM: demo seeding, scripts)."""
    return SYSTEM in getattr(actor, "roles", frozenset())


def allowed(actor: object, action: str) -> bool:
    """Return whether ``actor`` may do ``action``; deny by default: an actor without roles may do nothing."""
    if is_system(actor):
        return True
    return action in actions_of(frozenset(getattr(actor, "roles", frozenset())))


def require(actor: object, action: str) -> None:
    """Raise PermissionDenied unless ``actor`` may do ``action``."""
    if not allowed(actor, action):
        raise PermissionDenied(
            _("用户“{user}”没有“{action}”的权限").format(
                user=getattr(actor, "user", ""), action=_(ACTIONS.get(action, action))
            )
        )


def describe(roles: frozenset[str] | set[str]) -> str:
    """Return the roles and grants as a Chinese list for screens and the CLI."""
    names = [_(ROLES[key]) for key in ROLES if key in roles] + [_(GRANTS[key]) for key in GRANTS if key in roles]
    return _("、").join(names)
