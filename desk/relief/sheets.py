"""The relief area's sheets: the beneficiary register, visits (lines as cells) and stipend batches (a row per child)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.formatting import fen_to_yuan, yuan_to_fen
from desk.core.i18n import N_, _
from desk.people.fields import ID_FIELD
from desk.people.model import Person
from desk.relief.beneficiaries import load_beneficiary, save_beneficiary
from desk.relief.fields import (
    BENEFICIARY,
    STIPEND_BATCH,
    STIPEND_LINE,
    VISIT,
    VISIT_PERSON,
)
from desk.relief.model import GROUPS, Beneficiary
from desk.relief.queries import BENEFICIARIES, STIPENDS, VISITS
from desk.relief.stipends import load_batch, save_batch
from desk.relief.visits import load_visit, save_visit
from desk.sheets.spec import SheetSpec, sheet_fields

_SPLIT = re.compile(r"[；;、\n]+")

_REGISTER = (
    SheetSpec(
        key="beneficiaries",
        title=N_("受助人名册"),
        order=40,
        kind=BENEFICIARY,
        fields=sheet_fields(BENEFICIARY),
        save=lambda session, actor, values: save_beneficiary(session, actor, None, values),
        load=load_beneficiary,
        source=BENEFICIARIES,
    ),
)


def _yuan(fen: int) -> str:
    amount = fen_to_yuan(int(fen))
    return str(amount.quantize(Decimal(1))) if amount == amount.to_integral() else str(amount)


def _group_key(text: str) -> str:
    for key, label in GROUPS.items():
        if text in (key, label, _(label)):
            return key
    return text  # the service refuses it and lists the allowed groups


_GROUP_CELL = re.compile(r"^(?P<group>.+?)\s*(?P<count>\d+)\s*[人名]?$")
_GOODS_CELL = re.compile(r"^(?P<item>.+?)\s*(?P<quantity>\d+)\s*(?P<unit>[^\d\s]{0,4}?)\s*(?P<yuan>\d+(?:\.\d{1,2})?)\s*元$")


def parse_groups(text: str) -> tuple[list[dict[str, Any]], str | None]:
    """Read 「留守儿童120；孤残儿童18」 into visit groups; a problem names the part that does not read."""
    lines = []
    for part in _SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        match = _GROUP_CELL.match(part)
        if match is None:
            return [], _("慰问对象“{part}”应写成“帮扶类别+人数”，如“留守儿童120”").format(part=part)
        lines.append({"group": _group_key(match["group"].strip()), "count": int(match["count"])})
    return lines, None


def format_groups(lines: list[dict[str, Any]]) -> str:
    return "；".join(f"{_(GROUPS.get(line['group'], line['group']))}{line['count']}" for line in lines)


def parse_goods(text: str) -> tuple[list[dict[str, Any]], str | None]:
    """Read 「书包173个8650元；牛奶40箱2400元」 into goods lines (item, quantity, unit, value in fen)."""
    lines = []
    for part in _SPLIT.split(text):
        part = part.strip()
        if not part:
            continue
        match = _GOODS_CELL.match(part)
        if match is None:
            return [], _("慰问物品“{part}”应写成“物品+数量+单位+价值元”，如“书包173个8650元”").format(part=part)
        lines.append({"item": match["item"].strip(), "quantity": int(match["quantity"]), "unit": match["unit"],
                      "value_fen": yuan_to_fen(match["yuan"])})
    return lines, None


def format_goods(lines: list[dict[str, Any]]) -> str:
    return "；".join(
        f"{line['item']}{line['quantity']}{line['unit'] or ' '}{_yuan(line['value_fen'])}元" for line in lines
    )


def find_beneficiary(session: Session, text: str) -> str | None:
    """Return the beneficiary with this ID number (or, when none has it, the only one of this name), or None."""
    number = text.strip().upper()
    found = session.scalars(
        select(Beneficiary.id).join(Person, Person.id == Beneficiary.person_id)
        .where(Beneficiary.deleted.is_(False), Person.id_number == number)
    ).first()
    if found is not None:
        return found
    named = list(session.scalars(
        select(Beneficiary.id).join(Person, Person.id == Beneficiary.person_id)
        .where(Beneficiary.deleted.is_(False), Person.name == text.strip())
    ))
    return named[0] if len(named) == 1 else None


def beneficiary_number(session: Session, record_id: str) -> str:
    """Return how a stipend line names its beneficiary: the ID number, or the name when there is none."""
    row = session.execute(
        select(Person.id_number, Person.name).join(Beneficiary, Beneficiary.person_id == Person.id)
        .where(Beneficiary.id == record_id)
    ).first()
    return (row.id_number or row.name) if row else ""


# A beneficiary is named in a sheet by her ID number (or, when she has none, her name).
_BENEFICIARY_REF = {"resolve": find_beneficiary, "show": beneficiary_number, "by": ID_FIELD}

SHEETS = (
    *_REGISTER,
    SheetSpec(
        key="relief-visits",
        title=N_("慰问"),
        order=41,
        kind=VISIT,
        fields=sheet_fields(VISIT, occasion={"required": False}, groups={"parse": parse_groups, "format": format_groups},
                            goods={"parse": parse_goods, "format": format_goods}),
        row_lines="people",
        line_fields=sheet_fields(VISIT_PERSON, beneficiary_id={
            **_BENEFICIARY_REF, "header": N_("受助人身份证号码"), "required": False,
            "aliases": ("慰问的受助人", "身份证号码", "身份证号")}),
        save=lambda session, actor, values: save_visit(session, actor, None, values),
        load=load_visit,
        source=VISITS,
        defaults={"occasion": "other"},
    ),
    SheetSpec(
        key="stipends",
        title=N_("助学金发放"),
        order=42,
        kind=STIPEND_BATCH,
        fields=sheet_fields(STIPEND_BATCH),
        row_lines="lines",
        line_fields=sheet_fields(STIPEND_LINE, beneficiary_id=_BENEFICIARY_REF),
        save=lambda session, actor, values: save_batch(session, actor, None, values),
        load=load_batch,
        source=STIPENDS,
    ),
)
