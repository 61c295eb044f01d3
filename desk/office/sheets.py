"""The subordinate office register's sheet, and finding an office by a name typed in any sheet."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from desk.core.i18n import N_
from desk.office.fields import SUB_OFFICE
from desk.office.model import SubOffice
from desk.office.queries import SUB_OFFICES
from desk.office.service import load_sub_office, save_sub_office
from desk.sheets.spec import SheetSpec, sheet_fields


def find_office(session: Session, text: str) -> str | None:
    """Return the id of the live subordinate office named or coded ``text``, or None."""
    return session.scalars(
        select(SubOffice.id).where(SubOffice.deleted.is_(False), or_(SubOffice.name == text, SubOffice.code == text))
    ).first()


def office_name(session: Session, record_id: str) -> str:
    """Return the name of a subordinate office (a ref cell of a record export)."""
    office = session.get(SubOffice, record_id)
    return office.name if office else ""


OFFICE_REF = {"resolve": find_office, "show": office_name}

SHEETS = (
    SheetSpec(
        key="offices",
        title=N_("下级组织"),
        order=10,
        kind=SUB_OFFICE,
        fields=sheet_fields(SUB_OFFICE, parent_id=OFFICE_REF),
        save=lambda session, actor, values: save_sub_office(session, actor, None, values),
        load=load_sub_office,
        source=SUB_OFFICES,
    ),
)
