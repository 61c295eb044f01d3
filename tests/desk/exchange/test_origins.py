"""Origins cannot be forged: a sender speaks only for itself and the offices registered below it; revisions only move forward."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, select

from desk.db.records import stamp_change
from desk.exchange.keys import own_card
from desk.exchange.model import Conflict, ExchangeKey
from desk.exchange.partners import register_card
from desk.office.model import SubOffice
from desk.office.scope import office_scope
from desk.people.model import Person
from tests.desk.exchange.conftest import Household, dump, exchange_cards
from tests.desk.exchange.helpers import export, import_into
from tests.desk.exchange.test_exchange import _add_household, _add_person
from tests.desk.exchange.test_refusals import _crafted, _refused

OUTSIDE = "记录来源单位不在发送单位的下级范围内"


def _stored(office, model, record_id):
    with office.session() as session:
        from desk.exchange.travel import row_json

        table = model.__table__
        row = session.execute(select(table).where(table.c.id == record_id)).mappings().one()
        return row_json(table, row)


def _reasons(plan):
    return {record_id: reason for _table, record_id, reason in plan.rejected}


def test_another_office_cannot_change_or_delete_a_towns_record(offices, tmp_path):
    city, town, region = offices
    exchange_cards(city, region)  # a second registered sender that is not above the town
    house_id, _member = _add_household(town)
    import_into(city, export(town, city.code, tmp_path))
    changed = _stored(city, Household, house_id) | {"head": "冒名改的", "revision": 5}
    deleted = _stored(city, Household, house_id) | {"deleted": True, "revision": 6}
    for record in (changed, deleted):
        data = _crafted(region, city, [record])
        dry = import_into(city, data, dry_run=True)
        assert _reasons(dry.plan)[house_id] == OUTSIDE + f"（来源单位代码 {town.code}）"
        assert not dry.plan.actions
        _refused(city, data)
    # Claiming the record as its own does not work either.
    stolen = changed | {"origin_office": region.code}
    dry = import_into(city, _crafted(region, city, [stolen]), dry_run=True)
    assert "来源单位与本单位已有的同一条记录不同" in _reasons(dry.plan)[house_id]
    with city.session() as session:
        house = session.get(Household, house_id)
        assert (house.head, house.deleted, house.revision) == ("韦秀梅", False, 1)


def test_records_claiming_the_receiver_as_origin_are_only_conflicts(offices, tmp_path):
    city, town, _region = offices
    person_id = _add_person(city, "陈丽华")
    mine = _stored(city, Person, person_id)
    # A record "from the city" the city never had: refused.
    invented = mine | {"id": "aaaaaaaa-0000-0000-0000-000000000001"}
    dry = import_into(city, _crafted(town, city, [invented], table="person"), dry_run=True)
    assert "本单位没有这条记录" in _reasons(dry.plan)[invented["id"]]
    # The city's own record coming back unchanged changes nothing.
    same = import_into(city, _crafted(town, city, [mine], table="person"))
    assert same.plan.counts["person"]["unchanged"] == 1
    # Coming back edited, it is a conflict for the clerk, never an overwrite.
    edited = mine | {"name": "改名了", "revision": mine["revision"] + 1}
    result = import_into(city, _crafted(town, city, [edited], {"sequence": 2}, table="person"))
    assert result.plan.counts["person"]["conflict"] == 1
    with city.session() as session:
        assert session.get(Person, person_id).name == "陈丽华"
        assert session.scalar(select(func.count()).select_from(Conflict).where(Conflict.resolved.is_(False))) == 1
        own = office_scope(session)
        assert session.scalar(select(func.count()).select_from(Person).where(Person.origin_office.in_(own.codes))) == 1


def test_an_older_bundle_never_rolls_a_record_back(offices, tmp_path):
    city, town, _region = offices
    house_id, _member = _add_household(town)
    first = export(town, city.code, tmp_path)
    with town.begin() as session:
        house = session.get(Household, house_id)
        house.head = "第二版"
        stamp_change(house, town.actor)
    second = export(town, city.code, tmp_path)
    import_into(city, second)
    late = import_into(city, first)
    assert late.written and late.plan.counts["xt_household"]["older"] == 1
    with city.session() as session:
        house = session.get(Household, house_id)
        assert (house.head, house.revision) == ("第二版", 2)


def _office(record_id, code, origin, parent_id=None, name="假组织"):
    return {
        "id": record_id, "origin_office": origin, "created_at": "2026-01-01T00:00:00+00:00", "created_by": "a",
        "updated_at": "2026-01-01T00:00:00+00:00", "updated_by": "a", "revision": 1, "deleted": False,
        "name": name, "code": code, "level": "village", "parent_id": parent_id, "contact_person": "", "phone": "",
        "notes": "",
    }


def test_travelling_registrations_cannot_loop_or_claim_outside_the_sender(offices):
    city, town, _region = offices
    ring_a = _office("00000000-0000-0000-0000-00000000000a", "X1", "X2")
    ring_b = _office("00000000-0000-0000-0000-00000000000b", "X2", "X1")
    parent_loop_a = _office("00000000-0000-0000-0000-00000000000c", "P1", town.code, "00000000-0000-0000-0000-00000000000d")
    parent_loop_b = _office("00000000-0000-0000-0000-00000000000d", "P2", town.code, "00000000-0000-0000-0000-00000000000c")
    city_itself = _office("00000000-0000-0000-0000-00000000000e", city.code, town.code)
    the_town = _office("00000000-0000-0000-0000-00000000000f", town.code, town.code)
    with city.begin() as session:
        from desk.office.service import save_sub_office

        save_sub_office(session, city.actor, None, {"name": "另一个镇", "code": "450981102", "level": "town"})
    neighbour = _office("00000000-0000-0000-0000-000000000010", "450981102", town.code)
    village = _office("00000000-0000-0000-0000-000000000011", "450981101201", town.code, name="新村妇联")
    records = [ring_a, ring_b, parent_loop_a, parent_loop_b, city_itself, the_town, neighbour, village]
    dry = import_into(city, _crafted(town, city, records, table="sub_office"), dry_run=True)
    reasons = _reasons(dry.plan)
    assert reasons[ring_a["id"]].startswith(OUTSIDE) and reasons[ring_b["id"]].startswith(OUTSIDE)
    assert "循环" in reasons[parent_loop_a["id"]] and "循环" in reasons[parent_loop_b["id"]]
    for claim in (city_itself, the_town, neighbour):
        assert "不在发送单位的下级范围内" in reasons[claim["id"]]
    assert village["id"] not in reasons
    _refused(city, _crafted(town, city, records, table="sub_office"))
    # Alone, the honest registration is taken and the village counts in the city's tree.
    import_into(city, _crafted(town, city, [village], {"sequence": 2}, table="sub_office"))
    with city.session() as session:
        tree = office_scope(session, tree=True)
        assert "450981101201" in tree.codes and "X1" not in tree.codes and "X2" not in tree.codes
        assert session.scalar(select(func.count()).select_from(SubOffice).where(SubOffice.code == "P1")) == 0


def test_a_bundle_signed_with_a_replaced_key_card_is_refused(offices, tmp_path):
    city, town, _region = offices
    _add_household(town)
    old = export(town, city.code, tmp_path)
    with town.begin() as session:
        session.execute(delete(ExchangeKey))
    with town.begin() as session:
        card = own_card(session)  # new keys
    with city.begin() as session:
        assert register_card(session, city.actor, card, card.fingerprint).replaced
    assert "签名" in _refused(city, old)
    before = dump(city)
    assert import_into(city, export(town, city.code, tmp_path)).written
    assert dump(city) != before


@pytest.mark.parametrize("origin", ["450981", "999999"])
def test_origin_forgery_in_a_new_record_is_refused(offices, origin):
    city, town, _region = offices
    from tests.desk.exchange.test_refusals import _household

    data = _crafted(town, city, [_household(origin_office=origin)])
    dry = import_into(city, data, dry_run=True)
    assert len(dry.plan.rejected) == 1
    assert "不合格" in _refused(city, data)
