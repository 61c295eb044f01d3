"""The sample area's sheet, derived from the declaration."""

from __future__ import annotations

from desk.core.i18n import N_
from desk.sheets.spec import SheetSpec, sheet_fields

from .fields import VISIT
from .queries import VISITS
from .service import load_visit, save_visit

SHEETS = (
    SheetSpec(
        key="sample-visits", title=N_("走访记录"), order=99, kind=VISIT, fields=sheet_fields(VISIT),
        save=lambda session, actor, values: save_visit(session, actor, None, values), load=load_visit,
        source=VISITS,
    ),
)
