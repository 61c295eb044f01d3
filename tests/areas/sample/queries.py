"""The sample visits list, masked as the declaration says."""

from __future__ import annotations

from desk.db.listing import ListSource

from .fields import VISIT
from .model import SampleVisit

VISITS = ListSource(
    model=SampleVisit,
    columns={"id": SampleVisit.id, "visitor_name": SampleVisit.visitor_name, "phone": SampleVisit.phone,
             "purpose": SampleVisit.purpose, "visited_on": SampleVisit.visited_on},
    search=(SampleVisit.visitor_name,),
    default_order=(SampleVisit.visited_on.desc(),),
    finish=VISIT.mask_row,
)
