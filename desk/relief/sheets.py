"""The relief area's sheets: the beneficiary register, visits (lines as cells) and stipend batches (a row per child)."""

from __future__ import annotations

from desk.core.i18n import N_
from desk.core.people import SEXES
from desk.relief.beneficiaries import load_beneficiary, save_beneficiary
from desk.relief.fields import BENEFICIARY
from desk.relief.model import GROUPS
from desk.relief.queries import BENEFICIARIES
from desk.sheets.spec import ExportColumn, SheetSpec, sheet_fields

SHEETS = (
    SheetSpec(
        key="beneficiaries",
        title=N_("受助人名册"),
        order=40,
        kind=BENEFICIARY,
        fields=sheet_fields(BENEFICIARY),
        save=lambda session, actor, values: save_beneficiary(session, actor, None, values),
        load=load_beneficiary,
        source=BENEFICIARIES,
        columns=(
            ExportColumn("name", N_("姓名")),
            ExportColumn("sex", N_("性别"), "choice", SEXES),
            ExportColumn("id_number", N_("身份证号码"), width=22),
            ExportColumn("group", N_("帮扶类别"), "choice", GROUPS, width=18),
            ExportColumn("grade", N_("年级")),
            ExportColumn("school", N_("学校"), width=24),
            ExportColumn("village", N_("所在村(社区)"), width=18),
            ExportColumn("guardian", N_("监护人")),
        ),
    ),
)
