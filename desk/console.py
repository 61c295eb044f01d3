"""What every command-line module shares without importing desk.cli: the context, the error type, the database chosen, passwords."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.core.paths import default_db_path

if TYPE_CHECKING:
    from desk.areas import ListCommand
    from desk.exchange.travel import TravelSet
    from desk.reports.registry import ReportRegistry
    from desk.sheets.catalog import SheetCatalog


class Registries:
    """What a run collects from the packages: the report registry, the travelling tables, the sheet catalogue.

    Each is the one given, else built the first time it is asked for (a ``list`` command never loads
    the reports) and then kept for the run. CliContext and the window's AppContext are both one; a
    test makes its own, so nothing it registers reaches another test.
    """

    def __init__(self, reports: ReportRegistry | None = None, travel: TravelSet | None = None,
                 sheets: SheetCatalog | None = None) -> None:
        self._reports = reports
        self._travel = travel
        self._sheets = sheets

    @property
    def reports(self) -> ReportRegistry:
        """The summary sections, tables, figures and award source (desk/reports/registry.py)."""
        if self._reports is None:
            from desk.reports.registry import build_report_registry

            self._reports = build_report_registry()
        return self._reports

    @property
    def travel(self) -> TravelSet:
        """The travelling tables exchange exports and imports (the program's own unless given)."""
        if self._travel is None:
            from desk.exchange.travel import program_tables

            self._travel = program_tables()
        return self._travel

    @property
    def sheets(self) -> SheetCatalog:
        """The Excel sheets: templates, imports, exports."""
        if self._sheets is None:
            from desk.sheets.catalog import discover_sheets

            self._sheets = discover_sheets()
        return self._sheets


class CliContext(Registries):
    """What one run of the command line collects from the packages and hands to its command (as ``args.context``)."""

    @property
    def lists(self) -> dict[str, ListCommand]:
        """Every list the areas declare, by name (``list NAME``)."""
        from desk.areas import list_commands

        return list_commands()


def cli_context(args: argparse.Namespace) -> CliContext:
    """Return the context ``desk.cli.main`` put on ``args`` (a new one for a handler called directly)."""
    context = getattr(args, "context", None)
    if not isinstance(context, CliContext):
        context = args.context = CliContext()
    return context


class CliError(DeskError):
    """A mistake on the command line, reported in one line."""


def db_target(args: argparse.Namespace) -> str:
    """Return the database chosen with --db, else the default file in the user's data folder."""
    return args.db or str(default_db_path())


def gui_options(arguments: list[str]) -> argparse.Namespace | None:
    """Return ``db`` and ``user`` of a command line that only opens the window, or None for any other line.

    ``main.py [--db PATH] [--user NAME]`` (also ``--db=PATH``) opens the window without the full
    parser, whose subcommands load every area; any other line goes to desk.cli, which runs the
    command or refuses the line as it always has.
    """
    options = argparse.Namespace(db=None, user=None)
    position = 0
    while position < len(arguments):
        name, equals, value = arguments[position].partition("=")
        if name not in ("--db", "--user"):
            return None
        if not equals:
            position += 1
            if position == len(arguments) or arguments[position].startswith("-"):
                return None
            value = arguments[position]
        setattr(options, name[2:], value)
        position += 1
    return options


def read_password(confirm: bool = False) -> str:
    """Return the password from DESK_PASSWORD or a prompt (asked twice when ``confirm``)."""
    password = os.environ.get("DESK_PASSWORD")
    if password:
        return password
    if not sys.stdin.isatty():
        raise CliError(_("请在环境变量 DESK_PASSWORD 中提供密码"))
    password = getpass.getpass(_("密码：") + " ")
    if confirm and getpass.getpass(_("再输一次密码：") + " ") != password:
        raise CliError(_("两次输入的密码不一致"))
    return password
