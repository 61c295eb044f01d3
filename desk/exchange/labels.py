"""What a clerk calls each travelling table: a table's ``info["label"]``, else a known name, else its SQL name."""

from __future__ import annotations

from desk.core.i18n import N_, _
from desk.exchange.travel import tables_by_name

FOUNDATION_LABELS = {
    "sub_office": N_("下级组织"),
    "person": N_("人员名册"),
    "directory_unit": N_("单位名录"),
    "directory_leader": N_("领导名录"),
}


def table_label(name: str) -> str:
    """Return the translated name of travelling table ``name`` (areas may set ``info={"label": N_(...)}``)."""
    travel = tables_by_name().get(name)
    label = travel.table.info.get("label") if travel is not None else None
    label = label or FOUNDATION_LABELS.get(name)
    return _(label) if label else name
