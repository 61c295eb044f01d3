"""The petitions sheet: one row per petition, or one row per handling step with the petition on its first row."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from desk.core.i18n import N_, _
from desk.db.base import new_uuid
from desk.db.records import Actor
from desk.petitions.fields import PETITION, STEP
from desk.petitions.model import Petition, PetitionStep
from desk.petitions.queries import PETITIONS
from desk.petitions.service import load_petition, prepare_petition, remember_names, save_petition
from desk.sheets.spec import BatchSave, NewRecords, SheetSpec, sheet_fields


def _reply_without_text(values: dict[str, Any]) -> dict[str, str]:
    """Warn of a ledger row with a reply date but no reply: imported with the reply left empty."""
    if values.get("reply_on") and not str(values.get("reply") or "").strip():
        return {"reply": _("有答复日期但没有答复内容：已导入，答复内容留空，请补填")}
    return {}


def _prepare(session: Session, values: dict[str, Any]) -> NewRecords:
    """Return the petition and steps a ledger row would save (the service's checks), nothing written."""
    cleaned, steps = prepare_petition(session, values, reply_text_optional=True)
    petition = dict(cleaned, id=new_uuid())
    lines = [(PetitionStep, dict(step, petition_id=petition["id"])) for step in steps]
    return NewRecords([(Petition, petition), *lines], remember=(cleaned, steps))


def _finish(session: Session, actor: Actor, saved: list[NewRecords]) -> None:
    remember_names(session, actor, [row.remember for row in saved])


SHEETS = (
    SheetSpec(
        key="petitions",
        title=N_("维权信访"),
        order=50,
        kind=PETITION,
        fields=sheet_fields(PETITION),
        row_lines="steps",
        line_fields=sheet_fields(STEP),
        save=lambda session, actor, values: save_petition(session, actor, None, values, reply_text_optional=True),
        warn=_reply_without_text,
        batch=BatchSave(_prepare, _finish),
        load=load_petition,
        source=PETITIONS,
        defaults={"status": "received"},
    ),
)
