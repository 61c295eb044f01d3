"""The subordinate office register's record kind, declared once."""

from __future__ import annotations

from desk.core.fields import PHONE, Field, ListColumn, RecordKind
from desk.core.i18n import N_
from desk.office.model import LEVELS

SUB_OFFICE = RecordKind(
    "sub_office", N_("下级组织"), "sub_office",
    fields=(
        Field("name", N_("名称"), required=True, max_length=100, placeholder=N_("如 塘岸镇妇联"), example="塘岸镇妇联"),
        Field("code", N_("代码"), required=True, max_length=32, placeholder=N_("行政区划代码，如 450981101"),
              example="450981101"),
        Field("level", N_("层级"), "choice", required=True, choices=LEVELS, example="town"),
        Field("parent_id", N_("上级组织"), "ref"),
        Field("contact_person", N_("联系人"), max_length=64, example="黄丽"),
        Field("phone", N_("联系电话"), max_length=32, sensitive=PHONE, placeholder=N_("手机或固定电话，如 0775-6512018"),
              example="0775-6512018"),
        Field("notes", N_("备注"), "multiline", max_length=2000),
    ),
    listed=("name", "code", "level", ListColumn("parent_name", of="parent_id", width=9), "contact_person", "phone"),
)
KINDS = (SUB_OFFICE,)
