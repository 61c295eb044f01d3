"""Command-line extras of organisation building: the assessment rating thresholds and a ranking."""

from __future__ import annotations

import argparse
import getpass

from desk.core.i18n import _


def _cmd_thresholds(args: argparse.Namespace) -> int:
    from desk.db.records import system_actor
    from desk.office.service import get_profile
    from desk.organisation.settings import set_thresholds, thresholds
    from desk.security.cli import open_logged_in

    changing = args.excellent is not None or args.competent is not None
    database, actor = open_logged_in(args, required=False)
    try:
        if changing:
            with database.sessions.begin() as session:
                # On a plain database without --user the program itself changes them (a script), and says so in the log.
                who = actor if actor is not None else system_actor(get_profile(session).code, getpass.getuser())
                excellent, competent = thresholds(session)
                set_thresholds(session, who, args.excellent if args.excellent is not None else excellent,
                               args.competent if args.competent is not None else competent)
        with database.sessions() as session:
            excellent, competent = thresholds(session)
        print(_("优秀：{excellent}分及以上；称职：{competent}分及以上；其余为不称职").format(
            excellent=excellent, competent=competent))
    finally:
        database.close()
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``rating-thresholds``: show or set the score thresholds of the assessment ratings."""
    parser = subparsers.add_parser("rating-thresholds", help=_("查看或设置目标责任制考核的评定分数线"))
    parser.add_argument("--excellent", type=int, help=_("优秀的最低分"))
    parser.add_argument("--competent", type=int, help=_("称职的最低分"))
    parser.set_defaults(handler=_cmd_thresholds)
