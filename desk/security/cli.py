"""Commands for users, the audit log and encryption: ``users``, ``audit list``, ``encrypt``."""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import json
import os
import sys
from pathlib import Path
from typing import Literal, overload

from desk.core import roles
from desk.core.i18n import _
from desk.db.database import Database
from desk.db.listing import ListQuery
from desk.db.records import Actor
from desk.security import audit
from desk.security.keys import is_encrypted
from desk.security.queries import AUDIT, shown_for
from desk.security.session import open_as
from desk.security.users import USERS, add_user, change_own_password, password_change_due, reset_password, update_user


def user_name(args: argparse.Namespace) -> str | None:
    """Return the user named with --user or DESK_USER, if any."""
    return getattr(args, "user", None) or os.environ.get("DESK_USER") or None


@overload
def open_logged_in(args: argparse.Namespace, required: Literal[True] = True,
                   changing_password: bool = False) -> tuple[Database, Actor]: ...


@overload
def open_logged_in(args: argparse.Namespace, required: bool, changing_password: bool = False) -> tuple[Database, Actor | None]: ...


def open_logged_in(args: argparse.Namespace, required: bool = True,
                   changing_password: bool = False) -> tuple[Database, Actor | None]:
    """Open the chosen database as the user of --user/DESK_USER (password from DESK_PASSWORD or a prompt).

    A plain database opens without a user when ``required`` is False (scripts, the program itself);
    an encrypted one always needs a user.  A user whose password an administrator set may only
    change it (``changing_password``).  Raise CliError or LoginError.
    """
    from desk.console import CliError, db_target, read_password
    from desk.db.database import open_database

    target = db_target(args)
    if "://" not in target and not Path(target).exists():
        raise CliError(_("数据库文件不存在：{path}").format(path=target))
    user = user_name(args)
    encrypted = "://" not in target and is_encrypted(Path(target))
    if not user:
        if required or encrypted:
            raise CliError(_("请用 --user 或环境变量 DESK_USER 指明用户（密码取自 DESK_PASSWORD 或提示输入）"))
        return open_database(target), None
    password = read_password()
    args.login_password = password  # kept for passwd and encrypt, which need it again
    database, actor = open_as(target, user, password)
    if not changing_password:
        with database.sessions() as session:
            due = password_change_due(session, user)
        if due:
            database.close()
            raise CliError(_("用户 {user} 的密码是管理员设置的，首次登录请先修改密码：main.py users passwd --user {user}"
                             "（新密码取自 DESK_NEW_PASSWORD 或提示输入）").format(user=user))
    return database, actor


