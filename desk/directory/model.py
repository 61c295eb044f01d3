"""Units and leaders remembered from what clerks typed."""

from __future__ import annotations

from typing import ClassVar

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from desk.db.base import Base, TravelMixin


class Unit(TravelMixin, Base):
    """A unit that organises, co-organises or hosts (市纪委, 市委组织部, 市计生局 ...)."""

    __tablename__ = "directory_unit"
    remembered: ClassVar[bool] = True  # remembered from what a record named: audited in full, even when imported

    name: Mapped[str] = mapped_column(String(100), index=True)
    kind: Mapped[str] = mapped_column(String(32), default="")


class Leader(TravelMixin, Base):
    """A leader who attends or leads (苏爱清, 市政协主席)."""

    __tablename__ = "directory_leader"
    remembered: ClassVar[bool] = True  # remembered from what a record named: audited in full, even when imported

    name: Mapped[str] = mapped_column(String(64), index=True)
    post: Mapped[str] = mapped_column(String(100), default="")
