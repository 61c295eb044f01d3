"""Deadlines and leader reception days of petitions, each an office setting; "overdue" always takes ``today``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.orm import Session

from desk.office.settings import OfficeSettingSpec, get_setting, get_settings
from desk.petitions.model import OPEN_STATUSES, Petition

DECIDE_DAYS = OfficeSettingSpec("petitions.decide_days", int, 15)
FINISH_DAYS = OfficeSettingSpec("petitions.finish_days", int, 60)
RECEPTION_DAY = OfficeSettingSpec("petitions.reception_day", int, 15)
SETTINGS = (DECIDE_DAYS, FINISH_DAYS, RECEPTION_DAY)


@dataclass(frozen=True)
class Deadlines:
    """Days from receipt to decide whether to take a petition up, and to finish it."""

    decide_days: int = 15
    finish_days: int = 60

    def decide_by(self, received_on: dt.date) -> dt.date:
        """Return the last day to decide on a petition received on ``received_on``."""
        return received_on + dt.timedelta(days=self.decide_days)

    def finish_by(self, received_on: dt.date) -> dt.date:
        """Return the last day to finish (answer) a petition received on ``received_on``."""
        return received_on + dt.timedelta(days=self.finish_days)


def deadlines(session: Session) -> Deadlines:
    """Return the office's deadlines (settings ``petitions.decide_days`` / ``finish_days``)."""
    decide_days, finish_days = get_settings(session, DECIDE_DAYS, FINISH_DAYS)  # one query: lists call this often
    return Deadlines(decide_days, finish_days)


def reception_day(session: Session) -> int:
    """Return the day of the month that is the leader reception day (领导接访日, default the 15th)."""
    return get_setting(session, RECEPTION_DAY)


def is_overdue(rule: Deadlines, status: str, received_on: dt.date, today: dt.date) -> bool:
    """Return whether a petition is overdue on ``today``: still undecided after the decide
    deadline, or not answered after the finish deadline."""
    if status not in OPEN_STATUSES:
        return False
    if status == "received" and today > rule.decide_by(received_on):
        return True
    return today > rule.finish_by(received_on)


def overdue_clause(rule: Deadlines, today: dt.date) -> ColumnElement[bool]:
    """Return the SQL condition matching petitions overdue on ``today`` (same rule as ``is_overdue``)."""
    decide_cutoff = today - dt.timedelta(days=rule.decide_days)
    finish_cutoff = today - dt.timedelta(days=rule.finish_days)
    return and_(
        Petition.status.in_(OPEN_STATUSES),
        or_(
            and_(Petition.status == "received", Petition.received_on < decide_cutoff),
            Petition.received_on < finish_cutoff,
        ),
    )
