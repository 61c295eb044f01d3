"""The petitions area's part of the reports: the summary's petition sentences, its table, home figures and overdue petitions."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.core.formatting import rate_text
from desk.core.i18n import N_, _
from desk.core.periods import Period
from desk.db.scan import unindexed
from desk.office.scope import Scope
from desk.office.voice import office_voice
from desk.petitions.model import Petition
from desk.petitions.rules import deadlines, overdue_clause
from desk.petitions.stats import PetitionStats, petition_stats
from desk.reports.compare import change_clause, same_period_last_year
from desk.reports.numbers import cases, percent, pieces
from desk.reports.registry import ReportRegistry
from desk.reports.sections import Figure
from desk.reports.tables import StatTable, office_rows


def petition_sentences(session: Session, period: Period, scope: Scope) -> list[str]:
    """Return the petitions sentence naming every channel, the answer rate and the petitions open past their deadline.

    半年来我县妇联共受理来信来访46件（次），其中来访29件（次）、来信5件、来电12件（次），处理答复率95.7%，
    有2件已超过办理期限仍未办结。 Channels without petitions are left out.
    """
    stats = petition_stats(session, period, scope)
    if not stats.total:
        return []
    channels = ((N_("来访{count}"), cases(stats.visits), stats.visits),
                (N_("来信{count}"), pieces(stats.letters), stats.letters),
                (N_("来电{count}"), cases(stats.calls), stats.calls),
                (N_("其他渠道{count}"), cases(stats.other_channel), stats.other_channel))
    parts = [_(text).format(count=count) for text, count, number in channels if number]
    among = _("，其中{parts}").format(parts="、".join(parts)) if parts else ""
    overdue = _("，有{count}已超过办理期限仍未办结").format(count=pieces(stats.overdue)) if stats.overdue else ""
    before = petition_stats(session, same_period_last_year(period), scope).total
    change = change_clause(stats.total, before, _("件（次）"))
    return [_("{period}{us}妇联共受理来信来访{total}{change}{among}，处理答复率{rate}{overdue}。").format(
        period=period.span_word, us=office_voice(session).self_name, total=cases(stats.total), change=change, among=among,
        rate=percent(stats.answered, stats.total), overdue=overdue)]


def _row(stats: PetitionStats) -> tuple[int | str, ...]:
    return (stats.total, stats.visits, stats.letters, stats.calls, stats.other_channel, stats.people,
            stats.answered, rate_text(stats.answered, stats.total), stats.overdue)


HEADERS = (N_("单位"), N_("信访总数（件次）"), N_("来访"), N_("来信"), N_("来电"), N_("其他渠道"), N_("涉及人次"),
           N_("已答复或办结"), N_("处理答复率"), N_("逾期未办结"))
_RATE = HEADERS.index(N_("处理答复率"))


def petition_table(session: Session, period: Period, scope: Scope) -> StatTable | None:
    """Return the petitions table: one row per office of the scope and the total."""
    rows, totals = office_rows(session, scope, lambda one: _row(petition_stats(session, period, one)))
    if not totals[1]:
        return None
    totals = (*totals[:_RATE], rate_text(int(totals[_RATE - 1] or 0), int(totals[1] or 0)), *totals[_RATE + 1:])
    return StatTable(_("妇女信访统计表"), tuple(_(h) for h in HEADERS), rows, totals)


def petition_figures(session: Session, period: Period, scope: Scope) -> list[Figure]:
    """Return the home screen's petition figures of the period."""
    stats = petition_stats(session, period, scope)
    return [
        Figure(_("信访总数"), cases(stats.total)),
        Figure(_("来信 / 来电"), _("{letters} / {calls}").format(letters=pieces(stats.letters), calls=cases(stats.calls))),
        Figure(_("处理答复率"), percent(stats.answered, stats.total) or "—"),
    ]


def overdue_count(session: Session, scope: Scope, today: dt.date | None = None) -> int:
    """Return how many petitions of ``scope`` (received in any period) are past their deadline on ``today``."""
    # Not through the period index's one-value deleted prefix (a million lookups): the office's or status's index.
    where = [unindexed(Petition.deleted).is_(False), overdue_clause(deadlines(session), today or dt.date.today())]
    if scope.codes is not None:
        where.append(Petition.origin_office.in_(sorted(scope.codes)))
    return int(session.execute(select(func.count()).select_from(Petition).where(*where)).scalar_one())


def overdue_items(session: Session, period: Period, scope: Scope, today: dt.date | None = None) -> list[str]:
    """Return the attention sentence about petitions past their deadline (received in any period)."""
    count = overdue_count(session, scope, today)
    if not count:
        return []
    return [_("有{count}件信访已超过办理期限仍未办结，请到“信访”中查看并尽快答复。").format(count=count)]


def contribute(registry: ReportRegistry) -> None:
    """Add this area's part of the reports to ``registry``."""
    registry.add_sentences("rights", "petitions", petition_sentences, order=40)
    registry.register_table("petitions", 40, petition_table)
    registry.add_monthly("petitions", 40, N_("信访（件次）"), lambda session, period, scope: petition_stats(session, period, scope).total)
    registry.add_figures("petitions", 40, N_("维权信访"), petition_figures)
    registry.add_attention("petitions", 10, overdue_items)
