"""This office's key pairs (made on first need), key cards as files and printable pages, and fingerprints."""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from nacl.public import PrivateKey, PublicKey
from nacl.signing import SigningKey, VerifyKey
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.exchange.model import ExchangeKey
from desk.office.service import get_profile

CARD_FORMAT = "federation-desk-key-card"
CARD_VERSION = 1
MAX_CARD_BYTES = 16 * 1024


class ExchangeError(DeskError):
    """An exchange step that cannot go on: a bad card, a refused bundle, a missing key."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def fingerprint(sign_key: bytes, box_key: bytes) -> str:
    """Return the short fingerprint of two public keys: 20 base-32 characters in groups of 4."""
    raw = base64.b32encode(hashlib.sha256(b"fdx-card" + sign_key + box_key).digest()).decode("ascii")[:20]
    return "-".join(raw[i : i + 4] for i in range(0, 20, 4))


def normalise_fingerprint(text: str) -> str:
    """Return a typed fingerprint in the canonical form (upper case, groups of 4)."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@dataclass(frozen=True)
class OwnKeys:
    """This office's private keys, usable for signing and decrypting."""

    office_code: str
    signing: SigningKey
    box: PrivateKey

    @property
    def sign_public(self) -> bytes:
        return bytes(self.signing.verify_key)

    @property
    def box_public(self) -> bytes:
        return bytes(self.box.public_key)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_public, self.box_public)


def own_keys(session: Session) -> OwnKeys:
    """Return this office's keys, making and storing them on first need (the caller commits)."""
    row = session.scalars(select(ExchangeKey).order_by(ExchangeKey.id)).first()
    if row is None:
        profile = get_profile(session)
        row = ExchangeKey(
            office_code=profile.code,
            sign_seed=b64(bytes(SigningKey.generate())),
            box_secret=b64(bytes(PrivateKey.generate())),
        )
        session.add(row)
        session.flush()
    return OwnKeys(row.office_code, SigningKey(unb64(row.sign_seed)), PrivateKey(unb64(row.box_secret)))


@dataclass(frozen=True)
class KeyCard:
    """An office's public keys with its name and code, as carried on a key card."""

    name: str
    code: str
    level: str
    sign_key: bytes
    box_key: bytes

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.sign_key, self.box_key)

    def verify_key(self) -> VerifyKey:
        return VerifyKey(self.sign_key)

    def public_key(self) -> PublicKey:
        return PublicKey(self.box_key)

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": CARD_FORMAT,
                "version": CARD_VERSION,
                "office_name": self.name,
                "office_code": self.code,
                "level": self.level,
                "sign_key": b64(self.sign_key),
                "box_key": b64(self.box_key),
                "fingerprint": self.fingerprint,
            },
            ensure_ascii=False,
            indent=2,
        )


def own_card(session: Session) -> KeyCard:
    """Return this office's key card (making the keys if needed)."""
    keys = own_keys(session)
    profile = get_profile(session)
    return KeyCard(profile.name, profile.code, profile.level, keys.sign_public, keys.box_public)


def parse_card(data: bytes) -> KeyCard:
    """Return the key card in ``data``; raise ExchangeError with a clerk's message if it is not one."""
    bad = ExchangeError(_("这不是妇联工作台的密钥卡文件，或文件已损坏"))
    if len(data) > MAX_CARD_BYTES:
        raise bad
    try:
        card = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise bad from None
    if not isinstance(card, dict) or card.get("format") != CARD_FORMAT:
        raise bad
    if not isinstance(card.get("version"), int) or card["version"] > CARD_VERSION:
        raise ExchangeError(_("这张密钥卡由更新版本的程序制作，请先升级本程序"))
    try:
        name, code, level = str(card["office_name"]), str(card["office_code"]), str(card.get("level", ""))
        sign_key, box_key = unb64(card["sign_key"]), unb64(card["box_key"])
    except (KeyError, ValueError, TypeError, AttributeError):
        raise bad from None
    if len(sign_key) != 32 or len(box_key) != 32 or not code or len(code) > 32 or len(name) > 100 or len(level) > 16:
        raise bad
    result = KeyCard(name, code, level, sign_key, box_key)
    if card.get("fingerprint") and normalise_fingerprint(str(card["fingerprint"])) != result.fingerprint:
        raise bad
    return result


def write_card_file(card: KeyCard, folder: Path) -> Path:
    """Write the card as ``<code>.deskkey`` in ``folder``; return its path."""
    path = Path(folder) / f"{card.code}.deskkey"
    path.write_text(card.to_json(), encoding="utf-8")
    return path
