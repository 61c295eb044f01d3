"""Tables of petitions (信访件) and their handling steps; both travel to the higher level."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from desk.core.i18n import N_
from desk.db.base import Base, TravelMixin

CHANNELS: dict[str, str] = {
    "visit": N_("来访"),
    "letter": N_("来信"),
    "call": N_("来电"),
    "other": N_("其他"),
}
CATEGORIES: dict[str, str] = {
    "marriage": N_("婚姻家庭"),
    "violence": N_("家庭暴力"),
    "property": N_("财产/土地权益"),
    "labour": N_("劳动就业"),
    "children": N_("子女抚养"),
    "person": N_("人身权利"),
    "other": N_("其他"),
}
STATUSES: dict[str, str] = {
    "received": N_("已受理"),
    "handling": N_("办理中"),
    "answered": N_("已答复"),
    "closed": N_("已办结"),
}
OPEN_STATUSES = ("received", "handling")
ANSWERED_STATUSES = ("answered", "closed")
ACTIONS: dict[str, str] = {
    "answered": N_("当面/电话答复"),
    "referred": N_("转交有关单位"),
    "mediated": N_("调解"),
    "court": N_("协助诉讼"),
    "legal_aid": N_("法律援助"),
    "visit": N_("走访核实"),
    "other": N_("其他"),
}


class Petition(TravelMixin, Base):
    """One petition: how and when it came, who brought it (anonymous allowed), what it is about, the reply."""

    __tablename__ = "petition"

    channel: Mapped[str] = mapped_column(String(16), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date, index=True)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    petitioner_name: Mapped[str] = mapped_column(String(64), default="")
    sex: Mapped[str] = mapped_column(String(1), default="")
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    id_number: Mapped[str | None] = mapped_column(String(18), nullable=True)
    people_count: Mapped[int] = mapped_column(Integer, default=1)
    category: Mapped[str] = mapped_column(String(16), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    first_receiver: Mapped[str] = mapped_column(String(64), default="")
    reception_day: Mapped[bool] = mapped_column(Boolean, default=False)
    leader: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), index=True, default="received")
    reply_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    reply: Mapped[str] = mapped_column(Text, default="")
    search_key: Mapped[str] = mapped_column(String(200), default="", index=True)


class PetitionStep(TravelMixin, Base):
    """One handling step of a petition: date, who, what was done, the unit it was referred to."""

    __tablename__ = "petition_step"

    petition_id: Mapped[str] = mapped_column(ForeignKey("petition.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    step_on: Mapped[dt.date] = mapped_column(Date)
    handler: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(16))
    unit: Mapped[str] = mapped_column(String(100), default="")
    notes: Mapped[str] = mapped_column(String(500), default="")


# A period's list counts and pages through an index range (migration 2300).
Index("ix_petition_period", Petition.deleted, Petition.received_on)
# The summary's covering indexes (migration 2302): origin office first, so a scope's figures read the index alone.
Index("ix_petition_summary", Petition.origin_office, Petition.deleted, Petition.received_on, Petition.channel,
      Petition.category, Petition.status, Petition.reception_day, Petition.people_count)
