"""The draft table: one row per user, screen and record being typed. Drafts never travel."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desk.db.base import Base, utcnow


class FormDraft(Base):
    """What a user had typed into a form and not yet saved."""

    __tablename__ = "form_draft"
    __table_args__ = (UniqueConstraint("username", "screen_key", "record_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64))
    screen_key: Mapped[str] = mapped_column(String(64))
    record_key: Mapped[str] = mapped_column(String(36))  # the record id, or "" for a new record
    values_json: Mapped[str] = mapped_column(Text)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
