"""``report summary|tables|certificates|calibration``: the reports from the command line."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

from desk.console import cli_context
from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.core.periods import Period, parse_period
from desk.office.scope import office_scope
from desk.office.service import get_profile

if TYPE_CHECKING:
    from desk.db.database import Database
    from desk.reports.certificates import CertificateOptions


def _write(path: str, data: bytes) -> None:
    target = Path(path)
    if not target.parent.exists():
        raise DeskError(_("输出文件夹不存在：{folder}").format(folder=target.parent))
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)


def _period(args: argparse.Namespace) -> Period:
    return parse_period(args.period)


def _open_to_print(args: argparse.Namespace) -> Database:
    """Open the database for a report: a logged-in user needs to read records and the print grant."""
    from desk.core.roles import DO_PRINT, VIEW, require
    from desk.security.cli import open_logged_in

    database, login = open_logged_in(args, required=False)
    if login is not None:
        try:
            require(login, VIEW)
            require(login, DO_PRINT)
        except DeskError:
            database.close()
            raise
    return database


def _cmd_summary(args: argparse.Namespace) -> int:
    from desk.reports.summary import render_summary

    period = _period(args)
    day = dt.date.fromisoformat(args.date) if args.date else None
    database = _open_to_print(args)
    with database.sessions() as session:
        profile = get_profile(session)
        pdf = render_summary(session, period, office_scope(session, tree=args.scope == "tree"), profile.name, day,
                             reports=cli_context(args).reports)
    database.close()
    _write(args.out, pdf)
    print(_("已生成工作总结：{path}").format(path=args.out))
    return 0


def _cmd_tables(args: argparse.Namespace) -> int:
    from desk.reports.tables import build_tables, tables_pdf, tables_xlsx

    period = _period(args)
    suffix = Path(args.out).suffix.lower()
    if suffix not in (".xlsx", ".pdf"):
        raise DeskError(_("输出文件应以 .xlsx 或 .pdf 结尾：{path}").format(path=args.out))
    reports = cli_context(args).reports
    database = _open_to_print(args)
    with database.sessions() as session:
        profile = get_profile(session)
        tables = build_tables(session, period, office_scope(session, tree=args.scope == "tree"), profile.name, reports=reports)
        data = tables_xlsx(tables) if suffix == ".xlsx" else tables_pdf(tables, profile.name, period.label)
    database.close()
    _write(args.out, data)
    if not tables:
        print(_("{period}没有可统计的数据；已写出空表：{path}").format(period=period.label, path=args.out))
    else:
        print(_("已生成统计报表（{count}张表）：{path}").format(count=len(tables), path=args.out))
    return 0


def _options(args: argparse.Namespace) -> CertificateOptions:
    from desk.reports.certificates import CertificateOptions

    return CertificateOptions(
        orientation="portrait" if args.portrait else "landscape",
        preprinted=args.preprinted,
        offset_x_mm=args.offset_x,
        offset_y_mm=args.offset_y,
    )


def _cmd_certificates(args: argparse.Namespace) -> int:
    from desk.core.roles import DO_PRINT, require
    from desk.office.service import actor_for
    from desk.reports.certificates import render_certificates
    from desk.reports.register import awards_for, issue, reprint
    from desk.security.cli import open_logged_in

    database, login = open_logged_in(args, required=False)
    try:
        if login is not None:
            require(login, DO_PRINT)
        with database.sessions.begin() as session:
            if args.reprint:
                items = reprint(session, args.reprint)
            else:
                period = parse_period(args.period) if args.period else None
                if period is None and not args.award and not args.event:
                    raise DeskError(_("请用 --period 指定期间，或用 --award / --event 指定表彰记录"))
                # A plain database opened without --user registers the administrator as the printer.
                actor = login or actor_for(session, "admin")
                items = issue(session, actor, awards_for(session, period, args.award or (), args.event,
                                                         reports=cli_context(args).reports))
            pdf = render_certificates(items, _options(args))
            _write(args.out, pdf)  # inside the transaction: no file, no registration
    finally:
        database.close()
    print(_("已生成{count}张荣誉证书：{path}").format(count=len(items), path=args.out))
    return 0


def _cmd_calibration(args: argparse.Namespace) -> int:
    from desk.reports.certificates import render_calibration

    _write(args.out, render_calibration(_options(args)))
    print(_("已生成套打校准页：{path}").format(path=args.out))
    return 0


def _certificate_layout(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--portrait", action="store_true", help=_("纵向证书（默认横向）"))
    parser.add_argument("--preprinted", action="store_true", help=_("套打在印好的证书纸上：不印边框和标题"))
    parser.add_argument("--offset-x", type=float, default=0.0, help=_("套打时文字向右移动的毫米数（可为负）"))
    parser.add_argument("--offset-y", type=float, default=0.0, help=_("套打时文字向下移动的毫米数（可为负）"))
    parser.add_argument("--out", required=True, help=_("输出的 PDF 文件"))


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``report`` command and its subcommands."""
    from desk.cli import _SubParser

    report = subparsers.add_parser("report", help=_("生成工作总结、统计报表和荣誉证书"))
    sub = report.add_subparsers(dest="report_command", metavar=_("报表名称"), required=True, parser_class=_SubParser)

    summary = sub.add_parser("summary", help=_("工作总结（PDF，按 GB/T 9704 排版）"))
    summary.add_argument("--period", required=True, help=_("期间，如 2020H1、2020Q3、2020"))
    summary.add_argument("--scope", choices=("office", "tree"), default="office", help=_("office：本单位；tree：本单位及所有下级"))
    summary.add_argument("--date", help=_("成文日期，如 2020-07-10（默认今天）"))
    summary.add_argument("--out", required=True, help=_("输出的 PDF 文件"))
    summary.set_defaults(handler=_cmd_summary)

    tables = sub.add_parser("tables", help=_("统计报表（XLSX 或 PDF）"))
    tables.add_argument("--period", required=True, help=_("期间，如 2020H1、2020Q3、2020"))
    tables.add_argument("--scope", choices=("office", "tree"), default="office", help=_("office：本单位；tree：本单位及所有下级"))
    tables.add_argument("--out", required=True, help=_("输出文件，.xlsx 或 .pdf"))
    tables.set_defaults(handler=_cmd_tables)

    certificates = sub.add_parser("certificates", help=_("荣誉证书（PDF，打印即登记）"))
    certificates.add_argument("--period", help=_("打印该期间的全部表彰，如 2020H1"))
    certificates.add_argument("--award", action="append", help=_("只打印这条表彰记录（可重复）"))
    certificates.add_argument("--event", help=_("打印这次活动（如表彰大会）的全部表彰，按活动编号"))
    certificates.add_argument("--reprint", action="append", help=_("按登记的证书编号重印，如 〔2020〕第001号（可重复）"))
    _certificate_layout(certificates)
    certificates.set_defaults(handler=_cmd_certificates)

    calibration = sub.add_parser("calibration", help=_("套打证书纸的校准页"))
    _certificate_layout(calibration)
    calibration.set_defaults(handler=_cmd_calibration)
