"""Tables of the honour title catalogue and of awards (the source of printed certificates)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.core.i18n import N_
from desk.db.base import Base, TravelMixin

AWARDEE_KINDS: dict[str, str] = {"collective": N_("集体"), "individual": N_("个人")}

# Real administrative levels (the keys are stored; "city" is the county level for historical reasons).
TITLE_LEVELS: dict[str, str] = {
    "national": N_("全国"),
    "region": N_("省、自治区、直辖市"),
    "prefecture": N_("地级市、州、盟"),
    "city": N_("县、县级市、区、旗"),
    "town": N_("乡、镇、街道"),
}

# The prefix printed when neither the awarding body nor this office names the level better
# (desk/awards/titles.py decides: 县“三八”红旗集体 from a county, 市 from 北流市, 自治区 from Guangxi).
LEVEL_PREFIX: dict[str, str] = {
    "national": N_("全国"),
    "region": N_("省"),
    "prefecture": N_("市"),
    "city": N_("县"),
    "town": N_("镇"),
}


class HonourTitle(TravelMixin, Base):
    """An honour title (三八红旗集体, 三八红旗手 ...), for collectives or individuals, at a level."""

    __tablename__ = "award_title"

    name: Mapped[str] = mapped_column(String(100), index=True)
    awardee_kind: Mapped[str] = mapped_column(String(16))
    level: Mapped[str] = mapped_column(String(16))
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(200), default="")


class Award(TravelMixin, Base):
    """One honour given to one awardee; ``awardee_name`` is stored exactly as it must be printed."""

    __tablename__ = "award"

    title_id: Mapped[str] = mapped_column(ForeignKey("award_title.id"), index=True)
    awardee_kind: Mapped[str] = mapped_column(String(16))
    awardee_name: Mapped[str] = mapped_column(String(100), index=True)
    work_unit: Mapped[str] = mapped_column(String(100), default="")
    post: Mapped[str] = mapped_column(String(100), default="")
    awarding_body: Mapped[str] = mapped_column(String(100), default="")
    awarded_on: Mapped[dt.date] = mapped_column(Date, index=True)
    event_id: Mapped[str | None] = mapped_column(ForeignKey("campaign_event.id"), nullable=True, index=True)
    received_by_office: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(300), default="")


# A period's list counts and pages through an index range (migration 2300).
Index("ix_award_period", Award.deleted, Award.awarded_on)
# The summary's covering indexes (migration 2302): origin office first, so a scope's figures read the index alone.
Index("ix_award_summary", Award.origin_office, Award.deleted, Award.awarded_on, Award.received_by_office, Award.title_id,
      Award.awardee_kind, Award.awarding_body)
Index("ix_award_title_live", Award.title_id, Award.deleted, Award.awarded_on, Award.created_at)
