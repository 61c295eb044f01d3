"""The reports package's own contributions to the home screen: certificates issued and summary sections left empty."""

from __future__ import annotations

from functools import partial

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk.core.i18n import N_, _
from desk.core.periods import Period
from desk.office.model import SubOffice
from desk.office.scope import Scope
from desk.reports.model import IssuedCertificate, SectionNarrative
from desk.reports.registry import ReportRegistry
from desk.reports.sections import Figure


def office_figures(session: Session, period: Period, scope: Scope) -> list[Figure]:
    """Return how many subordinate offices are registered."""
    count = session.execute(select(func.count()).select_from(SubOffice).where(SubOffice.deleted.is_(False))).scalar_one()
    return [Figure(_("下级组织"), _("{count}个").format(count=count))]


def certificate_figures(session: Session, period: Period, scope: Scope) -> list[Figure]:
    """Return the certificates issued for awards dated in ``period`` and how often they were printed."""
    count, printings = session.execute(
        select(func.count(), func.coalesce(func.sum(IssuedCertificate.printings), 0)).where(
            IssuedCertificate.award_date.between(period.start, period.end)
        )
    ).one()
    return [Figure(_("已登记证书"), _("{count}张").format(count=count)),
            Figure(_("证书打印次数"), _("{count}次").format(count=printings))]


def unwritten_sections(session: Session, period: Period, scope: Scope, reports: ReportRegistry) -> list[str]:
    """Return a sentence naming the summary sections of ``reports`` that have neither narrative nor sentence writers yet."""
    written = set(session.scalars(
        select(SectionNarrative.section_key).where(
            SectionNarrative.period_code == period.code, func.length(func.trim(SectionNarrative.text)) > 0
        )
    ))
    missing = [_(s.name) for s in reports.sections() if s.key not in written and not s.sentences and s.name]
    if not missing:
        return []
    return [_("{period}工作总结中“{sections}”还没有文字，打印时将略去这些部分。").format(
        period=period.label, sections="、".join(missing))]


def contribute(registry: ReportRegistry) -> None:
    """Add the reports package's own figures and its reminder of the summary's empty sections."""
    registry.add_figures("offices", 90, N_("组织"), office_figures)
    registry.add_figures("certificates", 80, N_("荣誉证书"), certificate_figures)
    registry.add_attention("summary", 90, partial(unwritten_sections, reports=registry))
