"""The exchange area's part of the home screen: offices below that exchange data with this one but have sent nothing this period."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.core.periods import Period
from desk.exchange.model import LedgerEntry, PartnerCard
from desk.office.model import SubOffice
from desk.office.scope import Scope
from desk.reports.sections import add_attention

NAMED_OFFICES = 10


def silent_offices(session: Session, period: Period) -> list[str]:
    """Return the names of subordinate offices registered as exchange partners with no data received since the period began."""
    since = dt.datetime.combine(period.start, dt.time(), tzinfo=dt.timezone.utc)
    received = exists().where(LedgerEntry.sender == SubOffice.code, LedgerEntry.received_at >= since)
    partner = exists().where(PartnerCard.code == SubOffice.code)
    return list(session.scalars(
        select(SubOffice.name).where(SubOffice.deleted.is_(False), partner, ~received).order_by(SubOffice.code)
    ))


def unreported_items(session: Session, period: Period, scope: Scope) -> list[str]:
    """Return the attention sentence naming the offices that have not reported for ``period``."""
    names = silent_offices(session, period)
    if not names:
        return []
    shown = "、".join(names[:NAMED_OFFICES]) + (_("等") if len(names) > NAMED_OFFICES else "")
    return [_("{period}还没有收到{count}个下级组织报送的数据：{offices}。").format(
        period=period.label, count=len(names), offices=shown)]


add_attention("exchange", 20, unreported_items)
