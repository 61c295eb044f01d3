"""A town exports to its city: cards, counts, import, re-import, updates, deletions, conflicts, provenance."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, select

from desk.awards.service import STANDARD_TITLES
from desk.core.errors import ValidationError
from desk.db.records import mark_deleted, stamp_change, stamp_new
from desk.exchange.apply import conflict_fields, resolve_conflict
from desk.exchange.card_pdf import write_card_pdf
from desk.exchange.export import Selection, export_counts
from desk.exchange.keys import own_card, parse_card
from desk.exchange.model import Conflict, LedgerEntry, MergeBase, PartnerCard
from desk.exchange.partners import register_card
from desk.office.scope import office_scope
from desk.people.model import Person
from desk.people.service import save_person
from tests.desk.exchange.conftest import Household, Member, dump
from tests.desk.exchange.helpers import export, import_into


def _add_household(office, head="韦秀梅", notes="低保户\n第二行"):
    with office.begin() as session:
        house = Household(head=head, registered_on=dt.date(2020, 3, 8), poor=True, allowance_fen=123456, notes=notes)
        stamp_new(house, office.actor)
        session.add(house)
        session.flush()
        member = Member(household_id=house.id, name="韦小红")
        stamp_new(member, office.actor)
        session.add(member)
        session.flush()
        return house.id, member.id


def _add_person(office, name="黄美玲"):
    with office.begin() as session:
        return save_person(session, office.actor, None, {"name": name, "sex": "F", "phone": "13907751234"})


def test_key_card_round_trips_and_prints_with_an_embedded_font(offices, tmp_path):
    city, _town, _region = offices
    with city.begin() as session:
        card = own_card(session)
    again = parse_card(card.to_json().encode("utf-8"))
    assert again == card
    assert len(card.fingerprint) == 24 and card.fingerprint.count("-") == 4
    pdf = write_card_pdf(card, tmp_path / "card.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"FontFile2" in pdf


def test_a_wrong_fingerprint_registers_nothing(offices):
    city, town, _region = offices
    with town.begin() as session:
        card = own_card(session)
    with city.begin() as session:
        session.delete(session.get(PartnerCard, town.code))
    with city.begin() as session, pytest.raises(ValidationError) as caught:
        register_card(session, city.actor, card, "AAAA-BBBB-CCCC-DDDD-EEEE")
    assert "指纹与密钥卡不一致" in caught.value.problems["fingerprint"]
    with city.session() as session:
        assert session.get(PartnerCard, town.code) is None


def test_town_to_city_round_trip_keeps_values_origin_and_scope(offices, tmp_path):
    city, town, _region = offices
    house_id, member_id = _add_household(town)
    _add_person(town)
    _add_person(city, "陈丽华")
    with town.session() as session:
        counts = export_counts(session, Selection(), town.tables)
    assert counts["xt_household"] == 1 and counts["xt_member"] == 1 and counts["person"] == 1
    data = export(town, city.code, tmp_path)

    dry = import_into(city, data, dry_run=True)
    assert dry.plan.counts["xt_member"]["new"] == 1 and not dry.written
    with city.session() as session:
        assert session.get(Household, house_id) is None

    result = import_into(city, data)
    # the household, its member, the person, and the town's standard honour titles (a new office starts with them)
    assert result.written and result.plan.totals["new"] == 3 + len(STANDARD_TITLES)
    with city.session() as session:
        house = session.get(Household, house_id)
        assert (house.head, house.registered_on, house.poor, house.allowance_fen, house.notes) == (
            "韦秀梅", dt.date(2020, 3, 8), True, 123456, "低保户\n第二行"
        )
        assert house.origin_office == town.code
        assert session.get(Member, member_id).household_id == house_id
        base = session.get(MergeBase, ("xt_household", house_id))
        assert base.sender == town.code and base.bundle_id == result.plan.manifest["bundle_id"]
        tree = office_scope(session, tree=True)
        alone = office_scope(session)
        count = lambda scope: session.scalar(  # noqa: E731
            select(func.count()).select_from(Person).where(Person.origin_office.in_(scope.codes))
        )
        assert count(alone) == 1 and count(tree) == 2


def test_reimport_changes_nothing_and_says_so(offices, tmp_path):
    city, town, _region = offices
    _add_household(town)
    data = export(town, city.code, tmp_path)
    import_into(city, data)
    before = dump(city)
    again = import_into(city, data)
    assert again.plan.already_imported and not again.written
    assert dump(city) == before


def test_changes_since_last_export_update_and_delete_without_conflict(offices, tmp_path):
    city, town, _region = offices
    house_id, member_id = _add_household(town)
    import_into(city, export(town, city.code, tmp_path))
    with town.begin() as session:
        house = session.get(Household, house_id)
        house.allowance_fen = 5000
        stamp_change(house, town.actor)
        mark_deleted(session.get(Member, member_id), town.actor)
    second = export(town, city.code, tmp_path, since_last=True)
    result = import_into(city, second)
    assert result.plan.counts["xt_household"]["updated"] == 1
    assert result.plan.counts["xt_member"]["deleted"] == 1
    with city.session() as session:
        assert session.get(Household, house_id).allowance_fen == 5000
        assert session.get(Member, member_id).deleted is True
        assert session.scalar(select(func.count()).select_from(Conflict)) == 0
        sequences = session.scalars(select(LedgerEntry.sequence).order_by(LedgerEntry.sequence)).all()
    assert sequences == [1, 2]


def _edit_both_sides(offices, tmp_path):
    city, town, _region = offices
    house_id, _member_id = _add_household(town)
    import_into(city, export(town, city.code, tmp_path))
    for office, head in ((town, "镇里改的"), (city, "市里改的")):
        with office.begin() as session:
            house = session.get(Household, house_id)
            house.head = head
            stamp_change(house, office.actor)
    result = import_into(city, export(town, city.code, tmp_path, since_last=True))
    return city, house_id, result


def test_an_edit_on_both_sides_is_one_conflict_never_an_overwrite(offices, tmp_path):
    city, house_id, result = _edit_both_sides(offices, tmp_path)
    assert result.plan.counts["xt_household"]["conflict"] == 1
    with city.session() as session:
        assert session.get(Household, house_id).head == "市里改的"
        conflict = session.scalars(select(Conflict)).one()
        fields = {name: (mine, theirs) for name, mine, theirs in conflict_fields(session, conflict.id, city.tables)}
    assert fields["head"] == ("市里改的", "镇里改的")
    assert fields["allowance_fen"] == (123456, 123456)


def test_taking_theirs_resolves_and_the_same_bundle_stays_settled(offices, tmp_path):
    city, house_id, _result = _edit_both_sides(offices, tmp_path)
    with city.begin() as session:
        conflict_id = session.scalars(select(Conflict.id)).one()
        resolve_conflict(session, city.actor, conflict_id, "theirs", city.tables)
    with city.session() as session:
        assert session.get(Household, house_id).head == "镇里改的"
        assert session.get(Conflict, conflict_id).resolution == "theirs"


def test_keeping_mine_wins_against_the_same_incoming_revision(offices, tmp_path):
    city, house_id, result = _edit_both_sides(offices, tmp_path)
    with city.begin() as session:
        conflict_id = session.scalars(select(Conflict.id)).one()
        resolve_conflict(session, city.actor, conflict_id, "mine", city.tables)
    town = offices[1]
    # The town sends the same record again (everything, a new bundle): ours stays, no new conflict.
    again = import_into(city, export(town, city.code, tmp_path))
    assert again.plan.counts["xt_household"]["unchanged"] == 1
    with city.session() as session:
        assert session.get(Household, house_id).head == "市里改的"
        assert session.scalar(select(func.count()).select_from(Conflict).where(Conflict.resolved.is_(False))) == 0


def test_a_gap_in_sequence_numbers_is_flagged(offices, tmp_path):
    city, town, _region = offices
    _add_household(town)
    export(town, city.code, tmp_path)  # number 1 never reaches the city
    _add_household(town, head="第二户")
    result = import_into(city, export(town, city.code, tmp_path, since_last=True))
    assert result.plan.gap == "1"
    with city.session() as session:
        entry = session.scalars(select(LedgerEntry)).one()
    assert entry.gap == "1" and json.loads(entry.summary)["new"] >= 2
