"""Tables of relief work: visits and their lines, beneficiaries, stipend batches and their lines."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.core.i18n import N_
from desk.db.base import Base, TravelMixin

OCCASIONS: dict[str, str] = {
    "children_day": N_("六一"),
    "spring_festival": N_("春节"),
    "womens_day": N_("三八"),
    "other": N_("其他"),
}

GROUPS: dict[str, str] = {
    "left_behind": N_("留守儿童"),
    "orphan_disabled": N_("孤残儿童"),
    "single_parent": N_("单亲困难家庭儿童"),
    "spring_bud": N_("春蕾女童"),
    "triplets": N_("一胎三子困难户"),
    "other": N_("其他"),
}


class Beneficiary(TravelMixin, Base):
    """A person helped by relief work: the shared Person plus what relief work needs to know."""

    __tablename__ = "relief_beneficiary"

    person_id: Mapped[str] = mapped_column(ForeignKey("person.id"), index=True)
    guardian: Mapped[str] = mapped_column(String(64), default="")
    school: Mapped[str] = mapped_column(String(100), default="")
    grade: Mapped[str] = mapped_column(String(32), default="")
    group: Mapped[str] = mapped_column(String(32), default="", index=True)
    notes: Mapped[str] = mapped_column(Text, default="")


class ReliefVisit(TravelMixin, Base):
    """One relief visit (慰问): when, why, where, and the cash handed out; lines in child tables."""

    __tablename__ = "relief_visit"

    visit_date: Mapped[dt.date] = mapped_column(Date, index=True)
    occasion: Mapped[str] = mapped_column(String(32), default="other")
    title: Mapped[str] = mapped_column(String(100))
    places: Mapped[str] = mapped_column(String(300), default="")
    cash_fen: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(300), default="", index=True)


class VisitLeader(TravelMixin, Base):
    """A leader who led a visit, with the post held then."""

    __tablename__ = "relief_visit_leader"

    visit_id: Mapped[str] = mapped_column(ForeignKey("relief_visit.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(64))
    post: Mapped[str] = mapped_column(String(100), default="")


class VisitUnit(TravelMixin, Base):
    """A unit that co-organised a visit."""

    __tablename__ = "relief_visit_unit"

    visit_id: Mapped[str] = mapped_column(ForeignKey("relief_visit.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))


class VisitGroup(TravelMixin, Base):
    """How many people of one beneficiary group a visit reached."""

    __tablename__ = "relief_visit_group"

    visit_id: Mapped[str] = mapped_column(ForeignKey("relief_visit.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    group: Mapped[str] = mapped_column(String(32))
    count: Mapped[int] = mapped_column(Integer, default=0)


class VisitGoods(TravelMixin, Base):
    """A goods line handed out on a visit: item, quantity, unit and total value in fen."""

    __tablename__ = "relief_visit_goods"

    visit_id: Mapped[str] = mapped_column(ForeignKey("relief_visit.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    item: Mapped[str] = mapped_column(String(64))
    quantity: Mapped[int] = mapped_column(Integer, default=0)
    unit: Mapped[str] = mapped_column(String(16), default="")
    value_fen: Mapped[int] = mapped_column(Integer, default=0)


class VisitPerson(TravelMixin, Base):
    """A registered beneficiary reached in person by a visit (her visit history)."""

    __tablename__ = "relief_visit_person"

    visit_id: Mapped[str] = mapped_column(ForeignKey("relief_visit.id"), index=True)
    beneficiary_id: Mapped[str] = mapped_column(ForeignKey("relief_beneficiary.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class StipendBatch(TravelMixin, Base):
    """A stipend payment batch (春蕾计划 and similar): programme, date and source of funds."""

    __tablename__ = "relief_stipend_batch"

    programme: Mapped[str] = mapped_column(String(100))
    pay_date: Mapped[dt.date] = mapped_column(Date, index=True)
    fund_source: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(200), default="", index=True)


class StipendLine(TravelMixin, Base):
    """One beneficiary's payment in a batch, in fen."""

    __tablename__ = "relief_stipend_line"

    batch_id: Mapped[str] = mapped_column(ForeignKey("relief_stipend_batch.id"), index=True)
    beneficiary_id: Mapped[str] = mapped_column(ForeignKey("relief_beneficiary.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    amount_fen: Mapped[int] = mapped_column(Integer, default=0)


# A period's list counts and pages through an index range (migration 2300).
Index("ix_relief_visit_period", ReliefVisit.deleted, ReliefVisit.visit_date)
Index("ix_relief_stipend_batch_period", StipendBatch.deleted, StipendBatch.pay_date)
# The summary's covering indexes (migration 2302): origin office first, so a scope's figures read the index alone.
Index("ix_relief_visit_summary", ReliefVisit.origin_office, ReliefVisit.deleted, ReliefVisit.visit_date, ReliefVisit.cash_fen,
      ReliefVisit.id)
Index("ix_relief_visit_group_live", VisitGroup.visit_id, VisitGroup.deleted, VisitGroup.group, VisitGroup.count)
