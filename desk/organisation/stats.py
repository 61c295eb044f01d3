"""Statistics of organisation building for a period and office scope, computed with SQL aggregates."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, distinct, func, or_, select
from sqlalchemy.orm import Session

from desk.core.periods import Period
from desk.db.base import TravelMixin
from desk.office.scope import Scope
from desk.organisation.model import (
    Assessment,
    AssessmentScore,
    CadreEntry,
    GrassrootsOrg,
    Indicator,
    Recommendation,
)


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _in_scope(model: type[TravelMixin], scope: Scope) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = [model.deleted.is_(False)]
    if scope.codes is not None:
        clauses.append(model.origin_office.in_(sorted(scope.codes)))
    return clauses


@dataclass(frozen=True)
class OrganisationStats:
    """Grassroots organisations standing at the end of the period, and those set up in it.

    ``total``: organisations set up by the period's end and not dissolved by then; the
    ``committees`` .. ``model_villages`` figures split ``total`` by type, ``agencies`` ..
    ``communities`` by the kind of host unit; ``new_total`` and ``new_committees``: set up
    within the period (all types / 妇委会 only); ``units_registered``: distinct host units
    in the register (with or without an organisation); ``units_with_committee``: of those,
    units where an organisation stands at the period's end (coverage = the second over the first).
    """

    total: int
    committees: int
    federations: int
    congresses: int
    women_homes: int
    model_villages: int
    agencies: int
    institutions: int
    new_orgs: int
    villages: int
    communities: int
    new_total: int
    new_committees: int
    units_registered: int
    units_with_committee: int


def organisation_stats(session: Session, period: Period, scope: Scope) -> OrganisationStats:
    """Return the organisation figures of ``period`` within ``scope`` (see OrganisationStats)."""
    standing = and_(
        GrassrootsOrg.status != "none",
        GrassrootsOrg.set_up_on <= period.end,
        or_(GrassrootsOrg.dissolved_on.is_(None), GrassrootsOrg.dissolved_on > period.end),
    )
    new = and_(GrassrootsOrg.status != "none", GrassrootsOrg.set_up_on.between(period.start, period.end))
    row = session.execute(
        select(
            _count_if(standing).label("total"),
            *(_count_if(and_(standing, GrassrootsOrg.org_type == key)).label(name)
              for key, name in (("committee", "committees"), ("federation", "federations"), ("congress", "congresses"),
                                ("home", "women_homes"), ("model", "model_villages"))),
            *(_count_if(and_(standing, GrassrootsOrg.host_kind == key)).label(name)
              for key, name in (("agency", "agencies"), ("institution", "institutions"), ("new_org", "new_orgs"),
                                ("village", "villages"), ("community", "communities"))),
            _count_if(new).label("new_total"),
            _count_if(and_(new, GrassrootsOrg.org_type == "committee")).label("new_committees"),
            func.count(distinct(GrassrootsOrg.host_unit)).label("units_registered"),
            func.count(distinct(case((standing, GrassrootsOrg.host_unit)))).label("units_with_committee"),
        ).where(*_in_scope(GrassrootsOrg, scope))
    ).one()
    return OrganisationStats(**{key: int(value or 0) for key, value in row._mapping.items()})


@dataclass(frozen=True)
class AssessmentStats:
    """Target-responsibility assessments held (dated) in the period.

    ``assessments``: assessments dated in the period; ``offices_rated``: scores given in
    them; ``excellent``/``competent``/``incompetent``: scores per rating; ``rewarded`` and
    ``warning_talks``: scores recorded with a reward or a warning talk (诫勉谈话).
    """

    assessments: int
    offices_rated: int
    excellent: int
    competent: int
    incompetent: int
    rewarded: int
    warning_talks: int


def assessment_stats(session: Session, period: Period, scope: Scope) -> AssessmentStats:
    """Return the assessment figures of ``period`` within ``scope`` (see AssessmentStats)."""
    in_period = [*_in_scope(Assessment, scope), Assessment.assessed_on.between(period.start, period.end)]
    assessments = session.execute(select(func.count()).select_from(Assessment).where(*in_period)).scalar_one()
    row = session.execute(
        select(
            func.count().label("offices_rated"),
            _count_if(AssessmentScore.rating == "excellent").label("excellent"),
            _count_if(AssessmentScore.rating == "competent").label("competent"),
            _count_if(AssessmentScore.rating == "incompetent").label("incompetent"),
            _count_if(AssessmentScore.consequence == "reward").label("rewarded"),
            _count_if(AssessmentScore.consequence == "talk").label("warning_talks"),
        )
        .select_from(AssessmentScore)
        .join(Assessment, Assessment.id == AssessmentScore.assessment_id)
        .where(AssessmentScore.deleted.is_(False), *in_period)
    ).one()
    return AssessmentStats(assessments=int(assessments), **{key: int(value or 0) for key, value in row._mapping.items()})


@dataclass(frozen=True)
class CadreStats:
    """The four pools (四支队伍) at the period's end and recommendations in the period.

    ``cadres``/``professionals``/``capable_women``/``entrepreneurs``: women entered in each
    pool by the period's end; ``recommended``: recommendations dated in the period;
    ``appointed``: of those, the ones that led to an appointment.
    """

    cadres: int
    professionals: int
    capable_women: int
    entrepreneurs: int
    recommended: int
    appointed: int


def cadre_stats(session: Session, period: Period, scope: Scope) -> CadreStats:
    """Return the cadre-pool figures of ``period`` within ``scope`` (see CadreStats)."""
    pools = session.execute(
        select(*(_count_if(CadreEntry.pool == key).label(name)
                 for key, name in (("cadre", "cadres"), ("professional", "professionals"),
                                   ("capable", "capable_women"), ("entrepreneur", "entrepreneurs"))))
        .where(*_in_scope(CadreEntry, scope), CadreEntry.entered_on <= period.end)
    ).one()
    recommended = session.execute(
        select(func.count().label("recommended"), _count_if(Recommendation.outcome == "appointed").label("appointed"))
        .where(*_in_scope(Recommendation, scope), Recommendation.recommended_on.between(period.start, period.end))
    ).one()
    values = {**pools._mapping, **recommended._mapping}
    return CadreStats(**{key: int(value or 0) for key, value in values.items()})


@dataclass(frozen=True)
class IndicatorStats:
    """The office's performance indicators of the years the period touches.

    ``indicators``: all of them; ``done``/``in_progress``/``behind``/``planned``: by status.
    """

    indicators: int
    done: int
    in_progress: int
    behind: int
    planned: int


def indicator_stats(session: Session, period: Period, scope: Scope) -> IndicatorStats:
    """Return the indicator figures of ``period`` within ``scope`` (see IndicatorStats)."""
    row = session.execute(
        select(
            func.count().label("indicators"),
            *(_count_if(Indicator.status == key).label(key) for key in ("done", "in_progress", "behind", "planned")),
        ).where(*_in_scope(Indicator, scope), Indicator.starts_on <= period.end, Indicator.ends_on >= period.start)
    ).one()
    return IndicatorStats(**{key: int(value or 0) for key, value in row._mapping.items()})
