"""The command line: headless work (init, demo, list ...); areas add subcommands in ``desk/<pkg>/cli.py``."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from desk.console import CliContext, CliError, cli_context, db_target, read_password
from desk.core.errors import DeskError
from desk.core.i18n import _, set_language
from desk.core.logs import log_file, setup_logging
from desk.core.periods import parse_period
from desk.core.settings import LANGUAGE, UserSettings
from desk.db.database import Database, open_database
from desk.db.listing import ListQuery
from desk.office.cli import voice_options
from desk.office.model import LEVELS
from desk.plugins import package_modules
from desk.version import __version__

log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, no usage dump
        self.exit(2, f"{self.prog}: {_('参数错误')}: {message}\n")


class _SubParser(_Parser):
    """A subcommand's parser: accepts ``--db`` after the command name too."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.add_argument("--db", default=argparse.SUPPRESS, help=_("数据库文件路径或数据库网址"))
        self.add_argument("--user", default=argparse.SUPPRESS, help=_("以这个用户身份工作（也可用环境变量 DESK_USER）"))


def open_for(args: argparse.Namespace) -> Database:
    """Open the chosen database, refusing a missing file for commands that read.

    With --user (or DESK_USER), or for an encrypted database, the user logs in first.
    """
    from desk.core.roles import VIEW, require
    from desk.security.cli import open_logged_in

    database, actor = open_logged_in(args, required=False)
    if actor is not None:
        try:
            require(actor, VIEW)
        except DeskError:
            database.close()
            raise
    return database