def _new_password() -> str:
    from desk.console import CliError

    password = os.environ.get("DESK_NEW_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise CliError(_("请在环境变量 DESK_NEW_PASSWORD 中提供新密码"))
    password = getpass.getpass(_("新密码：") + " ")
    if getpass.getpass(_("再输一次新密码：") + " ") != password:
        raise CliError(_("两次输入的密码不一致"))
    return password


def _cmd_users(args: argparse.Namespace) -> int:
    database, actor = open_logged_in(args, changing_password=args.action == "passwd")
    try:
        if args.action == "list":
            roles.require(actor, roles.MANAGE_USERS)
            with database.sessions() as session:
                for row in USERS.rows(session, ListQuery(), 0, None):
                    if args.json:
                        print(json.dumps({"username": row["id"], "full_name": row["full_name"], "roles": row["roles"],
                                          "active": row["active"]}, ensure_ascii=False))
                    else:
                        print("\t".join((row["id"], row["full_name"], row["roles_label"], row["active_label"])))
            return 0
        if args.action == "passwd":
            new = _new_password()
            with database.sessions.begin() as session:
                change_own_password(session, actor, args.login_password, new, new)
            print(_("密码已修改"))
            return 0
        from desk.console import CliError

        if not args.name:
            raise CliError(_("请写出用户名"))
        with database.sessions.begin() as session:
            if args.action == "add":
                password = _new_password()
                add_user(session, actor, {"username": args.name, "full_name": args.full_name or "",
                                          "password": password, "roles": args.roles or ""})
                print(_("已添加用户 {user}").format(user=args.name))
            elif args.action == "reset":
                reset_password(session, actor, args.name, _new_password())
                print(_("已重设用户 {user} 的密码").format(user=args.name))
            else:  # set
                values: dict[str, object] = {}
                if args.roles is not None:
                    values["roles"] = args.roles
                if args.full_name is not None:
                    values["full_name"] = args.full_name
                if args.active is not None:
                    values["active"] = args.active == "yes"
                update_user(session, actor, args.name, values)
                print(_("已修改用户 {user}").format(user=args.name))
        return 0
    finally:
        database.close()


def _cmd_audit(args: argparse.Namespace) -> int:
    database, actor = open_logged_in(args)
    try:
        roles.require(actor, roles.VIEW_AUDIT)
        filters = {"user": args.by, "kind": args.kind, "table": args.table,
                   "since": dt.date.fromisoformat(args.since) if args.since else None,
                   "until": dt.date.fromisoformat(args.until) if args.until else None}
        with database.sessions() as session:
            rows = AUDIT.rows(session, ListQuery(search=args.search or "", filters=filters), 0, args.limit)
        for row in (shown_for(row, actor) for row in rows):  # masked as the reader may see them
            if args.json:
                data = {key: row[key] for key in ("user", "kind", "table_name", "record_id")}
                data["at"] = row["at"].isoformat() if isinstance(row["at"], dt.datetime) else row["at"]
                data["detail"] = row["detail_data"]
                data["table_label"] = row["table_label"]
                data["record"] = row["record_text"]
                data["text"] = row["detail_text"]
                print(json.dumps(data, ensure_ascii=False))
            else:
                print("\t".join((row["at_text"], row["user"], row["kind_label"], row["table_label"],
                                 row["record_text"], row["detail_text"])))
        return 0
    finally:
        database.close()


def _cmd_encrypt(args: argparse.Namespace) -> int:
    from desk.console import CliError
    from desk.security.convert import decline, encrypt_open_database, known_plain_backups
    from desk.security.recovery import loss_warning
    from desk.security.report import render_sheet

    database, actor = open_logged_in(args)
    if database.path is None or is_encrypted(database.path):
        database.close()
        raise CliError(_("数据库已经加密") if database.path else _("只有数据库文件才能加密"))
    if args.decline:
        try:
            decline(database, actor)
        finally:
            database.close()
        print(_("已记下：本单位的数据库保持不加密。任何拿到数据库文件的人都能读出其中的姓名和身份证号。"))
        return 0
    if args.recovery_sheet and not Path(args.recovery_sheet).parent.is_dir():
        database.close()
        raise CliError(_("输出文件夹不存在：{folder}").format(folder=Path(args.recovery_sheet).parent))
    plain = known_plain_backups(database)
    with database.sessions() as session:
        from desk.office.service import get_profile

        office_name = get_profile(session).name
    result = encrypt_open_database(database, actor, args.login_password, erase_known=args.erase_plain_backups)
    print(_("数据库已加密，未加密的旧备份已清除（{count}个），新的加密备份：{path}").format(
        count=result.erased, path=result.backup))
    for item in result.left:
        print(_("注意：这个旧备份没有加密，仍然可以被读出：{path}").format(path=item), file=sys.stderr)
    if result.left and not args.erase_plain_backups and plain.found:
        print(_("加上 --erase-plain-backups 可以覆盖清除能找到的未加密旧备份；U盘上的请插上后再清除或销毁U盘上的文件。"),
              file=sys.stderr)
    print(_("其他用户仍用原来的密码登录。"))
    print(_("恢复密钥（请抄在纸上或打印恢复单，放进单位保险柜）：{code}").format(code=result.code))
    if args.recovery_sheet:
        Path(args.recovery_sheet).write_bytes(render_sheet(office_name, database.path, result.code))
        print(_("已写出恢复单：{path}（打印后请删除这个文件）").format(path=args.recovery_sheet))
    print(loss_warning())
    return 0


def _cmd_recovery_sheet(args: argparse.Namespace) -> int:
    from desk.console import CliError
    from desk.office.service import get_profile
    from desk.security.recovery import new_code_for, stored_code
    from desk.security.report import render_sheet

    if not Path(args.out).parent.is_dir():
        raise CliError(_("输出文件夹不存在：{folder}").format(folder=Path(args.out).parent))
    database, actor = open_logged_in(args)
    try:
        with database.sessions.begin() as session:
            if args.new:
                if database.path is None or database.key is None:
                    raise CliError(_("这个数据库没有加密，不需要恢复密钥"))
                code = new_code_for(session, actor, database.path, database.key)
            else:
                code = stored_code(session, actor)
            audit.record_event(session, actor, audit.PRINT, Path(args.out).name, {"recovery_sheet": True})
            name = get_profile(session).name
        Path(args.out).write_bytes(render_sheet(name, database.path or database.target, code))
    finally:
        database.close()
    if args.new:
        print(_("已生成新的恢复密钥，旧的恢复单作废了，请销毁。"))
    print(_("已写出恢复单：{path}（打印后请删除这个文件）").format(path=args.out))
    return 0


def _cmd_recover(args: argparse.Namespace) -> int:
    from desk.console import CliError, db_target
    from desk.security.recovery import recover_access

    user = user_name(args)
    if not user:
        raise CliError(_("请用 --user 指明要设置新密码的管理员"))
    code = os.environ.get("DESK_RECOVERY_KEY")
    if not code:
        if not sys.stdin.isatty():
            raise CliError(_("请在环境变量 DESK_RECOVERY_KEY 中提供恢复密钥"))
        code = getpass.getpass(_("恢复密钥：") + " ")
    password = _new_password()
    recover_access(Path(db_target(args)), code, user, password)
    print(_("已用恢复密钥为 {user} 设置了新密码，请用新密码登录。").format(user=user))
    return 0


def _cmd_idle_lock(args: argparse.Namespace) -> int:
    from desk.console import CliError
    from desk.office.settings import get_setting, set_setting
    from desk.security.settings import IDLE_LOCK_MINUTES

    database, actor = open_logged_in(args)
    try:
        with database.sessions.begin() as session:
            if args.minutes is not None:
                roles.require(actor, roles.MANAGE_USERS)
                if not 1 <= args.minutes <= 240:
                    raise CliError(_("锁屏时间应为1到240分钟"))
                set_setting(session, IDLE_LOCK_MINUTES, args.minutes)
            minutes = get_setting(session, IDLE_LOCK_MINUTES)
        print(_("无操作{minutes}分钟后锁屏").format(minutes=minutes))
        return 0
    finally:
        database.close()


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the users, audit and encrypt commands."""
    users = subparsers.add_parser("users", help=_("管理用户（需要管理员）"))
    users.add_argument("action", choices=("list", "add", "reset", "set", "passwd"),
                       help=_("list 列出，add 添加，reset 重设密码，set 修改角色或停用，passwd 修改自己的密码"))
    users.add_argument("name", nargs="?", help=_("用户名"))
    users.add_argument("--roles", help=_("角色和权限，用空格分开：clerk reviewer admin export print full_ids"))
    users.add_argument("--full-name", help=_("姓名"))
    users.add_argument("--active", choices=("yes", "no"), help=_("是否在用"))
    users.add_argument("--json", action="store_true", help=_("每行输出一个 JSON 对象"))
    users.set_defaults(handler=_cmd_users)

    audit = subparsers.add_parser("audit", help=_("查看审计日志（需要管理员或审核）"))
    audit.add_argument("action", choices=("list",), help=_("list 列出"))
    audit.add_argument("--by", help=_("只看这个用户的操作"))
    audit.add_argument("--kind", help=_("只看这类操作，如 create、edit、delete、export"))
    audit.add_argument("--table", help=_("只看这个表"))
    audit.add_argument("--since", help=_("起始日期，如 2020-01-01"))
    audit.add_argument("--until", help=_("截止日期，如 2020-06-30"))
    audit.add_argument("--search", help=_("按记录编号或内容搜索"))
    audit.add_argument("--limit", type=int, default=200, help=_("最多列出多少条"))
    audit.add_argument("--json", action="store_true", help=_("每行输出一个 JSON 对象"))
    audit.set_defaults(handler=_cmd_audit)

    idle = subparsers.add_parser("idle-lock", help=_("查看或设置无操作多久后锁屏（设置需要管理员）"))
    idle.add_argument("minutes", nargs="?", type=int, help=_("分钟数，1到240"))
    idle.set_defaults(handler=_cmd_idle_lock)

    encrypt = subparsers.add_parser("encrypt", help=_("加密未加密的数据库（先备份；程序启动时也会自动加密）"))
    encrypt.add_argument("--decline", action="store_true", help=_("不加密，并让程序以后不再自动加密（不推荐）"))
    encrypt.add_argument("--erase-plain-backups", action="store_true",
                         help=_("同时覆盖清除其他文件夹（如U盘）中能找到的未加密旧备份"))
    encrypt.add_argument("--recovery-sheet", help=_("把恢复单写成这个 PDF 文件，以便打印"))
    encrypt.set_defaults(handler=_cmd_encrypt)

    sheet = subparsers.add_parser("recovery-sheet", help=_("打印数据库恢复单（需要管理员）"))
    sheet.add_argument("--out", required=True, help=_("要写入的 PDF 文件"))
    sheet.add_argument("--new", action="store_true", help=_("生成新的恢复密钥（旧的恢复单作废）"))
    sheet.set_defaults(handler=_cmd_recovery_sheet)

    recover = subparsers.add_parser("recover", help=_("忘记所有密码时：用恢复密钥为一位管理员设置新密码"))
    recover.set_defaults(handler=_cmd_recover)
