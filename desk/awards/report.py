"""The awards area's part of the reports: honours in the summary's overview, a table, home figures and certificates."""

from __future__ import annotations

from collections.abc import Sequence
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from desk.awards.model import TITLE_LEVELS, Award, HonourTitle
from desk.awards.stats import AwardStats, award_stats
from desk.awards.titles import honour_name, title_context
from desk.core.i18n import N_, _
from desk.core.periods import Period
from desk.office.scope import Scope
from desk.reports.registry import ReportRegistry
from desk.reports.sections import Figure
from desk.reports.tables import StatTable, office_rows

if TYPE_CHECKING:
    from desk.reports.certificates import CertificateItem  # with ReportLab: loaded when certificates are made

NAMED_AWARDEES = 8  # more awardees of one title than this are summed up as 王小花等20名同志
_LEVELS = tuple(TITLE_LEVELS)


def _where(period: Period | None, scope: Scope | None) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = [Award.deleted.is_(False)]
    if period is not None:
        where.append(Award.awarded_on.between(period.start, period.end))
    if scope is not None and scope.codes is not None:
        where.append(Award.origin_office.in_(sorted(scope.codes)))
    return where


def _when(session: Session, period: Period, where: list[ColumnElement[bool]]) -> str:
    first, last = session.execute(select(func.min(Award.awarded_on), func.max(Award.awarded_on)).where(*where)).one()
    if first is not None and (first.year, first.month) == (last.year, last.month) and period.start.year == period.end.year:
        return _("今年{month}月").format(month=first.month)
    return period.span_word


def _office_sentence(session: Session, period: Period, scope: Scope) -> str:
    where = [*_where(period, scope), Award.received_by_office.is_(True)]
    titles = session.execute(
        select(HonourTitle.name, HonourTitle.level, func.min(Award.awarding_body))
        .select_from(Award).join(HonourTitle, HonourTitle.id == Award.title_id)
        .where(*where).group_by(HonourTitle.name, HonourTitle.level)
        .order_by(func.min(Award.awarded_on), HonourTitle.level.desc(), HonourTitle.name)
    ).all()
    if not titles:
        return ""
    context = title_context(session)
    names = "、".join(dict.fromkeys(honour_name(name, level, body, context) for name, level, body in titles))
    return _("{when}{federation}荣获{titles}光荣称号。").format(
        when=_when(session, period, where), federation=context.voice.federation, titles=names)


def _awardee_sentences(session: Session, period: Period, scope: Scope, also: bool) -> list[str]:
    where = [*_where(period, scope), Award.received_by_office.is_(False)]
    count = func.count()  # not count(Award.id): the summary index covers the query without the id
    # Grouped by name, level and kind: the same title that arrived from several offices is one honour.
    titles = session.execute(
        select(HonourTitle.name, HonourTitle.level, HonourTitle.awardee_kind, count, func.min(Award.awarding_body))
        .select_from(Award).join(HonourTitle, HonourTitle.id == Award.title_id).where(*where)
        .group_by(HonourTitle.name, HonourTitle.level, HonourTitle.awardee_kind)
        .order_by(HonourTitle.awardee_kind, count.desc(), HonourTitle.name)
    ).all()
    context = title_context(session)
    sentences = []
    for name, level, kind, total, body in titles:
        same_title = select(HonourTitle.id).where(
            HonourTitle.name == name, HonourTitle.level == level, HonourTitle.awardee_kind == kind)
        awardees = session.scalars(
            select(Award.awardee_name).where(*where, Award.title_id.in_(same_title))
            .order_by(Award.awarded_on, Award.created_at).limit(NAMED_AWARDEES + 1)
        ).all()
        if total > NAMED_AWARDEES:
            unit = _("个集体") if kind == "collective" else _("名同志")
            who = _("{names}等{count}{unit}").format(names="、".join(awardees[:3]), count=total, unit=unit)
        else:
            who = "、".join(awardees)
        honour = honour_name(name, level, body, context)
        if total > 1:
            text = _("{who}{also}分别荣获{honour}光荣称号。")
        else:
            text = _("{who}{also}荣获{honour}光荣称号。")
        sentences.append(text.format(who=who, also=_("也") if also else "", honour=honour))
    return sentences


def award_sentences(session: Session, period: Period, scope: Scope) -> list[str]:
    """Return the overview's honours: 今年3月市妇联荣获……光荣称号。市人民医院、……也分别荣获市“三八”红旗集体光荣称号。

    市妇联 and the prefix 市 are this office's voice (县妇联, 县“三八”红旗集体 in a county).
    """
    office = _office_sentence(session, period, scope)
    return ([office] if office else []) + _awardee_sentences(session, period, scope, also=bool(office))


