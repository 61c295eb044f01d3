"""The sample area's record kind: the only place its fields are declared."""

from __future__ import annotations

import datetime as dt

from desk.core.fields import NAME, PHONE, Field, RecordKind
from desk.core.i18n import N_

from .model import PURPOSES

VISIT = RecordKind(
    "sample_visit", N_("走访记录"), "sample_visit",
    fields=(
        Field("visitor_name", N_("走访对象"), required=True, max_length=64, sensitive=NAME, aliases=("对象",),
              example="王小花"),
        Field("phone", N_("联系电话"), max_length=32, sensitive=PHONE, example="13877512345"),
        Field("purpose", N_("走访目的"), "choice", required=True, choices=PURPOSES, example="care"),
        Field("visited_on", N_("走访日期"), "date", required=True, example=dt.date(2020, 3, 3)),
        Field("households", N_("户数"), "int", maximum=1000, example=3),
        Field("notes", N_("情况"), "multiline", max_length=2000),
    ),
    listed=("visitor_name", "purpose", "visited_on", "phone"),
    export_only=("phone",),
)
KINDS = (VISIT,)
