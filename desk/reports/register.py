"""The certificate register: numbering, the text as printed, reprints, and where awards come from.

The commendations area puts an ``AwardSource`` in the report registry (desk/reports/registry.py)
that returns the awards of a period (or of chosen ids) as ``CertificateItem``s.  Issuing looks each award up
in the register: a new one gets the next number of its year and its text is stored; one
printed before comes back exactly as it was printed, even if the award was edited since.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.core.periods import Period
from desk.db.base import utcnow
from desk.db.listing import ListSource
from desk.db.records import Actor
from desk.reports.model import IssuedCertificate
from desk.reports.numbers import certificate_number

if TYPE_CHECKING:  # ReportLab comes with certificates and fonts: loaded when certificates are made
    from desk.reports.certificates import CertificateItem
    from desk.reports.fonts import FontSet
    from desk.reports.registry import ReportRegistry


def awards_for(
    session: Session, period: Period | None, award_ids: Sequence[str] = (), event_id: str | None = None, *,
    reports: ReportRegistry,
) -> list[CertificateItem]:
    """Return the awards to print (of ``period``, the chosen ids, or every award of one event); raise DeskError if none.

    The awards come from the award source the commendations area put in ``reports``.
    """
    source = reports.award_source
    if source is None:
        raise DeskError(_("没有可打印的表彰记录：本程序还没有表彰功能的数据，请先在“表彰”中录入表彰。"))
    items = source(session, period, award_ids, event_id=event_id) if event_id else source(session, period, award_ids)
    if not items:
        if event_id:
            raise DeskError(_("这次活动（{event}）没有表彰记录，没有证书可打印").format(event=event_id))
        if award_ids:
            raise DeskError(_("找不到所选的表彰记录：{ids}").format(ids="、".join(award_ids)))
        raise DeskError(_("{period}没有表彰记录，没有证书可打印").format(period=period.label if period else ""))
    return items


def _item_from_row(row: IssuedCertificate) -> CertificateItem:
    from desk.reports.certificates import CertificateItem

    return CertificateItem(
        awardee=row.awardee, honour=row.honour, awarding_body=row.awarding_body, day=row.award_date,
        number=row.number, collective=row.collective, award_id=row.award_id, text=row.text,
    )


def next_sequence(session: Session, year: int) -> int:
    """Return the next free certificate sequence number of ``year``."""
    highest = session.execute(select(func.max(IssuedCertificate.sequence)).where(IssuedCertificate.year == year)).scalar()
    return int(highest or 0) + 1


def preview_items(session: Session, items: Sequence[CertificateItem]) -> list[CertificateItem]:
    """Return ``items`` as they would print, writing nothing: a preview takes no number and is not counted.

    An award printed before shows its registered number and text; a new one shows its text
    without a number (numbers are taken only by ``issue``, when the clerk saves or prints).
    """
    from desk.reports.certificates import body_text

    award_ids = [award_id for item in items if (award_id := item.award_id)]
    known: dict[str, IssuedCertificate] = {}
    if award_ids:
        known = {row.award_id: row for row in session.scalars(
            select(IssuedCertificate).where(IssuedCertificate.award_id.in_(award_ids))) if row.award_id}
    return [_item_from_row(known[item.award_id]) if item.award_id in known else replace(item, text=item.text or body_text(item))
            for item in items]


def issue(session: Session, actor: Actor, items: Sequence[CertificateItem], fonts: FontSet | None = None) -> list[CertificateItem]:
    """Register ``items`` for printing and return them as they must print, in order.

    An award printed before returns its registered number and text (a reprint, counted); a
    new one gets the next number of its year.  Every character is checked against the fonts
    first, so a refused printout registers nothing.  Raises DeskError.
    """
    from desk.reports.certificates import body_text, check_items
    from desk.reports.fonts import default_fonts

    fonts = fonts or default_fonts()
    award_ids = [award_id for item in items if (award_id := item.award_id)]
    known: dict[str, IssuedCertificate] = {}
    if award_ids:
        for row in session.scalars(select(IssuedCertificate).where(IssuedCertificate.award_id.in_(award_ids))):
            if row.award_id:
                known[row.award_id] = row
    prepared: list[tuple[CertificateItem, IssuedCertificate | None]] = []
    for item in items:
        if item.award_id and item.award_id in known:
            prepared.append((_item_from_row(known[item.award_id]), known[item.award_id]))
        else:
            prepared.append((replace(item, text=item.text or body_text(item)), None))
    check_items([item for item, _row in prepared], fonts)
    result = []
    sequences: dict[int, int] = {}
    new_rows: list[dict[str, object]] = []
    for item, registered_row in prepared:
        if registered_row is not None:
            registered_row.printings += 1
            result.append(item)
            continue
        year = item.day.year
        sequence = sequences.get(year) or next_sequence(session, year)
        sequences[year] = sequence + 1
        number = certificate_number(year, sequence)
        new_rows.append(dict(
            number=number, year=year, sequence=sequence, award_id=item.award_id, awardee=item.awardee,
            honour=item.honour, awarding_body=item.awarding_body, award_date=item.day, collective=item.collective,
            text=item.text, issued_at=utcnow(), issued_by=actor.user, printings=1,
        ))
        result.append(replace(item, number=number))
    session.flush()
    if new_rows:  # one executemany in print order (the ORM wrote them one statement each)
        session.execute(insert(IssuedCertificate), new_rows)
    return result


def _registered(session: Session, numbers: Sequence[str]) -> dict[str, IssuedCertificate]:
    rows = {row.number: row for row in session.scalars(select(IssuedCertificate).where(IssuedCertificate.number.in_(numbers)))}
    missing = [number for number in numbers if number not in rows]
    if missing:
        raise DeskError(_("证书登记簿中没有编号{numbers}").format(numbers="、".join(missing)))
    return rows


def registered(session: Session, numbers: Sequence[str]) -> list[CertificateItem]:
    """Return registered certificates by number exactly as printed, counting nothing (a reprint's preview)."""
    rows = _registered(session, numbers)
    return [_item_from_row(rows[number]) for number in numbers]


def reprint(session: Session, numbers: Sequence[str]) -> list[CertificateItem]:
    """Return registered certificates by number exactly as printed and count the printing; raise DeskError for an unknown number."""
    rows = _registered(session, numbers)
    for number in numbers:
        rows[number].printings += 1
    return [_item_from_row(rows[number]) for number in numbers]


ISSUED = ListSource(
    model=IssuedCertificate,
    columns={
        "id": IssuedCertificate.id,
        "number": IssuedCertificate.number,
        "awardee": IssuedCertificate.awardee,
        "honour": IssuedCertificate.honour,
        "award_date": IssuedCertificate.award_date,
        "issued_at": IssuedCertificate.issued_at,
        "issued_by": IssuedCertificate.issued_by,
        "printings": IssuedCertificate.printings,
        "text": IssuedCertificate.text,
    },
    search=(IssuedCertificate.number, IssuedCertificate.awardee, IssuedCertificate.honour),
    date_column=IssuedCertificate.award_date,
    default_order=(IssuedCertificate.year.desc(), IssuedCertificate.sequence.desc()),
)
