"""Who below has reported for a period: marks left by imported bundles, the home screen's items and the reporting-rate table.

An office counts as reported for a period when a bundle brought records of that period made
there (a record whose own period date, such as a petition's date received, falls inside the
period, however late it was edited; relayed or sent directly), or when it declared at
export that it had no data for the period (本期无数据).  An empty "still alive" bundle, or any
bundle that merely arrived after the period began, does not count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.core.formatting import format_datetime, format_percent
from desk.core.i18n import N_, _
from desk.core.periods import Period
from desk.exchange.marks import period_months
from desk.exchange.model import LedgerEntry, PartnerCard, ReportMark
from desk.office.model import LEVELS, SubOffice
from desk.office.scope import Scope
from desk.reports.registry import ReportRegistry
from desk.reports.sections import Figure
from desk.reports.tables import StatTable

NAMED_OFFICES = 10
REPORTED = "reported"
DECLARED_EMPTY = "declared_empty"
MISSING = "missing"
STATUS_LABELS = {REPORTED: N_("已报送"), DECLARED_EMPTY: N_("本期无数据"), MISSING: N_("未报送")}


@dataclass(frozen=True)
class OfficeReport:
    """One office below and how it stands for a period."""

    code: str
    name: str
    level: str
    partner: bool  # exchanges bundles with this office directly
    status: str  # REPORTED, DECLARED_EMPTY or MISSING
    records: int
    last_sent: dt.datetime | None  # when its data last reached this office (directly or relayed)

    @property
    def status_label(self) -> str:
        return _(STATUS_LABELS[self.status])


def reporting_status(session: Session, period: Period) -> list[OfficeReport]:
    """Return every live office below with its status for ``period``, by code."""
    offices = session.execute(
        select(SubOffice.code, SubOffice.name, SubOffice.level).where(SubOffice.deleted.is_(False)).order_by(SubOffice.code)
    ).all()
    if not offices:
        return []
    partners = set(session.scalars(select(PartnerCard.code)))
    months = period_months(period)
    records = {
        row[0]: row[1] for row in session.execute(
            select(ReportMark.office_code, func.sum(ReportMark.records))
            .where(ReportMark.declared_empty.is_(False), ReportMark.period.in_(months))
            .group_by(ReportMark.office_code)
        )
    }
    declared = set(session.scalars(
        select(ReportMark.office_code).where(ReportMark.declared_empty.is_(True), ReportMark.period == period.code)
    ))
    sent = {row[0]: row[1] for row in session.execute(
        select(ReportMark.office_code, func.max(ReportMark.received_at)).group_by(ReportMark.office_code)
    )}
    for sender, received in session.execute(
        select(LedgerEntry.sender, func.max(LedgerEntry.received_at)).group_by(LedgerEntry.sender)
    ):
        if sender not in sent or (received and _aware(received) > _aware(sent[sender])):
            sent[sender] = received
    result = []
    for code, name, level in offices:
        count = int(records.get(code) or 0)
        status = REPORTED if count else DECLARED_EMPTY if code in declared else MISSING
        result.append(OfficeReport(code, name, level, code in partners, status, count, sent.get(code)))
    return result


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _last_sent_text(report: OfficeReport) -> str:
    return format_datetime(_aware(report.last_sent)) if report.last_sent else _("从未发送")


def unreported_items(session: Session, period: Period, scope: Scope) -> list[str]:
    """Return the attention sentence naming the offices exchanging with this one that have not reported for ``period``."""
    missing = [report for report in reporting_status(session, period) if report.partner and report.status == MISSING]
    if not missing:
        return []
    named = [_("{office}（最近发送：{when}）").format(office=report.name, when=_last_sent_text(report))
             for report in missing[:NAMED_OFFICES]]
    shown = "、".join(named) + (_("等") if len(missing) > NAMED_OFFICES else "")
    return [_("{period}还没有收到{count}个下级组织报送的数据：{offices}。").format(
        period=period.label, count=len(missing), offices=shown)]


def reporting_figures(session: Session, period: Period, scope: Scope) -> list[Figure]:
    """Return how many offices below have reported for ``period`` (those exchanging directly, then the whole tree)."""
    reports = reporting_status(session, period)
    direct = [report for report in reports if report.partner]
    figures = []
    for label, group in ((_("直接报送单位"), direct), (_("全部下级组织"), reports)):
        if group:
            done = sum(1 for report in group if report.status != MISSING)
            figures.append(Figure(label, _("已报送 {done}/{total}（{rate}）").format(
                done=done, total=len(group), rate=format_percent(done, len(group)))))
    return figures


HEADERS = (N_("单位"), N_("层级"), N_("代码"), N_("报送情况"), N_("本期记录数"), N_("最近一次收到数据"))


def reporting_table(session: Session, period: Period, scope: Scope) -> StatTable | None:
    """Return the reporting-rate table: one row per office below, its status, records and when it last sent."""
    reports = reporting_status(session, period)
    if not reports:
        return None
    rows = tuple(
        (report.name, _(LEVELS.get(report.level, report.level)) if report.level else "", report.code,
         report.status_label, report.records, _last_sent_text(report))
        for report in reports
    )
    done = sum(1 for report in reports if report.status != MISSING)
    totals = (_("合计"), "", "", _("已报送 {done}/{total}（{rate}）").format(
        done=done, total=len(reports), rate=format_percent(done, len(reports))),
        sum(report.records for report in reports), "")
    return StatTable(_("下级组织数据报送情况表"), tuple(_(header) for header in HEADERS), rows, totals,
                     notes=_("“已报送”指收到了该单位本期的数据记录，或该单位声明本期无数据；仅收到空数据包不算报送。"))


def contribute(registry: ReportRegistry) -> None:
    """Add this area's part of the reports to ``registry``."""
    registry.add_attention("exchange", 20, unreported_items)
    registry.add_figures("exchange", 85, N_("数据报送"), reporting_figures)
    registry.register_table("exchange", 95, reporting_table)
