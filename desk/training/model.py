"""Training tables: courses, attendance of people at courses, and skilled women (女能手)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.core.i18n import N_
from desk.db.base import Base, TravelMixin

KINDS = {
    "cadre": N_("妇女干部培训"),
    "farmer": N_("新型女农民培训"),
    "skills": N_("科技技能培训"),
    "business": N_("创业培训"),
    "other": N_("其他培训"),
}
OWN = "own"
ORGANISERS = {
    OWN: N_("本会举办"),
    "city": N_("地市妇联举办"),
    "region": N_("区妇联举办"),
    "national": N_("全国妇联举办"),
    "other": N_("其他上级单位举办"),
}


class Course(TravelMixin, Base):
    """A course (培训班) held by this office or attended at a higher level."""

    __tablename__ = "training_course"

    name: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    organiser: Mapped[str] = mapped_column(String(16), index=True)
    start_date: Mapped[dt.date] = mapped_column(Date, index=True)
    end_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    place: Mapped[str] = mapped_column(String(100), default="")
    hours: Mapped[int] = mapped_column(Integer, default=0)
    teachers: Mapped[str] = mapped_column(String(200), default="")
    topics: Mapped[str] = mapped_column(Text, default="")
    base: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(200), default="", index=True)


class Attendance(TravelMixin, Base):
    """A person's attendance at a course, and whether she finished it (结业)."""

    __tablename__ = "training_attendance"

    course_id: Mapped[str] = mapped_column(ForeignKey("training_course.id"), index=True)
    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    finished: Mapped[bool] = mapped_column(Boolean, default=False)
    notes: Mapped[str] = mapped_column(String(200), default="")


class SkilledWoman(TravelMixin, Base):
    """A person marked as a skilled woman (女能手) with her trade and association membership."""

    __tablename__ = "training_skilled_woman"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    trade: Mapped[str] = mapped_column(String(100))
    association_member: Mapped[bool] = mapped_column(Boolean, default=False)
    registered_on: Mapped[dt.date] = mapped_column(Date, index=True)
    notes: Mapped[str] = mapped_column(Text, default="")


# A period's list counts and pages through an index range (migration 2300).
Index("ix_training_course_period", Course.deleted, Course.start_date)
Index("ix_training_skilled_woman_period", SkilledWoman.deleted, SkilledWoman.registered_on)
# The summary's covering indexes (migration 2302): origin office first, so a scope's figures read the index alone.
Index("ix_training_attendance_live", Attendance.course_id, Attendance.deleted, Attendance.person_id, Attendance.finished)
Index("ix_training_skilled_woman_summary", SkilledWoman.origin_office, SkilledWoman.deleted, SkilledWoman.registered_on,
      SkilledWoman.association_member)
