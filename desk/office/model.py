"""Tables of this office: its profile, users, database settings and the subordinate office register."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.core.i18n import N_
from desk.db.base import Base, TravelMixin, utcnow

LEVELS: dict[str, str] = {
    "national": N_("全国"),
    "region": N_("区(省)"),
    "city": N_("市"),
    "county": N_("县(区)"),
    "town": N_("镇(街道)"),
    "village": N_("村(社区)"),
}


class OfficeProfile(Base):
    """This office: one row, written by the setup wizard or ``init``."""

    __tablename__ = "office_profile"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    code: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))
    parent_name: Mapped[str] = mapped_column(String(100), default="")
    parent_code: Mapped[str] = mapped_column(String(32), default="")
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class User(Base):
    """A person who logs in; the password is an Argon2id hash, never the password."""

    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(64), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    roles: Mapped[str] = mapped_column(String(255), default="")  # space-separated role keys
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OfficeSetting(Base):
    """A setting that belongs to the office's database (deadlines, thresholds, current period)."""

    __tablename__ = "office_setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class SubOffice(TravelMixin, Base):
    """An office below this one (下级组织); ``parent_id`` is empty for offices directly below."""

    __tablename__ = "sub_office"

    name: Mapped[str] = mapped_column(String(100), index=True)
    code: Mapped[str] = mapped_column(String(32), index=True)
    level: Mapped[str] = mapped_column(String(16))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("sub_office.id"), nullable=True)
    contact_person: Mapped[str] = mapped_column(String(64), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
