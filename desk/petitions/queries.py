"""The petition list: masked petitioner, no phone or address, overdue decided against a clock."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, not_
from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.db.listing import ListQuery, ListSource
from desk.petitions.fields import PETITION
from desk.petitions.model import CATEGORIES, CHANNELS, STATUSES, Petition
from desk.petitions.rules import deadlines, overdue_clause


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    anonymous = row.pop("anonymous")
    row["petitioner"] = _("匿名") if anonymous else PETITION["petitioner_name"].mask(row.pop("petitioner_name"))
    row.pop("petitioner_name", None)
    row["overdue"] = bool(row["overdue"])
    return row


def _columns(overdue: Any) -> dict[str, Any]:
    return {
        "id": Petition.id,
        "received_on": Petition.received_on,
        "channel": Petition.channel,
        "anonymous": Petition.anonymous,
        "petitioner_name": Petition.petitioner_name,
        "people_count": Petition.people_count,
        "category": Petition.category,
        "first_receiver": Petition.first_receiver,
        "reception_day": Petition.reception_day,
        "status": Petition.status,
        "reply_on": Petition.reply_on,
        "overdue": case((overdue, True), else_=False),
        "origin_office": Petition.origin_office,
    }


@dataclass
class PetitionSource(ListSource):
    """A ListSource whose ``overdue`` column and filter are computed in SQL for ``clock()``'s day.

    The office's deadline settings are read at each count/read, so changing a setting shows at once.
    """

    clock: Callable[[], dt.date] = dt.date.today
    model: Any = Petition
    columns: Any = field(default_factory=dict)

    def bound(self, session: Session) -> ListSource:
        """Return a plain ListSource with the columns and filters of today's clock."""
        today = self.clock()
        overdue = overdue_clause(deadlines(session), today)
        filters = {
            "status": lambda value: Petition.status == value,
            "channel": lambda value: Petition.channel == value,
            "category": lambda value: Petition.category == value,
            "overdue": lambda value: overdue if value == "yes" else not_(overdue),
        }
        return ListSource(
            model=Petition,
            columns=_columns(overdue),
            search=(Petition.search_key, Petition.petitioner_name, Petition.first_receiver, Petition.summary),
            date_column=Petition.received_on,
            default_order=(Petition.received_on.desc(),),
            filters=filters,
            finish=_finish,
        )

    def count(self, session: Session, query: ListQuery) -> int:
        return self.bound(session).count(session, query)

    def rows(
        self, session: Session, query: ListQuery, offset: int = 0, limit: int | None = 200, total: int | None = None
    ) -> list[dict[str, Any]]:
        return self.bound(session).rows(session, query, offset, limit, total)


PETITIONS = PetitionSource()
STATUS_CHOICES = tuple(STATUSES.items())
CHANNEL_CHOICES = tuple(CHANNELS.items())
CATEGORY_CHOICES = tuple(CATEGORIES.items())


def petition_json(row: dict[str, Any]) -> dict[str, Any]:
    """Return one list row for ``list petitions --json``: masked name, no phone, address or ID number."""
    return {
        "id": row["id"],
        "received_on": row["received_on"],
        "channel": row["channel"],
        "petitioner": row["petitioner"],
        "people_count": row["people_count"],
        "category": row["category"],
        "first_receiver": row["first_receiver"],
        "reception_day": bool(row["reception_day"]),
        "status": row["status"],
        "reply_on": row["reply_on"],
        "overdue": row["overdue"],
    }
