"""Exchange tables: keys, partner cards, sequences, the ledger, merge bases, conflicts, reports and travelling audit."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.db.base import Base, new_uuid, utcnow


class ExchangeKey(Base):
    """This office's own key pairs (one row): Ed25519 signing seed and X25519 private key."""

    __tablename__ = "exchange_key"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    office_code: Mapped[str] = mapped_column(String(32))
    sign_seed: Mapped[str] = mapped_column(String(64))  # base64 of 32 bytes
    box_secret: Mapped[str] = mapped_column(String(64))  # base64 of 32 bytes
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PartnerCard(Base):
    """A registered key card of another office (higher or lower), confirmed by its fingerprint."""

    __tablename__ = "exchange_partner"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(16), default="")
    sign_key: Mapped[str] = mapped_column(String(64))
    box_key: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(32))
    registered_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    registered_by: Mapped[str] = mapped_column(String(64), default="")
    # Outgoing bookkeeping towards this office.
    last_sequence: Mapped[int] = mapped_column(Integer, default=0)
    last_export_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The local receive sequence already passed on to this office: records received (from others)
    # with a higher receive_seq go with the next since-last export.
    last_receive_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class LedgerEntry(Base):
    """A bundle received (or refused): sender, sequence, time, counts and result."""

    __tablename__ = "exchange_ledger"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    bundle_id: Mapped[str] = mapped_column(String(36), index=True)
    sender: Mapped[str] = mapped_column(String(32), index=True)
    sender_name: Mapped[str] = mapped_column(String(100), default="")
    sequence: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    received_by: Mapped[str] = mapped_column(String(64), default="")
    records: Mapped[int] = mapped_column(Integer, default=0)
    summary: Mapped[str] = mapped_column(Text, default="")  # JSON: category → count
    gap: Mapped[str] = mapped_column(String(100), default="")  # missing sequence numbers, as text
    file_name: Mapped[str] = mapped_column(String(255), default="")


class MergeBase(Base):
    """The last revision of a record received from another office: the common base of later edits."""

    __tablename__ = "exchange_base"

    table_name: Mapped[str] = mapped_column(String(64), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    revision: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    bundle_id: Mapped[str] = mapped_column(String(36))
    sender: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # This office's receive counter when the record was last written by an import (0: never).
    receive_seq: Mapped[int] = mapped_column(Integer, default=0, server_default="0", index=True)


class Conflict(Base):
    """Two different edits of one record: ours and the incoming one, awaiting a person's choice."""

    __tablename__ = "exchange_conflict"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    table_name: Mapped[str] = mapped_column(String(64), index=True)
    record_id: Mapped[str] = mapped_column(String(36), index=True)
    sender: Mapped[str] = mapped_column(String(32))
    bundle_id: Mapped[str] = mapped_column(String(36))
    mine: Mapped[str] = mapped_column(Text)  # JSON of our row when the bundle arrived
    theirs: Mapped[str] = mapped_column(Text)  # JSON of the incoming row
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    resolution: Mapped[str] = mapped_column(String(16), default="")  # "mine" / "theirs"
    resolved_by: Mapped[str] = mapped_column(String(64), default="")


class ReportMark(Base):
    """An office counted as reported for a period: a bundle brought its records of the period, or it declared none."""

    __tablename__ = "exchange_report"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    office_code: Mapped[str] = mapped_column(String(32), index=True)
    period: Mapped[str] = mapped_column(String(32), index=True)  # a Period code: 2021H1
    records: Mapped[int] = mapped_column(Integer, default=0)
    declared_empty: Mapped[bool] = mapped_column(Boolean, default=False)
    bundle_id: Mapped[str] = mapped_column(String(36))
    sender: Mapped[str] = mapped_column(String(32))
    received_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TravelledAudit(Base):
    """An audit entry of a travelling record, made at another office: kept apart from this office's own log."""

    __tablename__ = "exchange_audit"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    entry_key: Mapped[str] = mapped_column(String(64), unique=True)  # SHA-256 of the entry: relays keep one copy
    origin_office: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    user: Mapped[str] = mapped_column(String(64), default="")
    kind: Mapped[str] = mapped_column(String(32))
    table_name: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(64), index=True)
    detail: Mapped[str] = mapped_column(Text, default="")
    sender: Mapped[str] = mapped_column(String(32))
    sender_name: Mapped[str] = mapped_column(String(100), default="")
    bundle_id: Mapped[str] = mapped_column(String(36))
    receive_seq: Mapped[int] = mapped_column(Integer, default=0, index=True)
