"""What every command-line module shares without importing desk.cli: the error type, the database chosen, passwords."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.core.paths import default_db_path


class CliError(DeskError):
    """A mistake on the command line, reported in one line."""


def db_target(args: argparse.Namespace) -> str:
    """Return the database chosen with --db, else the default file in the user's data folder."""
    return args.db or str(default_db_path())


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
