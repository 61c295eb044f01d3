"""The sample area's one table, on its own declarative base (it never exists in a migration)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desk.core.i18n import N_
from desk.db.base import TravelMixin

PURPOSES: dict[str, str] = {"care": N_("关爱"), "survey": N_("调查")}


class SampleBase(DeclarativeBase):
    """A separate base: the sample table is created by the test, not by Alembic."""


class SampleVisit(TravelMixin, SampleBase):
    """One home visit."""

    __tablename__ = "sample_visit"

    visitor_name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(32), default="")
    purpose: Mapped[str] = mapped_column(String(16))
    visited_on: Mapped[dt.date] = mapped_column(Date)
    households: Mapped[int | None] = mapped_column(Integer, nullable=True)
    notes: Mapped[str] = mapped_column(Text, default="")
