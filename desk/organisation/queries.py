"""Lists of organisation building: organisations, assessments, pooled women and indicators."""

from __future__ import annotations

from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.db.listing import ListSource
from desk.office.model import SubOffice
from desk.office.queries import sub_office_choices
from desk.office.service import get_profile
from desk.organisation.fields import CADRE
from desk.organisation.model import (
    Assessment,
    AssessmentScore,
    CadreEntry,
    GrassrootsOrg,
    Indicator,
    Recommendation,
)
from desk.people.model import Person


def _org_finish(row: dict[str, Any]) -> dict[str, Any]:
    row["office_name"] = row["office_name"] or _("本级")
    row["credit_alert"] = bool(row["credit_code"]) and not row["credit_code_ok"]
    return row


ORGANISATIONS = ListSource(
    model=GrassrootsOrg,
    columns={
        "id": GrassrootsOrg.id,
        "name": GrassrootsOrg.name,
        "org_type": GrassrootsOrg.org_type,
        "host_unit": GrassrootsOrg.host_unit,
        "host_kind": GrassrootsOrg.host_kind,
        "credit_code": GrassrootsOrg.credit_code,
        "credit_code_ok": GrassrootsOrg.credit_code_ok,
        "set_up_on": GrassrootsOrg.set_up_on,
        "chair": GrassrootsOrg.chair,
        "member_count": GrassrootsOrg.member_count,
        "office_name": SubOffice.name,
        "status": GrassrootsOrg.status,
    },
    search=(GrassrootsOrg.name, GrassrootsOrg.host_unit, GrassrootsOrg.chair, GrassrootsOrg.credit_code,
            GrassrootsOrg.search_key),
    date_column=GrassrootsOrg.set_up_on,
    default_order=(GrassrootsOrg.set_up_on.desc(), GrassrootsOrg.name),
    filters={
        "org_type": lambda value: GrassrootsOrg.org_type == value,
        "host_kind": lambda value: GrassrootsOrg.host_kind == value,
        "status": lambda value: GrassrootsOrg.status == value,
    },
    joins=((SubOffice, GrassrootsOrg.office_id == SubOffice.id),),
    finish=_org_finish,
)

_counts = (
    select(
        AssessmentScore.assessment_id.label("assessment_id"),
        func.count().label("offices"),
        func.sum(case((AssessmentScore.rating == "excellent", 1), else_=0)).label("excellent"),
        func.sum(case((AssessmentScore.rating == "competent", 1), else_=0)).label("competent"),
        func.sum(case((AssessmentScore.rating == "incompetent", 1), else_=0)).label("incompetent"),
    )
    .where(AssessmentScore.deleted.is_(False))
    .group_by(AssessmentScore.assessment_id)
    .subquery()
)

ASSESSMENTS = ListSource(
    model=Assessment,
    columns={
        "id": Assessment.id,
        "year": Assessment.year,
        "title": Assessment.title,
        "assessed_on": Assessment.assessed_on,
        "offices": func.coalesce(_counts.c.offices, 0),
        "excellent": func.coalesce(_counts.c.excellent, 0),
        "competent": func.coalesce(_counts.c.competent, 0),
        "incompetent": func.coalesce(_counts.c.incompetent, 0),
    },
    search=(Assessment.title,),
    date_column=Assessment.assessed_on,
    default_order=(Assessment.year.desc(), Assessment.assessed_on.desc()),
    joins=((_counts, _counts.c.assessment_id == Assessment.id),),
)

_recommended = (
    select(Recommendation.cadre_id.label("cadre_id"), func.count().label("recommendations"),
           func.max(Recommendation.recommended_on).label("last_recommended"))
    .where(Recommendation.deleted.is_(False))
    .group_by(Recommendation.cadre_id)
    .subquery()
)


def _cadre_finish(row: dict[str, Any]) -> dict[str, Any]:
    return CADRE.mask_row(row)  # name, ID number and phone, as declared


CADRES = ListSource(
    model=CadreEntry,
    columns={
        "id": CadreEntry.id,
        "name": Person.name,
        "pool": CadreEntry.pool,
        "work_unit": Person.work_unit,
        "post": Person.post,
        "id_number": Person.id_number,
        "phone": Person.phone,
        "entered_on": CadreEntry.entered_on,
        "recommendations": func.coalesce(_recommended.c.recommendations, 0),
        "last_recommended": _recommended.c.last_recommended,
    },
    search=(Person.name, Person.search_key, Person.work_unit, Person.id_number),
    date_column=CadreEntry.entered_on,
    default_order=(CadreEntry.pool, Person.search_key),
    filters={"pool": lambda value: CadreEntry.pool == value},
    joins=((Person, CadreEntry.person_id == Person.id), (_recommended, _recommended.c.cadre_id == CadreEntry.id)),
    finish=_cadre_finish,
)

INDICATORS = ListSource(
    model=Indicator,
    columns={
        "id": Indicator.id,
        "year": Indicator.year,
        "indicator": Indicator.indicator,
        "target": Indicator.target,
        "leader": Indicator.leader,
        "status": Indicator.status,
    },
    search=(Indicator.indicator, Indicator.target, Indicator.leader),
    date_column=Indicator.starts_on,
    date_end_column=Indicator.ends_on,
    default_order=(Indicator.year.desc(), Indicator.created_at),
    filters={"status": lambda value: Indicator.status == value},
)


def office_choices(session: Session) -> list[tuple[str, str]]:
    """Return the offices an organisation may belong to: this office ("" ) first, then the register."""
    profile = get_profile(session)
    return [("", _("本级：{name}").format(name=profile.name)), *sub_office_choices(session)]


def town_choices(session: Session) -> list[tuple[str, str]]:
    """Return the town and street offices (and others directly below) that an assessment scores."""
    rows = session.execute(
        select(SubOffice.id, SubOffice.name)
        .where(SubOffice.deleted.is_(False), SubOffice.level == "town")
        .order_by(SubOffice.code)
    )
    return [(row.id, row.name) for row in rows]
