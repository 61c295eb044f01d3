"""The whole demo office travels: every travelling table, lines included, exported and imported into an empty higher office."""

from __future__ import annotations

import shutil

from sqlalchemy import select

from desk.db.database import open_database
from desk.demo import create_demo
from desk.exchange.travel import program_tables, row_json
from desk.office.service import actor_for, init_office
from tests.conftest import ADMIN
from tests.desk.exchange.conftest import REGION, Office, exchange_cards
from tests.desk.exchange.helpers import export, import_into

# Columns that say where and when a copy was received, not what the record is.
LOCAL = {"received_at", "imported_at"}


def rows_by_table(office: Office) -> dict[str, dict[str, dict]]:
    """Return table → record id → every column, for every travelling table."""
    found = {}
    with office.session() as session:
        for travel in program_tables():
            table = travel.table
            found[table.name] = {
                row["id"]: {key: value for key, value in row_json(table, row).items() if key not in LOCAL}
                for row in session.execute(select(table)).mappings()
            }
    return found


def test_the_whole_demo_arrives_unchanged_in_an_empty_higher_office(template_dir, tmp_path):
    demo_db = create_demo(tmp_path / "demo.db")
    with demo_db.sessions() as session:
        demo = Office(demo_db, actor_for(session, "admin"), "")
        demo.code = demo.actor.office_code
    shutil.copyfile(template_dir / "empty.db", tmp_path / "region.db")
    region_db = open_database(tmp_path / "region.db")
    with region_db.sessions.begin() as session:
        init_office(session, REGION, *ADMIN)
    with region_db.sessions() as session:
        region = Office(region_db, actor_for(session, ADMIN[0]), REGION["code"])
    exchange_cards(demo, region)
    sent = rows_by_table(demo)
    before = rows_by_table(region)

    (tmp_path / "usb").mkdir()
    result = import_into(region, export(demo, region.code, tmp_path / "usb"))

    arrived = rows_by_table(region)
    assert sum(len(rows) for rows in sent.values()) > 500  # the demo is not empty
    # Every travelling table has demo rows but attachments (files the demo does not ship).
    assert [name for name, rows in sent.items() if not rows] == ["campaign_event_attachment"]
    for name, rows in sent.items():
        received = {record_id: row for record_id, row in arrived[name].items() if record_id not in before[name]}
        assert received == rows, name
    assert not getattr(result, "conflicts", None)
    demo_db.close()
    region_db.close()
