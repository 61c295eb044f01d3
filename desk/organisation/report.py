"""The organisation area's part of the reports.

Organisations, assessments, cadre pools and indicators in the summary, a table and home figures.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.i18n import N_, _
from desk.core.periods import Period
from desk.office.scope import Scope
from desk.office.voice import office_voice, offices_below_word
from desk.organisation.model import GrassrootsOrg
from desk.organisation.stats import (
    AssessmentStats,
    CadreStats,
    OrganisationStats,
    assessment_stats,
    cadre_stats,
    indicator_stats,
    organisation_stats,
)
from desk.reports.numbers import people
from desk.reports.registry import ReportRegistry
from desk.reports.sections import Figure
from desk.reports.tables import StatTable, office_rows

NAMED_UNITS = 5  # more new committees than this are counted, not named


def _count(count: int) -> str:
    return _("{count}个").format(count=count)


def _new_committee_units(session: Session, period: Period, scope: Scope) -> list[str]:
    where = [GrassrootsOrg.deleted.is_(False), GrassrootsOrg.org_type == "committee", GrassrootsOrg.status != "none",
             GrassrootsOrg.set_up_on.between(period.start, period.end)]
    if scope.codes is not None:
        where.append(GrassrootsOrg.origin_office.in_(sorted(scope.codes)))
    return list(session.scalars(
        select(GrassrootsOrg.host_unit).where(*where).order_by(GrassrootsOrg.set_up_on, GrassrootsOrg.host_unit)
        .limit(NAMED_UNITS + 1)
    ))


def _organisation_sentence(session: Session, period: Period, stats: OrganisationStats, scope: Scope) -> list[str]:
    if not stats.total and not stats.new_total:
        return []
    sentences = []
    if stats.new_committees:
        units = _new_committee_units(session, period, scope)
        where = _("（{units}）").format(units="、".join(units)) if len(units) <= NAMED_UNITS else ""
        sentences.append(_("{span}在{count}机关、事业单位和“两新”组织中新建妇委会{where}").format(
            span=period.span_word, count=_count(stats.new_committees), where=where))
    kinds = [(N_("妇委会"), stats.committees), (N_("妇联"), stats.federations), (N_("妇代会"), stats.congresses),
             (N_("“妇女之家”"), stats.women_homes), (N_("示范村（社区）"), stats.model_villages)]
    parts = "、".join(_("{kind}{count}").format(kind=_(kind), count=_count(count)) for kind, count in kinds if count)
    standing = _("{whole}现有基层妇女组织{total}，其中{parts}").format(
        whole=office_voice(session).whole, total=_count(stats.total), parts=parts)
    if sentences:
        return [_("{first}，{second}。").format(first=sentences[0], second=standing)]
    return [_("{text}。").format(text=standing)]


def _assessment_sentence(session: Session, stats: AssessmentStats) -> list[str]:
    if not stats.offices_rated:
        return []
    text = _("对{count}{below}妇联进行目标责任制考评，评为优秀{excellent}、称职{competent}、不称职{incompetent}").format(
        count=_count(stats.offices_rated), below=offices_below_word(session), excellent=_count(stats.excellent),
        competent=_count(stats.competent), incompetent=_count(stats.incompetent))
    if stats.rewarded:
        text += _("，对{count}给予奖励").format(count=_count(stats.rewarded))
    if stats.warning_talks:
        text += _("，对{count}进行诫勉谈话").format(count=_count(stats.warning_talks))
    return [_("{text}。").format(text=text)]


def _cadre_sentence(stats: CadreStats) -> list[str]:
    pools = stats.cadres + stats.professionals + stats.capable_women + stats.entrepreneurs
    if not pools and not stats.recommended:
        return []
    text = _("妇女干部、专业技术人才、城乡女能人、女企业家四支队伍共入库{count}").format(count=people(pools))
    if stats.recommended:
        text += _("，向组织部门推荐女干部{count}").format(count=people(stats.recommended))
        if stats.appointed:
            text += _("，其中{count}已获任用").format(count=people(stats.appointed))
    return [_("{text}。").format(text=text)]


def organisation_sentences(session: Session, period: Period, scope: Scope) -> list[str]:
    """Return the organisation section's opening: new committees, organisations standing, assessments, cadre pools."""
    return (_organisation_sentence(session, period, organisation_stats(session, period, scope), scope)
            + _assessment_sentence(session, assessment_stats(session, period, scope))
            + _cadre_sentence(cadre_stats(session, period, scope)))


def performance_sentences(session: Session, period: Period, scope: Scope) -> list[str]:
    """Return the performance section's figure: indicators set and how far they have come."""
    stats = indicator_stats(session, period, scope)
    if not stats.indicators:
        return []
    parts = [_("{status}{count}项").format(status=_(status), count=count) for status, count in (
        (N_("已完成"), stats.done), (N_("正在推进"), stats.in_progress), (N_("进度滞后"), stats.behind),
        (N_("尚未开始"), stats.planned)) if count]
    return [_("本年度确定机关绩效考评指标{count}项，其中{parts}。").format(count=stats.indicators, parts="、".join(parts))]


HEADERS = (N_("单位"), N_("基层妇女组织"), N_("妇委会"), N_("妇联"), N_("妇女之家"), N_("示范村（社区）"), N_("本期新建"),
           N_("四支队伍入库"), N_("推荐女干部"))


def _row(organisations: OrganisationStats, cadres: CadreStats) -> tuple[int, ...]:
    pools = cadres.cadres + cadres.professionals + cadres.capable_women + cadres.entrepreneurs
    return (organisations.total, organisations.committees, organisations.federations, organisations.women_homes,
            organisations.model_villages, organisations.new_total, pools, cadres.recommended)


def organisation_table(session: Session, period: Period, scope: Scope) -> StatTable | None:
    """Return the organisation building table: one row per office and the total."""
    rows, totals = office_rows(session, scope, lambda one: _row(organisation_stats(session, period, one),
                                                                  cadre_stats(session, period, one)))
    if not any(totals[1:]):
        return None
    return StatTable(_("组织建设统计表"), tuple(_(h) for h in HEADERS), rows, totals)


def organisation_figures(session: Session, period: Period, scope: Scope) -> list[Figure]:
    """Return the home screen's organisation figures of the period."""
    organisations = organisation_stats(session, period, scope)
    assessments = assessment_stats(session, period, scope)
    return [
        Figure(_("基层妇女组织"), _count(organisations.total)),
        Figure(_("本期新建"), _count(organisations.new_total)),
        Figure(_("考评优秀 / 不称职"), _("{excellent} / {incompetent}").format(
            excellent=_count(assessments.excellent), incompetent=_count(assessments.incompetent))),
    ]


def contribute(registry: ReportRegistry) -> None:
    """Add this area's part of the reports to ``registry``."""
    registry.add_sentences("organisation", "organisation", organisation_sentences)
    registry.add_sentences("performance", "organisation", performance_sentences)
    registry.register_table("organisation", 60, organisation_table)
    registry.add_figures("organisation", 60, N_("组织建设"), organisation_figures)
