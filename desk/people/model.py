"""A person named in the records; areas keep their own facts about a person in their own tables."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.db.base import Base, TravelMixin


class Person(TravelMixin, Base):
    """One person, at most once per resident ID number among live records."""

    __tablename__ = "person"

    name: Mapped[str] = mapped_column(String(64), index=True)
    sex: Mapped[str] = mapped_column(String(1), default="")  # "F", "M" or "" when unknown
    birth_date: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    id_number: Mapped[str | None] = mapped_column(String(18), nullable=True, index=True)
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    work_unit: Mapped[str] = mapped_column(String(100), default="")
    post: Mapped[str] = mapped_column(String(64), default="")
    village: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(200), default="", index=True)