def json_value(value: Any) -> Any:
    """Return ``value`` in a JSON-friendly form (dates as ISO text)."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def _cmd_init(args: argparse.Namespace) -> int:
    from desk.office.cli import apply_forms
    from desk.office.service import actor_for, init_office
    from desk.security.newdb import create_encrypted_office
    from desk.security.recovery import loss_warning
    from desk.security.report import render_sheet

    target = db_target(args)
    office = {
        "name": args.office_name,
        "code": args.office_code,
        "level": args.level,
        "parent_name": args.parent_name or "",
        "parent_code": args.parent_code or "",
    }
    password = read_password(confirm=True)
    if "://" in target:  # a server database is protected by its server
        database = open_database(target)
        with database.sessions.begin() as session:
            init_office(session, office, args.admin_user, password)
            apply_forms(session, actor_for(session, args.admin_user), args)
        database.close()
        print(_("已创建数据库 {path}，管理员 {user}").format(path=target, user=args.admin_user))
        return 0
    if args.recovery_sheet and not Path(args.recovery_sheet).parent.is_dir():
        raise CliError(_("输出文件夹不存在：{folder}").format(folder=Path(args.recovery_sheet).parent))
    database, code = create_encrypted_office(target, office, args.admin_user, password)
    try:  # the key is shown first: a mistake in the forms below must not lose it
        print(_("已创建加密的数据库 {path}，管理员 {user}").format(path=target, user=args.admin_user))
        print(_("恢复密钥（请抄在纸上或打印恢复单，放进单位保险柜）：{code}").format(code=code))
        if args.recovery_sheet:
            Path(args.recovery_sheet).write_bytes(render_sheet(args.office_name, target, code))
            print(_("已写出恢复单：{path}（打印后请删除这个文件）").format(path=args.recovery_sheet))
        with database.sessions.begin() as session:
            apply_forms(session, actor_for(session, args.admin_user), args)
    finally:
        database.close()
    print(loss_warning())
    return 0


def _cmd_demo(args: argparse.Namespace) -> int:
    from desk.demo import create_demo
    from desk.office.demo import DEMO_ADMIN

    target = db_target(args)
    create_demo(target, force=args.force).close()
    print(_("注意：演示数据库没有加密，只供试用，不要录入真实的人和事。"))
    print(_("已创建演示数据库 {path}").format(path=target))
    print(_("演示管理员：用户名 {user}，密码 {password}").format(user=DEMO_ADMIN[0], password=DEMO_ADMIN[1]))
    print(_("登录：启动程序后输入上面的用户名和密码；命令行用 --user {user} 并在环境变量 DESK_PASSWORD 中给出密码").format(
        user=DEMO_ADMIN[0]))
    return 0


def _cmd_list(args: argparse.Namespace) -> int:
    commands = cli_context(args).lists
    command = commands.get(args.area)
    if command is None:
        raise CliError(
            _("没有名为“{name}”的列表；可用：{names}").format(name=args.area, names="、".join(sorted(commands)))
        )
    period = parse_period(args.period) if args.period else None
    query = ListQuery(search=args.search or "", period=period)
    database = open_for(args)
    out = sys.stdout
    page = 1000
    with database.sessions() as session:
        offset = 0
        header_done = False
        while True:
            rows = command.source.rows(session, query, offset, page)
            for row in rows:
                data = {key: json_value(value) for key, value in command.to_json(row).items()}
                if args.json:
                    out.write(json.dumps(data, ensure_ascii=False) + "\n")
                else:
                    if not header_done:
                        out.write("\t".join(data) + "\n")
                        header_done = True
                    out.write("\t".join("" if value is None else str(value) for value in data.values()) + "\n")
            if len(rows) < page:
                break
            offset += page
    database.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of every command, including those areas register."""
    parser = _Parser(prog="main.py", description=_("妇联工作台：不带子命令时打开图形界面"))
    parser.add_argument("--version", action="version", version=f"Federation Desk {__version__}")
    parser.add_argument("--db", help=_("数据库文件路径或数据库网址（默认为用户数据文件夹中的 desk.db）"))
    parser.add_argument("--user", help=_("以这个用户身份工作（也可用环境变量 DESK_USER）"))
    sub = parser.add_subparsers(dest="command", metavar=_("命令"), parser_class=_SubParser)

    init = sub.add_parser("init", help=_("不经图形界面创建数据库（加密，并给出恢复密钥）"))
    init.add_argument("--office-name", required=True, help=_("本单位名称"))
    init.add_argument("--office-code", required=True, help=_("本单位代码"))
    init.add_argument("--level", required=True, choices=sorted(LEVELS), help=_("层级"))
    init.add_argument("--parent-name", help=_("上级妇联名称"))
    init.add_argument("--parent-code", help=_("上级妇联代码"))
    init.add_argument("--admin-user", required=True, help=_("第一个管理员的用户名（密码取自 DESK_PASSWORD 或提示输入）"))
    init.add_argument("--recovery-sheet", help=_("把恢复单写成这个 PDF 文件，以便打印"))
    voice_options(init)
    init.set_defaults(handler=_cmd_init)

    demo = sub.add_parser("demo", help=_("创建演示数据库（管理员 admin，密码 demo）"))
    demo.add_argument("--force", action="store_true", help=_("覆盖已存在的文件"))
    demo.set_defaults(handler=_cmd_demo)

    listing = sub.add_parser("list", help=_("列出某一工作领域的记录"))
    listing.add_argument("area", help=_("列表名称，如 offices"))
    listing.add_argument("--period", help=_("期间，如 2020H1、2020Q3、2020"))
    listing.add_argument("--search", help=_("按名称等搜索"))
    listing.add_argument("--json", action="store_true", help=_("每行输出一个 JSON 对象"))
    listing.set_defaults(handler=_cmd_list)

    for module in package_modules("cli"):
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None, context: CliContext | None = None) -> int:
    """Run a command and return the exit status; with no command, return -1 to ask for the GUI.

    The command gets ``context`` (a new one by default) as ``args.context``.
    """
    set_language(UserSettings().get(LANGUAGE))
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        return -1
    args.context = context if context is not None else CliContext()
    setup_logging()
    try:
        return int(args.handler(args) or 0)
    except DeskError as exc:
        print(_("错误：{message}").format(message=exc.message), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``list ... | head``): not an error. Silence the final flush too.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception:
        log.exception("Command %s failed", args.command)
        print(
            _("出现意外错误，已记录在日志文件 {path} 中。").format(path=log_file()),
            file=sys.stderr,
        )
        return 1
