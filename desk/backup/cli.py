"""Commands ``backup [now|list|verify]``, ``restore FILE`` and ``check``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from desk.backup.service import BackupError, check_database, check_file, default_folder, list_backups, make_backup, restore_from, thin
from desk.core import roles
from desk.core.formatting import format_count
from desk.core.i18n import _
from desk.db.records import system_actor
from desk.security import audit
from desk.security.cli import open_logged_in

if TYPE_CHECKING:
    from desk.db.database import Database
    from desk.db.records import Actor


def _server_backup(args: argparse.Namespace, database: Database, actor: Actor) -> int:
    """``backup`` of a database on the office's PostgreSQL server: pg_dump files (desk.backup.server)."""
    from desk.backup import server

    folder = Path(args.to) if args.to else server.server_folder(database.engine)
    if args.action == "list":
        for path in server.list_dumps(folder):
            print(f"{path.stat().st_size // 1024} KB\t{path}")
        return 0
    if args.action == "verify":
        if not args.file:
            raise BackupError(_("请写出要检查的备份文件"))
        server.check_dump(Path(args.file))
        print(_("备份文件完好：{path}").format(path=args.file))
        return 0
    path = server.dump(database.engine, folder)
    with database.sessions.begin() as session:
        audit.record_event(session, actor, audit.BACKUP, path.name, {"folder": str(folder)})
    print(_("已备份到 {path}").format(path=path))
    return 0


def _cmd_backup(args: argparse.Namespace) -> int:
    database, login = open_logged_in(args, required=False)
    actor = login or system_actor("", "script")  # a plain database without --user: a script of the file's owner
    try:
        roles.require(actor, roles.BACKUP)
        if database.path is None:
            return _server_backup(args, database, actor)
        key = database.key
        folder = Path(args.to) if args.to else default_folder(database.path)
        if args.action == "list":
            for item in list_backups(folder):
                print(f"{item.made_at:%Y-%m-%d %H:%M:%S}\t{format_count(item.size // 1024)} KB\t{item.path}")
            return 0
        if args.action == "verify":
            if not args.file:
                raise BackupError(_("请写出要检查的备份文件"))
            result = check_file(Path(args.file), key, full=True)
            if result != "ok":
                raise BackupError(_("备份文件检查未通过：{reason}").format(reason=result))
            print(_("备份文件完好：{path}").format(path=args.file))
            return 0
        path = make_backup(database, folder, reason="" if not args.to else "manual")
        if not args.to:
            thin(folder)
        with database.sessions.begin() as session:
            audit.record_event(session, actor, audit.BACKUP, path.name, {"folder": str(folder)})
        print(_("已备份到 {path}").format(path=path))
        return 0
    finally:
        database.close()


def _cmd_restore(args: argparse.Namespace) -> int:
    database, login = open_logged_in(args, required=False)
    actor = login or system_actor("", "script")  # a plain database without --user: a script of the file's owner
    try:
        if database.path is None:  # a server database: pg_restore, the current state dumped aside first
            from desk.backup import server

            kept = server.restore_as(database, actor, Path(args.file))
        else:
            kept = restore_from(database, actor, Path(args.file))
    finally:
        database.close()
    print(_("已从 {file} 恢复；恢复前的数据库保存在 {kept}").format(file=args.file, kept=kept))
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    database, _actor = open_logged_in(args, required=False)
    try:
        result = check_database(database.engine, full=True)
    finally:
        database.close()
    if result != "ok":
        raise BackupError(_("数据库检查发现损坏：{reason}。请用 restore 命令从最近的备份恢复。").format(reason=result))
    print(_("数据库完好"))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the backup, restore and check commands."""
    backup = subparsers.add_parser("backup", help=_("备份数据库（加密的数据库备份也是加密的）"))
    backup.add_argument("action", nargs="?", default="now", choices=("now", "list", "verify"),
                        help=_("now 立即备份（默认），list 列出备份，verify 检查一个备份文件"))
    backup.add_argument("file", nargs="?", help=_("要检查的备份文件"))
    backup.add_argument("--to", help=_("备份到这个文件夹（如U盘）；默认是数据库旁边的备份文件夹"))
    backup.set_defaults(handler=_cmd_backup)

    restore = subparsers.add_parser("restore", help=_("从备份恢复数据库（先检查备份，当前数据库另存）"))
    restore.add_argument("file", help=_("备份文件"))
    restore.set_defaults(handler=_cmd_restore)

    check = subparsers.add_parser("check", help=_("检查数据库是否完好"))
    check.set_defaults(handler=_cmd_check)
