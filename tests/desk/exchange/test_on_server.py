"""Exchange with an office whose database is on the office server (PostgreSQL).

A town keeps a file and sends its packages to the city, whose clerks share a PostgreSQL database;
the city imports them there and relays them on to the region (a file again). The same packages,
the same checks and the same ledger as between files (tests/desk/exchange/test_exchange.py).
"""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from desk.exchange.model import Conflict, LedgerEntry
from desk.people.model import Person
from desk.people.service import load_person, save_person
from desk.petitions.model import Petition, PetitionStep
from desk.petitions.service import save_petition
from tests.desk.exchange.conftest import REGION, TOWN, Office, _open_office, exchange_cards
from tests.desk.exchange.helpers import export, import_into

pytestmark = pytest.mark.postgresql_only

PETITION = {
    "channel": "call", "received_on": dt.date(2020, 3, 2), "petitioner_name": "王小花", "sex": "F",
    "phone": "13807751234", "address": "北流市塘岸镇独竹村", "category": "violence",
    "summary": "丈夫酗酒后殴打，请求妇联帮助", "first_receiver": "李秀梅", "status": "handling",
    "steps": [{"step_on": "2020-03-03", "action": "referred", "handler": "李秀梅", "unit": "塘岸镇派出所", "notes": ""}],
}


@pytest.fixture
def offices(template_dir, tmp_path, database, actor):
    """(town on a file, city on the server, region on a file); cards exchanged along the chain."""
    city = Office(database, actor, actor.office_code)
    files = []
    for profile in (TOWN, REGION):
        folder = tmp_path / profile["code"]
        folder.mkdir()
        files.append(_open_office(template_dir, folder, profile))
    town, region = files
    exchange_cards(town, city)
    exchange_cards(city, region)
    yield town, city, region
    for office in files:
        office.database.close()


def test_a_town_package_is_imported_on_the_server_and_relayed_to_the_region(offices, tmp_path):
    town, city, region = offices
    assert city.database.path is None  # the city's database is the server's
    with town.begin() as session:
        person_id = save_person(session, town.actor, None, {"name": "黄美玲", "sex": "F", "phone": "13907751234"})
        petition_id = save_petition(session, town.actor, None, dict(PETITION))
    data = export(town, city.code, tmp_path / "usb")
    dry = import_into(city, data, dry_run=True)
    assert dry.plan.counts["person"]["new"] == 1 and dry.plan.counts["petition"]["new"] == 1 and not dry.written
    with city.session() as session:
        assert session.scalar(select(func.count()).select_from(Person)) == 0  # a dry run writes nothing
    assert import_into(city, data).written
    with city.session() as session:
        petition = session.get(Petition, petition_id)
        assert petition is not None and petition.petitioner_name == "王小花" and petition.origin_office == TOWN["code"]
        assert session.scalar(select(func.count()).select_from(PetitionStep)) == 1
        assert load_person(session, person_id)["phone"] == "13907751234"
        assert [entry.sender for entry in session.scalars(select(LedgerEntry))] == [TOWN["code"]]
    again = import_into(city, data)  # the same package twice changes nothing
    assert not again.plan.counts.get("person", {}).get("new")

    # Both sides change the same person before the next package: the server keeps the city's, notes the conflict.
    with town.begin() as session:
        save_person(session, town.actor, person_id, {**load_person(session, person_id), "phone": "13907750000"})
    with city.begin() as session:
        save_person(session, city.actor, person_id, {**load_person(session, person_id), "phone": "13907759999"})
    import_into(city, export(town, city.code, tmp_path / "usb2", since_last=True))
    with city.session() as session:
        assert load_person(session, person_id)["phone"] == "13907759999"
        assert session.scalar(select(func.count()).select_from(Conflict)) == 1

    # The city sends on what it holds, the town's records included.
    assert import_into(region, export(city, region.code, tmp_path / "usb3")).written
    with region.session() as session:
        petition = session.get(Petition, petition_id)
        assert petition is not None and petition.origin_office == TOWN["code"]
        assert load_person(session, person_id)["phone"] == "13907759999"
