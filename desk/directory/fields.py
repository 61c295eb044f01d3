"""The directory's record kinds: units and leaders remembered as typed."""

from __future__ import annotations

from desk.core.fields import Field, RecordKind
from desk.core.i18n import N_

UNIT = RecordKind("directory_unit", N_("单位名录"), "directory_unit", fields=(
    Field("name", N_("单位名称"), required=True, max_length=100),
    Field("kind", N_("单位类别"), max_length=32),
))
LEADER = RecordKind("directory_leader", N_("领导名录"), "directory_leader", fields=(
    Field("name", N_("姓名"), required=True, max_length=64),
    Field("post", N_("职务"), max_length=100),
))
KINDS = (UNIT, LEADER)
