"""The ``sheet`` commands: write an area's template, import a ledger, export a list to Excel."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from desk.core.i18n import _
from desk.core.periods import parse_period
from desk.db.listing import ListQuery

if TYPE_CHECKING:
    from desk.sheets.spec import SheetSpec


def _spec(args: argparse.Namespace) -> SheetSpec:
    """Return the sheet ``--area`` names, from the run's catalogue."""
    from desk.console import CliError, cli_context

    key, specs = args.area, cli_context(args).sheets
    if key not in specs:
        raise CliError(_("没有名为“{name}”的表格；可用：{names}").format(name=key, names="、".join(specs)))
    return specs[key]


def _cmd_template(args: argparse.Namespace) -> int:
    from desk.sheets.writer import write_template

    write_template(_spec(args), args.out)
    print(_("已写入模板 {path}").format(path=args.out))
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    from desk.console import CliError, cli_context
    from desk.sheets.importer import guess_mapping, guess_sheet, import_rows, missing_required
    from desk.sheets.reader import read_table

    table = read_table(args.file)
    spec = _spec(args) if args.area else guess_sheet(cli_context(args).sheets, table.header)
    if spec is None:
        raise CliError(_("认不出这是哪一类台账，请用 --area 指定，如 --area events"))
    mapping = guess_mapping(spec, table.header)
    missing = missing_required(spec, mapping)
    if missing:
        raise CliError(_("表格缺少必填的列：{columns}").format(columns="、".join(missing)))
    for note in table.notes:
        print(note, file=sys.stderr)
    from desk.security.cli import open_logged_in
    from desk.sheets.service import log_import

    database, actor = open_logged_in(args)  # an import writes records: a user logs in
    try:
        with database.sessions() as session:
            result = import_rows(session, actor, spec, table, mapping)
            for problem in result.problems:
                print(_("第{row}行 {column}：{message}").format(row=problem.row, column=problem.column, message=problem.message))
            for warning in result.warnings:
                print(_("第{row}行 {column}：{message}").format(row=warning.row, column=warning.column, message=warning.message))
            refused = args.strict and result.refused_rows
            if args.dry_run or refused:
                session.rollback()
            else:
                log_import(session, actor, spec, args.file, result)
                session.commit()
    finally:
        database.close()
    summary = result.preview_summary if args.dry_run or refused else result.summary
    print(_("{sheet}：{summary}").format(sheet=_(spec.title), summary=summary))
    if refused:
        print(_("有问题的行，按 --strict 整个文件未导入"), file=sys.stderr)
        return 1
    if args.dry_run:
        print(_("试导入：没有写入数据库"))
    if result.refused_rows:  # 0 only when every row was saved (or had been imported before)
        print(_("有 {count} 行没有导入，请改正后再导入这些行").format(count=len(result.refused_rows)), file=sys.stderr)
        return 1
    return 0


def _cmd_export(args: argparse.Namespace) -> int:
    from desk.security.cli import open_logged_in
    from desk.sheets.service import export_sheet

    spec = _spec(args)
    period = parse_period(args.period) if args.period else None
    database, actor = open_logged_in(args, required=False)
    try:
        with database.sessions.begin() as session:
            query = ListQuery(search=args.search or "", period=period)  # as ``list`` shows it
            count = export_sheet(session, actor, spec, query, args.out, records=args.records)
    finally:
        database.close()
    print(_("已导出 {count} 条记录到 {path}").format(count=count, path=args.out))
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``sheet template|import|export`` to the command line."""
    from desk.cli import _SubParser

    sheet = subparsers.add_parser("sheet", help=_("Excel 模板、导入台账、导出列表"))
    commands = sheet.add_subparsers(dest="sheet_command", metavar=_("命令"), parser_class=_SubParser, required=True)

    template = commands.add_parser("template", help=_("写出某一工作领域的空白模板"))
    template.add_argument("area", help=_("表格名称，如 events、petitions、trainees"))
    template.add_argument("--out", required=True, help=_("要写入的 .xlsx 文件"))
    template.set_defaults(handler=_cmd_template)

    importing = commands.add_parser("import", help=_("导入 .xlsx 或 .csv 台账"))
    importing.add_argument("file", help=_("要导入的 .xlsx 或 .csv 文件"))
    importing.add_argument("--area", help=_("表格名称；不填时按列名识别"))
    importing.add_argument("--dry-run", action="store_true", help=_("只检查并报告，不写入数据库"))
    importing.add_argument("--strict", action="store_true", help=_("任何一行有问题时整个文件都不导入"))
    importing.set_defaults(handler=_cmd_import)

    export = commands.add_parser("export", help=_("把某一列表导出为 .xlsx"))
    export.add_argument("area", help=_("表格名称，如 events"))
    export.add_argument("--period", help=_("期间，如 2020H1、2020Q3、2020"))
    export.add_argument("--search", help=_("按名称等搜索"))
    export.add_argument("--records", action="store_true", help=_("按模板的列导出每条记录（可再导入；敏感信息按权限遮盖）"))
    export.add_argument("--out", required=True, help=_("要写入的 .xlsx 文件"))
    export.set_defaults(handler=_cmd_export)
