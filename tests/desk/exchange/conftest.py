"""Two (or three) offices in their own databases, with key cards exchanged, and a test-only travelling pair."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desk.db.base import Base, TravelMixin
from desk.db.database import Database, open_database
from desk.db.fulltext import is_index_table
from desk.db.records import Actor
from desk.exchange.keys import own_card
from desk.exchange.partners import register_card
from desk.exchange.travel import TravelSet, program_tables
from desk.office.service import actor_for, init_office
from tests.conftest import ADMIN, TEST_OFFICE

TOWN = {"name": "塘岸镇妇联", "code": "450981101", "level": "town", "parent_name": TEST_OFFICE["name"],
        "parent_code": TEST_OFFICE["code"]}
REGION = {"name": "玉林市妇女联合会", "code": "450900", "level": "city", "parent_name": "广西壮族自治区妇联", "parent_code": "450000"}


class ProbeBase(DeclarativeBase):
    """A separate base: these tables exist only in test databases, never in migrations."""


class Household(TravelMixin, ProbeBase):
    """A parent record with every kind of column an area uses."""

    __tablename__ = "xt_household"

    head: Mapped[str] = mapped_column(String(20))
    registered_on: Mapped[dt.date | None] = mapped_column(Date, nullable=True)
    poor: Mapped[bool] = mapped_column(Boolean, default=False)
    allowance_fen: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")


class Member(TravelMixin, ProbeBase):
    """A child record referencing its household by id."""

    __tablename__ = "xt_member"

    household_id: Mapped[str] = mapped_column(ForeignKey("xt_household.id"))
    name: Mapped[str] = mapped_column(String(20))


def probe_travel() -> TravelSet:
    """The program's travelling tables and the test-only household/member pair: what these offices exchange."""
    return TravelSet.of(Base, ProbeBase)


@dataclass
class Office:
    """An office with its open database and administrator, and the travelling tables it exchanges."""

    database: Database
    actor: Actor
    code: str
    tables: TravelSet = field(default_factory=program_tables, repr=False)

    def begin(self):
        return self.database.sessions.begin()

    def session(self):
        return self.database.sessions()


def _open_office(template_dir: Path, folder: Path, profile: dict | None) -> Office:
    path = folder / f"{profile['code'] if profile else 'city'}.db"
    source = "office.db" if profile is None else "empty.db"
    shutil.copyfile(template_dir / source, path)
    database = open_database(path)
    ProbeBase.metadata.create_all(database.engine)
    if profile is not None:
        with database.sessions.begin() as session:
            init_office(session, profile, *ADMIN)
    with database.sessions() as session:
        actor = actor_for(session, ADMIN[0])
    return Office(database, actor, actor.office_code, probe_travel())  # its database holds the probe tables


def exchange_cards(a: Office, b: Office) -> None:
    """Register each office's card at the other, fingerprints confirmed."""
    with a.begin() as session:
        card_a = own_card(session)
    with b.begin() as session:
        card_b = own_card(session)
        register_card(session, b.actor, card_a, card_a.fingerprint)
    with a.begin() as session:
        register_card(session, a.actor, card_b, card_b.fingerprint)


@pytest.fixture(scope="session")
def exchange_templates(template_dir, tmp_path_factory) -> Path:
    """Build the three offices once, cards exchanged, and keep their files to copy per test."""
    folder = tmp_path_factory.mktemp("exchange-templates")
    city = _open_office(template_dir, folder, None)
    town = _open_office(template_dir, folder, TOWN)
    region = _open_office(template_dir, folder, REGION)
    exchange_cards(city, town)
    exchange_cards(region, town)
    for office in (city, town, region):
        with office.database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        office.database.close()
    return folder


def _copy_office(templates: Path, folder: Path, name: str) -> Office:
    shutil.copyfile(templates / name, folder / name)
    database = open_database(folder / name)
    with database.sessions() as session:
        actor = actor_for(session, ADMIN[0])
    return Office(database, actor, actor.office_code, probe_travel())  # a copy of one made by _open_office


@pytest.fixture
def offices(exchange_templates, tmp_path):
    """(city, town, region): the town and the city know each other's cards; the region knows the town."""
    trio = [_copy_office(exchange_templates, tmp_path, f"{code}.db") for code in ("city", TOWN["code"], REGION["code"])]
    yield tuple(trio)
    for office in trio:
        office.database.close()


def dump(office: Office) -> dict[str, list[tuple]]:
    """Every row of every table, for proving a refused import changed nothing."""
    with office.database.engine.connect() as connection:
        names = connection.execute(text("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")).scalars()
        return {
            name: connection.execute(text(f'SELECT * FROM "{name}" ORDER BY rowid')).all()
            for name in list(names)
            if not is_index_table(name)  # the search index is derived from the tables (some have no rowid)
        }
