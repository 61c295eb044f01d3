"""Lists and choices of the subordinate office register."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from desk.core.i18n import _
from desk.db.listing import ListSource
from desk.office.model import LEVELS, SubOffice

_Parent = aliased(SubOffice)


def _finish(row: dict[str, Any]) -> dict[str, Any]:
    row["level_label"] = _(LEVELS.get(row["level"], row["level"]))
    return row


SUB_OFFICES = ListSource(
    model=SubOffice,
    columns={
        "id": SubOffice.id,
        "name": SubOffice.name,
        "code": SubOffice.code,
        "level": SubOffice.level,
        "parent_name": _Parent.name,
        "contact_person": SubOffice.contact_person,
        "phone": SubOffice.phone,
    },
    search=(SubOffice.name, SubOffice.code, SubOffice.contact_person),
    default_order=(SubOffice.code,),
    filters={"level": lambda value: SubOffice.level == value},
    joins=((_Parent, SubOffice.parent_id == _Parent.id),),
    finish=_finish,
)


def sub_office_choices(session: Session, exclude_id: str | None = None) -> list[tuple[str, str]]:
    """Return (id, "name (code)") of every live subordinate office, for parent and office pickers."""
    rows = session.execute(
        select(SubOffice.id, SubOffice.name, SubOffice.code)
        .where(SubOffice.deleted.is_(False))
        .order_by(SubOffice.code)
    )
    return [(row.id, f"{row.name}（{row.code}）") for row in rows if row.id != exclude_id]
