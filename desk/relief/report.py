"""The relief area's part of the reports: visits and stipends in the summary, a table and home figures."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.core.i18n import N_, _, pgettext
from desk.core.periods import Period
from desk.office.scope import Scope
from desk.office.voice import office_voice
from desk.relief.model import GROUPS, Beneficiary, StipendBatch, StipendLine
from desk.relief.stats import StipendStats, VisitStats, stipend_stats, visit_stats
from desk.reports.compare import change_clause, same_period_last_year
from desk.reports.numbers import money, people
from desk.reports.registry import ReportRegistry
from desk.reports.sections import Figure
from desk.reports.tables import StatTable, office_rows

_VISIT_GROUPS = ("left_behind", "orphan_disabled", "single_parent", "spring_bud", "triplets", "other")
_FIELDS = {"other": "other_group"}


def _group_name(group: str) -> str:
    name = _(GROUPS.get(group, N_("其他")))
    return _("“{name}”").format(name=name) if group == "spring_bud" else name


def _reached(group: str, count: int) -> str:
    if group == "triplets":
        return _("{group}{count}户").format(group=_group_name(group), count=count)
    if group == "other":
        return _("其他群众{count}名").format(count=count)
    return _("{group}{count}名").format(group=_group_name(group), count=count)


def visit_sentences(session: Session, period: Period, scope: Scope) -> list[str]:
    """Return the visits sentence: how many visits, whom they reached by group, goods and cash handed out."""
    stats = visit_stats(session, period, scope)
    if not stats.visits:
        return []
    reached = [_reached(group, getattr(stats, _FIELDS.get(group, group))) for group in _VISIT_GROUPS
               if getattr(stats, _FIELDS.get(group, group))]
    whom = _("，慰问{groups}").format(groups="、".join(reached)) if reached else ""
    value = _("，送去慰问品和慰问金共{amount}").format(amount=money(stats.total_fen)) if stats.total_fen else ""
    before = visit_stats(session, same_period_last_year(period), scope).visits
    return [_("{span}{us}妇联共组织开展慰问活动{count}次{change}{whom}{value}。").format(
        span=period.span_word, us=office_voice(session).self_name, count=stats.visits,
        change=change_clause(stats.visits, before, _("次")), whom=whom, value=value)]


def stipend_sentences(session: Session, period: Period, scope: Scope) -> list[str]:
    """Return the seed's stipend sentence per beneficiary group: 给70名受助“春蕾女童”发放扶持款1.7万元。"""
    where = [StipendLine.deleted.is_(False), StipendBatch.deleted.is_(False),
             StipendBatch.pay_date.between(period.start, period.end)]
    if scope.codes is not None:
        where.append(StipendBatch.origin_office.in_(sorted(scope.codes)))
    amount = func.sum(StipendLine.amount_fen)
    rows = session.execute(
        select(Beneficiary.group, func.count(func.distinct(StipendLine.beneficiary_id)), amount)
        .join(StipendBatch, StipendBatch.id == StipendLine.batch_id)
        .join(Beneficiary, Beneficiary.id == StipendLine.beneficiary_id)
        .where(*where).group_by(Beneficiary.group).order_by(amount.desc())
    ).all()
    parts = [_("给{count}受助{group}发放扶持款{amount}").format(
        count=people(count), group=_group_name(group or "other") if group else pgettext("relief recipients", "对象"),
        amount=money(int(total or 0)))
        for group, count, total in rows if count]
    return [_("{parts}。").format(parts="；".join(parts))] if parts else []


HEADERS = (N_("单位"), N_("慰问次数"), N_("慰问人数"), N_("慰问品（元）"), N_("慰问金（元）"), N_("扶持款发放批次"),
           N_("受助人数"), N_("扶持款（元）"))


def _row(visits: VisitStats, stipends: StipendStats) -> tuple[int | float, ...]:
    return (visits.visits, visits.people_reached, visits.goods_fen / 100, visits.cash_fen / 100,
            stipends.batches, stipends.recipients, stipends.amount_fen / 100)


def relief_table(session: Session, period: Period, scope: Scope) -> StatTable | None:
    """Return the relief table: one row per office and the total (amounts in yuan)."""
    rows, totals = office_rows(
        session, scope, lambda one: _row(visit_stats(session, period, one), stipend_stats(session, period, one)))
    if not totals[1] and not totals[5]:
        return None
    return StatTable(_("慰问帮扶统计表"), tuple(_(h) for h in HEADERS), rows, totals)


def relief_figures(session: Session, period: Period, scope: Scope) -> list[Figure]:
    """Return the home screen's relief figures of the period."""
    visits = visit_stats(session, period, scope)
    stipends = stipend_stats(session, period, scope)
    return [
        Figure(_("慰问活动"), _("{count}次，{amount}").format(count=visits.visits, amount=money(visits.total_fen))),
        Figure(_("慰问人数"), people(visits.people_reached)),
        Figure(_("扶持款"), _("{count}，{amount}").format(count=people(stipends.recipients), amount=money(stipends.amount_fen))),
    ]


def contribute(registry: ReportRegistry) -> None:
    """Add this area's part of the reports to ``registry``."""
    registry.add_sentences("relief", "relief", visit_sentences, order=40)
    registry.add_sentences("relief", "relief-stipends", stipend_sentences, order=60)
    registry.register_table("relief", 30, relief_table)
    registry.add_monthly("relief", 30, N_("慰问活动（次）"), lambda session, period, scope: visit_stats(session, period, scope).visits)
    registry.add_figures("relief", 30, N_("慰问帮扶"), relief_figures)
