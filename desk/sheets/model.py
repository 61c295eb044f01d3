"""The marks of imported rows, so importing the same ledger twice creates nothing new."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String
from sqlalchemy.orm import Mapped, mapped_column

from desk.db.base import Base, utcnow


class ImportMark(Base):
    """One imported row: a fingerprint of its sheet and cleaned values, and the record it created.

    Marks stay in this office's database and do not travel: they only stop a second import.
    """

    __tablename__ = "sheet_import_mark"

    fingerprint: Mapped[str] = mapped_column(String(64), primary_key=True)
    sheet: Mapped[str] = mapped_column(String(32), index=True)
    record_id: Mapped[str] = mapped_column(String(36))
    imported_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    imported_by: Mapped[str] = mapped_column(String(64), default="")
