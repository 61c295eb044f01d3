"""Exchange commands: key cards, export to a folder, import (with a dry run), the ledger and conflicts."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from sqlalchemy.orm import Session

from desk.cli import open_for
from desk.console import CliError, cli_context
from desk.core.formatting import format_datetime
from desk.core.i18n import _
from desk.core.periods import parse_period
from desk.db.database import Database
from desk.db.listing import ListQuery
from desk.db.records import Actor, system_actor
from desk.exchange.apply import import_bundle, resolve_conflict
from desk.exchange.bundle import read_exchange_file
from desk.exchange.export import default_recipient, export_bundle, export_counts, selection_for
from desk.exchange.keys import own_card, parse_card, write_card_file
from desk.exchange.labels import table_label
from desk.exchange.partners import register_card
from desk.exchange.plan import CATEGORIES, ImportPlan
from desk.exchange.queries import CONFLICTS, LEDGER
from desk.office.service import get_profile
from desk.security.cli import open_logged_in


def _user(args: argparse.Namespace) -> str:
    return getattr(args, "user", None) or os.environ.get("DESK_USER") or getpass.getuser()


def _open(args: argparse.Namespace) -> tuple[Database, Callable[[Session], Actor]]:
    """Open the database as the logged-in user (--user), or as the program itself on a plain database."""
    database, logged_in = open_logged_in(args, required=False)
    if logged_in is not None:
        return database, lambda _session: logged_in
    return database, lambda session: system_actor(get_profile(session).code, _user(args))


def _cmd_card(args: argparse.Namespace) -> int:
    from desk.exchange.card_pdf import write_card_pdf  # ReportLab is slow to import; only this command needs it

    database = open_for(args)
    folder = Path(args.out)
    if not folder.is_dir():
        raise CliError(_("文件夹不存在：{path}").format(path=folder))
    with database.sessions.begin() as session:
        card = own_card(session)
        path = write_card_file(card, folder)
        pdf = write_card_pdf(card, folder / f"{card.code}-密钥卡.pdf")
    database.close()
    print(_("已写出密钥卡 {path} 和打印页 {pdf}").format(path=path, pdf=pdf))
    print(_("指纹：{fingerprint}").format(fingerprint=card.fingerprint))
    return 0


def _cmd_register(args: argparse.Namespace) -> int:
    card = parse_card(read_exchange_file(Path(args.file), 64 * 1024))
    print(_("单位：{name}（{code}）").format(name=card.name, code=card.code))
    print(_("指纹：{fingerprint}").format(fingerprint=card.fingerprint))
    if not args.fingerprint:
        raise CliError(_("请与对方电话核对指纹后，用 --fingerprint 输入核对过的指纹"))
    database, actor = _open(args)
    with database.sessions.begin() as session:
        result = register_card(session, actor(session), card, args.fingerprint)
    database.close()
    print(_("已更新这个单位的密钥卡") if result.replaced else _("已登记这个单位的密钥卡"))
    if result.added_sub_office:
        print(_("已把它加入下级组织名册"))
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    period = parse_period(args.period) if args.period else None
    declared = parse_period(args.declare_empty) if args.declare_empty else None
    database, actor_of = _open(args)
    with database.sessions.begin() as session:
        actor = actor_of(session)
        recipient = args.office or default_recipient(session)
        selection = selection_for(session, recipient, period, args.since_last)
        result = export_bundle(session, actor, recipient, Path(args.to), selection, cli_context(args).travel,
                               keep_alive=args.empty, declare_empty=declared)
    database.close()
    if not result.written:
        print(_("上次导出以来没有新的改动，没有写出数据包，也没有占用编号。"
                "如需告诉对方本单位仍在正常报送，请加 --empty 导出一个空数据包。"))
        return 0
    for name, count in result.counts.items():
        if count:
            print(f"{table_label(name)}\t{count}")
    total = sum(result.counts.values())
    if result.declared_empty:
        print(_("数据包声明本单位 {period} 无数据（本期无数据）。").format(period=result.declared_empty))
    elif not total:
        print(_("这是一个空数据包（没有记录），只告诉对方本单位仍在联系。"))
    print(_("已导出第 {sequence} 号数据包 {path}（{count} 条记录），已读回校验，可以安全拔出 U 盘。").format(
        sequence=result.sequence, path=result.path, count=total))
    return 0


def print_plan(plan: ImportPlan, out: TextIO | None = None) -> None:
    """Print a dry-run summary: one line per table, then the rejected records."""
    out = out or sys.stdout  # read at call time: a default bound at import outlives a replaced stdout
    out.write(_("发送单位：{name}（{code}），第 {sequence} 号").format(
        name=plan.sender_name, code=plan.sender_code, sequence=plan.sequence) + "\n")
    if plan.gap:
        out.write(_("注意：缺少第 {numbers} 号数据包").format(numbers=plan.gap) + "\n")
    out.write("\t".join([_("数据表")] + [_(label) for label in CATEGORIES.values()]) + "\n")
    for table, counts in sorted(plan.counts.items()):
        out.write("\t".join([table_label(table)] + [str(counts.get(key, 0)) for key in CATEGORIES]) + "\n")
    if plan.audit:
        out.write(_("随附其他单位的修改记录（审计）{count} 条").format(count=len(plan.audit)) + "\n")
    for table, record_id, reason in plan.rejected[:50]:
        out.write(_("不合格：{table} {id}：{reason}").format(table=table_label(table), id=record_id, reason=reason) + "\n")


def _cmd_import(args: argparse.Namespace) -> int:
    data = read_exchange_file(Path(args.file))
    database, actor = _open(args)
    with database.sessions.begin() as session:
        result = import_bundle(session, actor(session), data, Path(args.file).name, args.dry_run,
                               tables=cli_context(args).travel)
    database.close()
    print_plan(result.plan)
    if result.plan.already_imported:
        print(_("这个数据包以前已经导入过，本次没有任何改动。"))
    elif args.dry_run:
        print(_("这是预检，没有改动数据库。"))
        return 1 if result.plan.rejected else 0
    else:
        print(_("已导入。"))
    return 0


def _cmd_ledger(args: argparse.Namespace) -> int:
    database = open_for(args)
    with database.sessions() as session:
        rows = LEDGER.rows(session, ListQuery(), 0, None)
    database.close()
    for row in rows:
        print("\t".join([
            format_datetime(row["received_at"]), f"{row['sender_name']}（{row['sender']}）",
            _("第 {sequence} 号").format(sequence=row["sequence"]), row["summary_text"], row["gap_text"],
        ]))
    if not rows:
        print(_("还没有收到过数据包"))
    return 0


def _cmd_counts(args: argparse.Namespace) -> int:
    period = parse_period(args.period) if args.period else None
    database = open_for(args)
    with database.sessions() as session:
        recipient = args.office or default_recipient(session)
        counts = export_counts(session, selection_for(session, recipient, period, args.since_last), cli_context(args).travel)
    database.close()
    for name, count in counts.items():
        print(f"{table_label(name)}\t{count}")
    return 0


def _cmd_resolve(args: argparse.Namespace) -> int:
    database, actor = _open(args)
    with database.sessions.begin() as session:
        if args.conflict_id is None:
            rows = CONFLICTS.rows(session, ListQuery(filters={"open": True}), 0, None)
            for row in rows:
                print("\t".join([row["id"], row["table_label"], row["record_id"], row["sender"]]))
            if not rows:
                print(_("没有待处理的冲突"))
        else:
            resolve_conflict(session, actor(session), args.conflict_id, args.choice, cli_context(args).travel)
            print(_("冲突已处理"))
    database.close()
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the exchange commands to the main parser."""
    keys = sub.add_parser("keys", help=_("本单位的密钥卡和对方单位密钥卡的登记"))
    keys_sub = keys.add_subparsers(dest="keys_command", metavar=_("命令"), required=True, parser_class=type(keys))
    card = keys_sub.add_parser("card", help=_("写出本单位的密钥卡文件和打印页"))
    card.add_argument("--out", required=True, help=_("输出文件夹"))
    card.set_defaults(handler=_cmd_card)
    reg = keys_sub.add_parser("register", help=_("登记上级或下级单位的密钥卡"))
    reg.add_argument("file", help=_("密钥卡文件（.deskkey）"))
    reg.add_argument("--fingerprint", help=_("与对方电话核对过的指纹"))
    reg.set_defaults(handler=_cmd_register)

    for name, handler, text in (
        ("export", _cmd_export, _("导出数据包到文件夹（U 盘）")),
        ("export-counts", _cmd_counts, _("显示导出时每类数据各有多少条")),
    ):
        export = sub.add_parser(name, help=text)
        if name == "export":
            export.add_argument("--to", required=True, help=_("目标文件夹"))
        export.add_argument("--office", help=_("接收单位代码（默认为上级妇联）"))
        group = export.add_mutually_exclusive_group()
        group.add_argument("--period", help=_("期间，如 2020H1"))
        group.add_argument("--since-last", action="store_true", help=_("上次导出以来的全部改动（包括从下级收到的）"))
        if name == "export":
            export.add_argument("--empty", action="store_true", help=_("没有新改动时也导出一个空数据包（表示仍在联系）"))
            export.add_argument("--declare-empty", metavar=_("期间"), help=_("声明本单位该期间没有数据（本期无数据），如 2021H1"))
        export.set_defaults(handler=handler)

    imp = sub.add_parser("import", help=_("导入下级单位的数据包"))
    imp.add_argument("file", help=_("数据包文件"))
    imp.add_argument("--dry-run", action="store_true", help=_("只预检，不改动数据库"))
    imp.set_defaults(handler=_cmd_import)

    ledger = sub.add_parser("ledger", help=_("列出收到过的数据包"))
    ledger.set_defaults(handler=_cmd_ledger)

    conflicts = sub.add_parser("conflicts", help=_("列出或处理导入时发现的冲突"))
    conflicts.add_argument("conflict_id", nargs="?", help=_("冲突编号"))
    conflicts.add_argument("choice", nargs="?", choices=("mine", "theirs"), help=_("mine 保留本单位的，theirs 采用对方的"))
    conflicts.set_defaults(handler=_cmd_resolve)
