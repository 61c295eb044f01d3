"""The ``petition-stats`` command: a period's petition figures (件次, channels, answer rate, overdue)."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json

from desk.core.formatting import rate_text
from desk.core.i18n import _
from desk.core.periods import parse_period


def _cmd_stats(args: argparse.Namespace) -> int:
    from desk.cli import open_for
    from desk.console import CliError
    from desk.office.scope import office_scope
    from desk.petitions.stats import petition_stats

    period = parse_period(args.period)
    try:
        today = dt.date.fromisoformat(args.today) if args.today else dt.date.today()
    except ValueError:
        raise CliError(_("日期“{text}”无效，请写成 2020-07-01").format(text=args.today)) from None
    database = open_for(args)
    with database.sessions() as session:
        figures = petition_stats(session, period, office_scope(session, tree=args.tree), today)
    database.close()
    if args.json:
        print(json.dumps(dataclasses.asdict(figures), ensure_ascii=False))
        return 0
    print(
        _("{period}共接待信访{total}件(次)，其中来访{visits}件(次)，来信{letters}件，来电{calls}件(次)，"
          "处理答复率{rate}，超期{overdue}件。").format(
            period=period.label, total=figures.total, visits=figures.visits, letters=figures.letters,
            calls=figures.calls, rate=rate_text(figures.answered, figures.total) or "—", overdue=figures.overdue,
        )
    )
    return 0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``petition-stats`` to the command line."""
    parser = subparsers.add_parser("petition-stats", help=_("统计某一期间的信访件数、来源和处理答复率"))
    parser.add_argument("--period", required=True, help=_("期间，如 2020H1、2020Q3、2020"))
    parser.add_argument("--tree", action="store_true", help=_("包括下级组织的记录"))
    parser.add_argument("--today", help=_("按哪一天判断超期（默认今天），如 2020-07-01"))
    parser.add_argument("--json", action="store_true", help=_("输出一个 JSON 对象"))
    parser.set_defaults(handler=_cmd_stats)
