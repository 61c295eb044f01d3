"""Registering other offices' key cards (after the fingerprint is confirmed) and looking them up."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.errors import NotFoundError, ValidationError
from desk.core.i18n import _
from desk.core.roles import MANAGE_KEYS, require
from desk.db.records import Actor
from desk.exchange.keys import KeyCard, normalise_fingerprint
from desk.exchange.model import PartnerCard
from desk.office.model import LEVELS, SubOffice
from desk.office.service import get_profile, save_sub_office
from desk.security.audit import KEY_CARD, record_event


def card_of(row: PartnerCard) -> KeyCard:
    """Return the key card a registered partner row holds."""
    from desk.exchange.keys import unb64

    return KeyCard(row.name, row.code, row.level, unb64(row.sign_key), unb64(row.box_key))


def partner(session: Session, code: str) -> PartnerCard:
    """Return the registered card of office ``code``; raise NotFoundError if none is registered."""
    row = session.get(PartnerCard, code)
    if row is None:
        raise NotFoundError(_("还没有登记代码为 {code} 的单位的密钥卡").format(code=code))
    return row


def partners(session: Session) -> list[PartnerCard]:
    """Return every registered card, by code."""
    return list(session.scalars(select(PartnerCard).order_by(PartnerCard.code)))


@dataclass(frozen=True)
class Registration:
    """What registering did: whether the card replaced an older one and whether an office was added below."""

    card: KeyCard
    replaced: bool
    added_sub_office: bool


def register_card(session: Session, actor: Actor, card: KeyCard, confirmed_fingerprint: str) -> Registration:
    """Register ``card`` once the user typed or confirmed its fingerprint; return what happened.

    Raises PermissionDenied unless ``actor`` is an administrator, ValidationError if the fingerprint
    differs or the card is this office's own.  The registration is audited.
    A card of an office at a lower level than ours is added to the register of offices below
    (if missing), so its records count in "this office and below".
    """
    require(actor, MANAGE_KEYS)
    if normalise_fingerprint(confirmed_fingerprint) != card.fingerprint:
        raise ValidationError(
            {"fingerprint": _("指纹与密钥卡不一致：卡上是 {card}，核对的是 {typed}。不要登记这张卡。").format(
                card=card.fingerprint, typed=normalise_fingerprint(confirmed_fingerprint) or "—"
            )}
        )
    profile = get_profile(session)
    if card.code == profile.code:
        raise ValidationError({"card": _("这是本单位自己的密钥卡，不需要登记")})
    from desk.exchange.keys import b64

    row = session.get(PartnerCard, card.code)
    replaced = row is not None
    if row is None:
        row = PartnerCard(code=card.code, last_sequence=0)
        session.add(row)
    row.name = card.name
    row.level = card.level
    row.sign_key = b64(card.sign_key)
    row.box_key = b64(card.box_key)
    row.fingerprint = card.fingerprint
    row.registered_by = actor.user
    added = False
    order = list(LEVELS)
    below = card.level in LEVELS and profile.level in LEVELS and order.index(card.level) > order.index(profile.level)
    if below and card.code != profile.parent_code:
        known = session.scalars(
            select(SubOffice.id).where(SubOffice.code == card.code, SubOffice.deleted.is_(False))
        ).first()
        if known is None:
            save_sub_office(session, actor, None, {"name": card.name, "code": card.code, "level": card.level})
            added = True
    session.flush()
    record_event(session, actor, KEY_CARD, card.code, {
        "name": card.name, "level": card.level, "fingerprint": card.fingerprint, "replaced": replaced,
        "added_sub_office": added,
    })
    return Registration(card, replaced, added)
