"""The training area's part of the reports: cadres sent and courses held in the summary, a table and home figures."""

from __future__ import annotations

from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from desk.core.i18n import N_, _
from desk.core.periods import Period
from desk.office.scope import Scope
from desk.office.voice import office_voice
from desk.reports.numbers import people, person_times
from desk.reports.registry import ReportRegistry
from desk.reports.sections import Figure
from desk.reports.tables import StatTable, office_rows
from desk.training.model import KINDS, OWN, Attendance, Course
from desk.training.stats import TrainingStats, _in_period, training_stats

# How a summary names the higher-level bodies whose courses the office's cadres attended.
HOSTS = {"city": N_("地市妇联"), "region": N_("区妇联"), "national": N_("全国妇联"), "other": N_("上级单位")}
_HOST_ORDER = ("city", "region", "national", "other")


def _sent_sentence(session: Session, period: Period, scope: Scope, stats: TrainingStats) -> list[str]:
    if not stats.cadres_sent:
        return []
    hosts = set(session.scalars(
        select(Course.organiser).join(Attendance, Attendance.course_id == Course.id)
        .where(Attendance.deleted.is_(False), Course.organiser != OWN, *_in_period(period, scope)).distinct()
    ))
    names = "、".join(_(HOSTS[key]) for key in _HOST_ORDER if key in hosts) or _(HOSTS["other"])
    return [_("根据上级妇联要求，{us}妇联选派了{count}妇联干部参加{hosts}举办的培训班学习。").format(
        us=office_voice(session).self_name, count=people(stats.cadres_sent), hosts=names)]


def _held_sentence(session: Session, period: Period, scope: Scope) -> list[str]:
    own = Course.organiser == OWN
    by_kind = session.execute(
        select(Course.kind, func.count(distinct(Course.id)), func.count(Attendance.course_id),
               func.count(case((Attendance.finished.is_(True), 1))))
        .outerjoin(Attendance, (Attendance.course_id == Course.id) & Attendance.deleted.is_(False))
        .where(own, *_in_period(period, scope)).group_by(Course.kind).order_by(Course.kind)
    ).all()
    if not by_kind:
        return []
    courses = sum(row[1] for row in by_kind)
    visits = sum(row[2] for row in by_kind)
    finished = sum(row[3] for row in by_kind)
    kinds = "、".join(_(KINDS.get(row[0], N_("其他培训"))) for row in by_kind)
    text = _("举办{kinds}班{courses}期，培训妇女{visits}").format(kinds=kinds, courses=courses, visits=person_times(visits))
    if finished:
        text += _("，其中{finished}结业").format(finished=person_times(finished))
    return [_("{text}。").format(text=text)]


def training_sentences(session: Session, period: Period, scope: Scope) -> list[str]:
    """Return the training section's opening: cadres sent to higher-level courses, courses held, skilled women."""
    stats = training_stats(session, period, scope)
    sentences = _sent_sentence(session, period, scope, stats) + _held_sentence(session, period, scope)
    if stats.skilled_women_new:
        member = _("，其中加入女能手协会{count}").format(count=people(stats.association_members)) if stats.association_members else ""
        sentences.append(_("新登记女能手{count}{member}。").format(count=people(stats.skilled_women_new), member=member))
    return sentences


HEADERS = (N_("单位"), N_("举办培训班（期）"), N_("参加上级培训（期）"), N_("培训学时"), N_("培训人次"), N_("培训人数"),
           N_("结业人次"), N_("选派干部"), N_("新登记女能手"))


def _row(stats: TrainingStats) -> tuple[int, ...]:
    return (stats.courses_held, stats.courses_attended, stats.hours, stats.trainee_visits, stats.trainees,
            stats.finished, stats.cadres_sent, stats.skilled_women_new)


def training_table(session: Session, period: Period, scope: Scope) -> StatTable | None:
    """Return the training table: one row per office and the total."""
    rows, totals = office_rows(session, scope, lambda one: _row(training_stats(session, period, one)))
    if not any(totals[1:]):
        return None
    return StatTable(_("培训统计表"), tuple(_(h) for h in HEADERS), rows, totals)


def training_figures(session: Session, period: Period, scope: Scope) -> list[Figure]:
    """Return the home screen's training figures of the period."""
    stats = training_stats(session, period, scope)
    return [
        Figure(_("举办培训班"), _("{count}期").format(count=stats.courses_held)),
        Figure(_("培训"), person_times(stats.trainee_visits)),
        Figure(_("选派干部参加上级培训"), people(stats.cadres_sent)),
    ]


def contribute(registry: ReportRegistry) -> None:
    """Add this area's part of the reports to ``registry``."""
    registry.add_sentences("training", "training", training_sentences)
    registry.register_table("training", 50, training_table)
    registry.add_figures("training", 50, N_("培训"), training_figures)
