"""The petitions sheet: one row per petition, or one row per handling step with the petition on its first row."""

from __future__ import annotations

from typing import Any

from desk.core.i18n import N_, _
from desk.petitions.fields import PETITION, STEP
from desk.petitions.queries import PETITIONS
from desk.petitions.service import load_petition, save_petition
from desk.sheets.spec import SheetSpec, sheet_fields


def _reply_without_text(values: dict[str, Any]) -> dict[str, str]:
    """Warn of a ledger row with a reply date but no reply: imported with the reply left empty."""
    if values.get("reply_on") and not str(values.get("reply") or "").strip():
        return {"reply": _("有答复日期但没有答复内容：已导入，答复内容留空，请补填")}
    return {}


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
        load=load_petition,
        source=PETITIONS,
        defaults={"status": "received"},
    ),
)
