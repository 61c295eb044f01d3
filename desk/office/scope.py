"""Office scope for lists and statistics: this office alone, or this office and every office below."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.office.model import SubOffice
from desk.office.service import get_profile


@dataclass(frozen=True)
class Scope:
    """The offices whose records count; ``codes`` None means every record in the database."""

    codes: frozenset[str] | None
    tree: bool

    def allows(self, office_code: str) -> bool:
        return self.codes is None or office_code in self.codes


def office_scope(session: Session, tree: bool = False) -> Scope:
    """Return the scope of this office alone, or (``tree``) of it and every registered office below."""
    profile = get_profile(session)
    codes = {profile.code}
    if tree:
        codes.update(session.scalars(select(SubOffice.code).where(SubOffice.deleted.is_(False))))
    return Scope(frozenset(codes), tree)
