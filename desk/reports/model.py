"""Tables of the reports: the narrative typed for each summary section and period, and the certificate register."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, DateTime, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from desk.db.base import Base, utcnow


class SectionNarrative(Base):
    """What the office wrote for one summary section in one period (shown after the generated sentences)."""

    __tablename__ = "report_narrative"
    __table_args__ = (UniqueConstraint("section_key", "period_code", name="uq_report_narrative_section_period"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    section_key: Mapped[str] = mapped_column(String(40))
    period_code: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), default="")


class IssuedCertificate(Base):
    """A certificate as it was printed: a reprint reproduces exactly these texts."""

    __tablename__ = "certificate_register"
    __table_args__ = (UniqueConstraint("year", "sequence", name="uq_certificate_register_year_sequence"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[str] = mapped_column(String(40), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    sequence: Mapped[int] = mapped_column(Integer)
    award_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    awardee: Mapped[str] = mapped_column(String(200))
    honour: Mapped[str] = mapped_column(String(200))
    awarding_body: Mapped[str] = mapped_column(String(200))
    award_date: Mapped[dt.date] = mapped_column(Date)
    collective: Mapped[bool] = mapped_column(Boolean, default=False)
    text: Mapped[str] = mapped_column(Text)  # the certificate's sentence exactly as printed
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(64), default="")
    printings: Mapped[int] = mapped_column(Integer, default=1)


# A period's list counts and pages through an index range (migration 2300).
Index("ix_certificate_register_period", IssuedCertificate.award_date)
