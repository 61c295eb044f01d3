"""Lists of relief work: visits, the beneficiary register (masked) and stipend batches."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from desk.db.listing import ListSource
from desk.people.model import Person
from desk.relief.fields import BENEFICIARY
from desk.relief.model import Beneficiary, ReliefVisit, StipendBatch, StipendLine, VisitGoods, VisitGroup

_PEOPLE = (
    select(func.coalesce(func.sum(VisitGroup.count), 0))
    .where(VisitGroup.visit_id == ReliefVisit.id, VisitGroup.deleted.is_(False))
    .scalar_subquery()
)
_GOODS = (
    select(func.coalesce(func.sum(VisitGoods.value_fen), 0))
    .where(VisitGoods.visit_id == ReliefVisit.id, VisitGoods.deleted.is_(False))
    .scalar_subquery()
)

VISITS = ListSource(
    model=ReliefVisit,
    columns={
        "id": ReliefVisit.id,
        "visit_date": ReliefVisit.visit_date,
        "occasion": ReliefVisit.occasion,
        "title": ReliefVisit.title,
        "places": ReliefVisit.places,
        "people": _PEOPLE,
        "goods_fen": _GOODS,
        "cash_fen": ReliefVisit.cash_fen,
        "total_fen": _GOODS + ReliefVisit.cash_fen,
    },
    search=(ReliefVisit.title, ReliefVisit.places, ReliefVisit.search_key),
    date_column=ReliefVisit.visit_date,
    default_order=(ReliefVisit.visit_date.desc(),),
    filters={"occasion": lambda value: ReliefVisit.occasion == value},
)


def _finish_beneficiary(row: dict[str, Any]) -> dict[str, Any]:
    """Lists show masked names and ID numbers; the full values only on the form."""
    return BENEFICIARY.mask_row(row)  # name, ID number and guardian, as declared


BENEFICIARIES = ListSource(
    model=Beneficiary,
    columns={
        "id": Beneficiary.id,
        "name": Person.name,
        "sex": Person.sex,
        "id_number": Person.id_number,
        "group": Beneficiary.group,
        "school": Beneficiary.school,
        "grade": Beneficiary.grade,
        "village": Person.village,
        "guardian": Beneficiary.guardian,
    },
    search=(Person.name, Person.search_key, Person.id_number, Beneficiary.school, Person.village),
    default_order=(Person.search_key, Person.name),
    filters={"group": lambda value: Beneficiary.group == value},
    joins=((Person, Person.id == Beneficiary.person_id),),
    finish=_finish_beneficiary,
)

_RECIPIENTS = (
    select(func.count(func.distinct(StipendLine.beneficiary_id)))
    .where(StipendLine.batch_id == StipendBatch.id, StipendLine.deleted.is_(False))
    .scalar_subquery()
)
_AMOUNT = (
    select(func.coalesce(func.sum(StipendLine.amount_fen), 0))
    .where(StipendLine.batch_id == StipendBatch.id, StipendLine.deleted.is_(False))
    .scalar_subquery()
)

STIPENDS = ListSource(
    model=StipendBatch,
    columns={
        "id": StipendBatch.id,
        "pay_date": StipendBatch.pay_date,
        "programme": StipendBatch.programme,
        "fund_source": StipendBatch.fund_source,
        "recipients": _RECIPIENTS,
        "amount_fen": _AMOUNT,
    },
    search=(StipendBatch.programme, StipendBatch.fund_source, StipendBatch.search_key),
    date_column=StipendBatch.pay_date,
    default_order=(StipendBatch.pay_date.desc(),),
)