HEADERS = (N_("单位"), N_("表彰总数"), N_("先进集体"), N_("先进个人"), N_("其中本会获得的荣誉"))


def _row(stats: AwardStats) -> tuple[int, ...]:
    return (stats.awards, stats.collective_awards, stats.individual_awards, stats.received_by_office)


def award_table(session: Session, period: Period, scope: Scope) -> StatTable | None:
    """Return the commendations table: one row per office and the total."""
    rows, totals = office_rows(session, scope, lambda one: _row(award_stats(session, period, one)))
    if not totals[1]:
        return None
    return StatTable(_("表彰统计表"), tuple(_(h) for h in HEADERS), rows, totals)


def award_figures(session: Session, period: Period, scope: Scope) -> list[Figure]:
    """Return the home screen's commendation figures of the period."""
    stats = award_stats(session, period, scope)
    return [
        # the honours this office received are not commendations it gave
        Figure(_("表彰先进集体"), _("{count}个").format(count=max(0, stats.collective_awards - stats.received_by_office))),
        Figure(_("表彰先进个人"), _("{count}名").format(count=stats.individual_awards)),
        Figure(_("本会获得荣誉"), _("{count}项").format(count=stats.received_by_office)),
    ]


def certificate_items(
    session: Session, period: Period | None, award_ids: Sequence[str], event_id: str | None = None
) -> list[CertificateItem]:
    """Return awards as certificates, in order of date and entry.

    With ``award_ids``: those awards (any period).  Otherwise every award of ``period`` (or, with
    ``event_id``, of that event) except the honours this office itself received (their
    certificates come from the awarding body).
    """
    from desk.office.service import get_profile
    from desk.reports.certificates import CertificateItem

    rows: Sequence[Any]
    if award_ids:
        rows = _chosen_awards(session, award_ids)
    else:
        where = _where(period, None)
        if event_id:
            where.append(Award.event_id == event_id)
        where.append(Award.received_by_office.is_(False))
        rows = session.execute(
            select(Award.id, Award.awardee_name, Award.awardee_kind, Award.awarding_body, Award.awarded_on,
                   HonourTitle.name, HonourTitle.level)
            .select_from(Award).join(HonourTitle, HonourTitle.id == Award.title_id).where(and_(*where))
            .order_by(Award.awarded_on, Award.created_at, Award.id)
        ).all()
    office = get_profile(session).name
    context = title_context(session)
    return [
        CertificateItem(awardee=row.awardee_name, honour=honour_name(row.name, row.level, row.awarding_body, context),
                        awarding_body=row.awarding_body or office, day=row.awarded_on,
                        collective=row.awardee_kind == "collective", award_id=row.id)
        for row in rows
    ]


def _chosen_awards(session: Session, award_ids: Sequence[str]) -> list[Any]:
    """Return the live awards among ``award_ids`` with their title's name and level, by date and entry.

    Found by their keys alone: with ``deleted`` or the join in the statement, SQLite without
    statistics walked the whole period index instead (2.5 s for 5,000 of 200,000 awards, 0.2 s so).
    """
    awards = [row for row in session.execute(
        select(Award.id, Award.awardee_name, Award.awardee_kind, Award.awarding_body, Award.awarded_on,
               Award.created_at, Award.title_id, Award.deleted).where(Award.id.in_(list(award_ids)))) if not row.deleted]
    titles = {row.id: row for row in session.execute(
        select(HonourTitle.id, HonourTitle.name, HonourTitle.level)
        .where(HonourTitle.id.in_(sorted({row.title_id for row in awards}))))}
    awards.sort(key=lambda row: (row.awarded_on, row.created_at, row.id))
    return [SimpleNamespace(id=row.id, awardee_name=row.awardee_name, awardee_kind=row.awardee_kind,
                            awarding_body=row.awarding_body, awarded_on=row.awarded_on,
                            name=titles[row.title_id].name, level=titles[row.title_id].level)
            for row in awards if row.title_id in titles]


def contribute(registry: ReportRegistry) -> None:
    """Add this area's part of the reports to ``registry``."""
    registry.add_sentences("overview", "awards", award_sentences)
    registry.register_table("awards", 20, award_table)
    registry.add_monthly("awards", 20, N_("表彰（项）"), lambda session, period, scope: award_stats(session, period, scope).awards,
                         on_home=False)
    registry.add_figures("awards", 20, N_("表彰"), award_figures)
    registry.award_source = certificate_items
