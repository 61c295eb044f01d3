"""Tables of events (with co-organisers, leaders present, attachments) and household campaigns."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.core.i18n import N_
from desk.db.base import Base, TravelMixin

EVENT_KINDS: dict[str, str] = {
    "festival": N_("节日活动"),
    "themed": N_("主题活动"),
    "meeting": N_("会议"),
    "commendation": N_("表彰大会"),
    "forum": N_("座谈会"),
    "gala": N_("文艺晚会"),
    "signing": N_("签名活动"),
    "law_publicity": N_("普法宣传"),
    "other": N_("其他"),
}

TIMES_OF_DAY: dict[str, str] = {
    "morning": N_("上午"),
    "afternoon": N_("下午"),
    "evening": N_("晚上"),
    "all_day": N_("全天"),
}

PARTICIPANT_UNITS: dict[str, str] = {"person": N_("人"), "person_time": N_("人次")}

FAMILY_TYPES: dict[str, str] = {
    "civilised": N_("文明家庭"),
    "learning": N_("学习型家庭"),
    "clean": N_("廉洁家庭"),
    "green": N_("绿色家庭"),
}


class Event(TravelMixin, Base):
    """An event: a festival event, themed campaign, meeting, gala, signing activity, law publicity ..."""

    __tablename__ = "campaign_event"

    kind: Mapped[str] = mapped_column(String(32), index=True)
    title: Mapped[str] = mapped_column(String(200))
    theme: Mapped[str] = mapped_column(String(300), default="")
    held_on: Mapped[dt.date] = mapped_column(Date, index=True)
    time_of_day: Mapped[str] = mapped_column(String(16), default="")
    place: Mapped[str] = mapped_column(String(200), default="")
    organiser: Mapped[str] = mapped_column(String(100), default="")
    participants: Mapped[int | None] = mapped_column(Integer, nullable=True)
    participant_unit: Mapped[str] = mapped_column(String(16), default="person")
    participants_more_than: Mapped[bool] = mapped_column(Boolean, default=False)
    target_groups: Mapped[str] = mapped_column(String(300), default="")
    narrative: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(400), default="")


class EventUnit(TravelMixin, Base):
    """A co-organising unit of an event (市纪委, 市委组织部 ...), in the order typed."""

    __tablename__ = "campaign_event_unit"

    event_id: Mapped[str] = mapped_column(ForeignKey("campaign_event.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))


class EventLeader(TravelMixin, Base):
    """A leader present at an event, with the post as printed (苏爱清, 市政协主席)."""

    __tablename__ = "campaign_event_leader"

    event_id: Mapped[str] = mapped_column(ForeignKey("campaign_event.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(64))
    post: Mapped[str] = mapped_column(String(100), default="")


class EventAttachment(TravelMixin, Base):
    """A photo or scan of an event, copied into the database's attachments folder."""

    __tablename__ = "campaign_event_attachment"

    event_id: Mapped[str] = mapped_column(ForeignKey("campaign_event.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    file_name: Mapped[str] = mapped_column(String(255))  # the name the user chose
    stored_name: Mapped[str] = mapped_column(String(255))  # the copy inside the attachments folder


class HouseholdCampaign(TravelMixin, Base):
    """A household campaign over a date range and office: households taking part, pledges, totals.

    Rates are never stored: coverage = taking part / total, pledge rate = pledges / total,
    consolidation = consolidated / taking part.  Family-type counts are the families honoured.
    """

    __tablename__ = "household_campaign"

    name: Mapped[str] = mapped_column(String(200))
    office_name: Mapped[str] = mapped_column(String(100), default="")
    start_on: Mapped[dt.date] = mapped_column(Date, index=True)
    end_on: Mapped[dt.date] = mapped_column(Date, index=True)
    partner: Mapped[str] = mapped_column(String(100), default="")
    households_taking_part: Mapped[int | None] = mapped_column(Integer, nullable=True)
    households_pledged: Mapped[int | None] = mapped_column(Integer, nullable=True)
    households_total: Mapped[int | None] = mapped_column(Integer, nullable=True)
    households_consolidated: Mapped[int | None] = mapped_column(Integer, nullable=True)
    civilised_families: Mapped[int] = mapped_column(Integer, default=0)
    learning_families: Mapped[int] = mapped_column(Integer, default=0)
    clean_families: Mapped[int] = mapped_column(Integer, default=0)
    green_families: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(400), default="")


# A period's list counts and pages through an index range (migration 2300).
Index("ix_campaign_event_period", Event.deleted, Event.held_on)
Index("ix_household_campaign_period", HouseholdCampaign.deleted, HouseholdCampaign.start_on)
# The summary's covering indexes (migration 2302): origin office first, so a scope's figures read the index alone.
Index("ix_campaign_event_summary", Event.origin_office, Event.deleted, Event.held_on, Event.kind, Event.participants,
      Event.participant_unit, Event.id)
Index("ix_campaign_event_unit_live", EventUnit.event_id, EventUnit.deleted)
