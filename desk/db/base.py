"""The declarative base with a naming convention, and the mixin of every record that travels."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import Boolean, DateTime, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model; the naming convention keeps constraint names stable in batch migrations."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def new_uuid() -> str:
    """Return a new random UUID as text (portable across SQLite and PostgreSQL)."""
    return str(uuid.uuid4())


def utcnow() -> dt.datetime:
    """Return the current UTC time, timezone-aware."""
    return dt.datetime.now(dt.timezone.utc)


class TravelMixin:
    """Columns of a record that travels between offices by USB.

    A UUID primary key, the code of the office that created it, created/updated time and
    user, a revision number bumped on every change, and a deletion mark instead of a
    hard delete, so that a deletion can travel too.
    """

    if TYPE_CHECKING:
        __tablename__: str  # every travelling model names its table

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_uuid)
    origin_office: Mapped[str] = mapped_column(String(32), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(64), default="")
    revision: Mapped[int] = mapped_column(Integer, default=1)
    # Not indexed alone (migration 2303): nearly every row holds 0, and SQLite without statistics would
    # prefer such an index to the period, parent and office indexes that do narrow a query.
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 (declared_attr hands over the mapped class)
        # Every UPDATE says "WHERE revision = <the revision read>", and the program sets the new
        # revision itself (stamps, exchange): of two clerks saving one record at the same moment on
        # a shared server, the second gets StaleDataError instead of silently overwriting the first.
        return {"version_id_col": cls.revision, "version_id_generator": False}
