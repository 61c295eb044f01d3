"""Tables of organisation building: grassroots organisations, assessments, cadre pools and indicators."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.core.i18n import N_
from desk.db.base import Base, TravelMixin

ORG_TYPES: dict[str, str] = {
    "committee": N_("妇委会"),
    "federation": N_("妇联"),
    "congress": N_("妇代会"),
    "home": N_("妇女之家"),
    "model": N_("示范村(社区)"),
}
HOST_KINDS: dict[str, str] = {
    "agency": N_("机关"),
    "institution": N_("事业单位"),
    "new_org": N_("两新组织"),
    "village": N_("村"),
    "community": N_("社区"),
}
ORG_STATUSES: dict[str, str] = {
    "active": N_("正常"),
    "dissolved": N_("已撤销"),
    "none": N_("尚未建立"),
}
RATINGS: dict[str, str] = {
    "excellent": N_("优秀"),
    "competent": N_("称职"),
    "incompetent": N_("不称职"),
}
CONSEQUENCES: dict[str, str] = {
    "reward": N_("奖励"),
    "talk": N_("诫勉谈话"),
}
POOLS: dict[str, str] = {
    "cadre": N_("妇女干部"),
    "professional": N_("中高层专业技术人才"),
    "capable": N_("城乡女能人"),
    "entrepreneur": N_("女企业家"),
}
OUTCOMES: dict[str, str] = {
    "pending": N_("待定"),
    "appointed": N_("已任用"),
    "not_appointed": N_("未任用"),
}
INDICATOR_STATUSES: dict[str, str] = {
    "planned": N_("未开始"),
    "in_progress": N_("推进中"),
    "done": N_("已完成"),
    "behind": N_("滞后"),
}


class GrassrootsOrg(TravelMixin, Base):
    """A grassroots organisation (妇委会, 妇联, 妇女之家 ...) or a unit registered without one yet."""

    __tablename__ = "org_grassroots"

    name: Mapped[str] = mapped_column(String(100), index=True)
    org_type: Mapped[str] = mapped_column(String(16))
    host_unit: Mapped[str] = mapped_column(String(100), index=True)
    host_kind: Mapped[str] = mapped_column(String(16))
    credit_code: Mapped[str] = mapped_column(String(18), default="")
    credit_code_ok: Mapped[bool] = mapped_column(default=True)
    set_up_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True, index=True)
    chair: Mapped[str] = mapped_column(String(64), default="")
    member_count: Mapped[int | None] = mapped_column(Integer, nullable=True)
    office_id: Mapped[str | None] = mapped_column(ForeignKey("sub_office.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="active")
    dissolved_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(200), default="", index=True)


class Assessment(TravelMixin, Base):
    """A year's target-responsibility assessment (目标责任制考核) of the town and street offices."""

    __tablename__ = "org_assessment"

    year: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(String(100))
    assessed_on: Mapped[dt.date] = mapped_column(Date, index=True)
    excellent_min: Mapped[int] = mapped_column(Integer)
    competent_min: Mapped[int] = mapped_column(Integer)
    notes: Mapped[str] = mapped_column(Text, default="")


class AssessmentTask(TravelMixin, Base):
    """One task of an assessment year with its weight in points."""

    __tablename__ = "org_assessment_task"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("org_assessment.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    task: Mapped[str] = mapped_column(String(200))
    weight: Mapped[int] = mapped_column(Integer)


class AssessmentScore(TravelMixin, Base):
    """One office's score in an assessment, its rating, and the reward or warning talk given."""

    __tablename__ = "org_assessment_score"

    assessment_id: Mapped[str] = mapped_column(ForeignKey("org_assessment.id"), index=True)
    office_id: Mapped[str] = mapped_column(ForeignKey("sub_office.id"), index=True)
    score: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str] = mapped_column(String(16))
    consequence: Mapped[str] = mapped_column(String(16), default="")
    note: Mapped[str] = mapped_column(String(200), default="")


class CadreEntry(TravelMixin, Base):
    """A woman in one of the four pools (四支队伍), a person of the shared register."""

    __tablename__ = "org_cadre"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    pool: Mapped[str] = mapped_column(String(16))
    entered_on: Mapped[dt.date] = mapped_column(Date, index=True)
    strengths: Mapped[str] = mapped_column(Text, default="")


class Recommendation(TravelMixin, Base):
    """A recommendation of a pooled woman for a leading post, with its date and outcome."""

    __tablename__ = "org_recommendation"

    cadre_id: Mapped[str] = mapped_column(ForeignKey("org_cadre.id"), index=True)
    recommended_on: Mapped[dt.date] = mapped_column(Date, index=True)
    post: Mapped[str] = mapped_column(String(100))
    unit: Mapped[str] = mapped_column(String(100), default="")
    outcome: Mapped[str] = mapped_column(String(16), default="pending")


class Indicator(TravelMixin, Base):
    """One of the office's own performance indicators (绩效考评指标) for a year."""

    __tablename__ = "org_indicator"

    year: Mapped[int] = mapped_column(Integer, index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date, index=True)
    ends_on: Mapped[dt.date] = mapped_column(Date)
    indicator: Mapped[str] = mapped_column(String(200))
    target: Mapped[str] = mapped_column(String(200), default="")
    leader: Mapped[str] = mapped_column(String(64), default="")
    progress: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="planned")


# A period's list counts and pages through an index range (migration 2300).
Index("ix_org_grassroots_period", GrassrootsOrg.deleted, GrassrootsOrg.set_up_on)
Index("ix_org_assessment_period", Assessment.deleted, Assessment.assessed_on)
Index("ix_org_cadre_period", CadreEntry.deleted, CadreEntry.entered_on)
Index("ix_org_indicator_period", Indicator.deleted, Indicator.starts_on)
