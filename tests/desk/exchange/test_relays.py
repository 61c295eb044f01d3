"""Three levels: a town sends to its county, the county relays to its city; nothing is lost, nothing loops."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desk.db.records import mark_deleted, stamp_change, stamp_new
from desk.office.scope import Scope, office_scope
from desk.people.model import Person
from desk.people.service import save_person
from tests.desk.exchange.conftest import Household, Member, _open_office, exchange_cards
from tests.desk.exchange.helpers import export, import_into

TOWN = {"name": "塘岸镇妇联", "code": "450981101", "level": "town", "parent_name": "北流市妇联", "parent_code": "450981"}
COUNTY = {"name": "北流市妇联", "code": "450981", "level": "county", "parent_name": "玉林市妇联", "parent_code": "450900"}
CITY = {"name": "玉林市妇联", "code": "450900", "level": "city", "parent_name": "广西壮族自治区妇联", "parent_code": "450000"}


@pytest.fixture
def chain(template_dir, tmp_path):
    """(town, county, city), each with its own database; cards exchanged along the chain."""
    offices = []
    for profile in (TOWN, COUNTY, CITY):
        folder = tmp_path / profile["code"]
        folder.mkdir()
        offices.append(_open_office(template_dir, folder, profile))
    town, county, city = offices
    exchange_cards(town, county)
    exchange_cards(county, city)
    yield town, county, city
    for office in offices:
        office.database.close()


def add_household(office, head: str, allowance: int, members: int = 1) -> str:
    with office.begin() as session:
        house = Household(head=head, registered_on=dt.date(2021, 3, 8), poor=True, allowance_fen=allowance, notes="")
        stamp_new(house, office.actor)
        session.add(house)
        session.flush()
        for number in range(members):
            member = Member(household_id=house.id, name=f"成员{number}")
            stamp_new(member, office.actor)
            session.add(member)
        return house.id


def edit_household(office, house_id: str, **changes) -> None:
    with office.begin() as session:
        house = session.get(Household, house_id)
        for key, value in changes.items():
            setattr(house, key, value)
        stamp_change(house, office.actor)


def figures(office, scope_of) -> tuple[int, int, int, int]:
    """Live households, their allowances, live members and people counted in the scope."""
    with office.session() as session:
        scope: Scope = scope_of(session)
        codes = sorted(scope.codes)
        live = lambda model: (model.deleted.is_(False), model.origin_office.in_(codes))  # noqa: E731
        return (
            session.scalar(select(func.count()).select_from(Household).where(*live(Household))),
            session.scalar(select(func.coalesce(func.sum(Household.allowance_fen), 0)).where(*live(Household))),
            session.scalar(select(func.count()).select_from(Member).where(*live(Member))),
            session.scalar(select(func.count()).select_from(Person).where(*live(Person))),
        )


def own(office):
    return figures(office, lambda session: office_scope(session))


def tree(office):
    return figures(office, lambda session: office_scope(session, tree=True))


def relay(town, county, city, folder) -> None:
    """Town → county, then county → city, each a since-last export."""
    result = import_into(county, export(town, county.code, folder, since_last=True))
    assert result.written and not result.plan.rejected
    result = import_into(city, export(county, city.code, folder, since_last=True))
    assert result.written and not result.plan.rejected


def test_three_exports_up_two_levels_keep_the_citys_tree_equal_to_the_sum(chain, tmp_path):
    town, county, city = chain
    first = add_household(town, "韦秀梅", 1000, members=2)
    second = add_household(town, "黄丽", 2000)
    with town.begin() as session:
        save_person(session, town.actor, None, {"name": "陈小红", "sex": "F", "phone": "13907751234"})
    county_house = add_household(county, "县里一户", 500)
    add_household(city, "市里一户", 300)
    relay(town, county, city, tmp_path / "1")

    # Second round: the town edits, deletes a member and adds a household; the county edits its own.
    edit_household(town, first, allowance_fen=1500, head="韦秀梅（改）")
    with town.begin() as session:
        member = session.scalars(select(Member).where(Member.household_id == second)).first()
        mark_deleted(member, town.actor)
    third = add_household(town, "新户", 700)
    edit_household(county, county_house, allowance_fen=600)
    relay(town, county, city, tmp_path / "2")

    # Third round: the town deletes a household outright (a tombstone travels up both levels).
    with town.begin() as session:
        mark_deleted(session.get(Household, second), town.actor)
    relay(town, county, city, tmp_path / "3")

    parts = [own(town), own(county), own(city)]
    summed = tuple(sum(values) for values in zip(*parts))
    assert tree(city) == summed
    assert tree(county) == tuple(a + b for a, b in zip(parts[0], parts[1]))
    assert own(town) == (2, 2200, 3, 1)  # first (edited, two members) and third (one member)
    with city.session() as session:
        assert session.get(Household, first).head == "韦秀梅（改）"
        assert session.get(Household, second).deleted
        assert session.get(Household, third).origin_office == town.code
        assert office_scope(session, tree=True).codes == {city.code, county.code, town.code}


def test_a_county_does_not_send_the_citys_records_back_up(chain, tmp_path):
    town, county, city = chain
    add_household(city, "市里一户", 300)
    result = import_into(county, export(city, county.code, tmp_path / "down"))
    assert result.written and result.plan.counts["xt_household"]["new"] == 1
    add_household(county, "县里一户", 500)
    up = import_into(city, export(county, city.code, tmp_path / "up", since_last=True))
    assert up.plan.counts["xt_household"] == {"new": 1}  # only the county's own; the city's stayed home
    assert own(city)[0] == 1 and tree(city)[0] == 2


def test_records_received_from_below_go_up_even_when_made_long_ago(chain, tmp_path):
    """The relay follows the county's receive sequence, not the town's clock."""
    town, county, city = chain
    house = add_household(town, "老户", 100)
    with town.begin() as session:
        record = session.get(Household, house)
        record.updated_at = record.created_at = dt.datetime(2001, 1, 1, tzinfo=dt.timezone.utc)
    import_into(city, export(county, city.code, tmp_path / "0", keep_alive=True))  # the county's first export
    import_into(county, export(town, county.code, tmp_path / "1", since_last=True))
    result = import_into(city, export(county, city.code, tmp_path / "2", since_last=True))
    assert result.plan.counts["xt_household"]["new"] == 1
