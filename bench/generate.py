"""Fill an office database at a chosen scale: through the desk/ services, or in bulk with the same values.

``--scale 1`` is about one city office's year; ``--scale 100`` a region's merged data (a million
people and petitions).  The service path calls the very functions the screens call (validated,
stamped) and is used for correctness and small scales.  The bulk path turns the same form values
into the same column values the services would write and inserts them with SQLAlchemy Core
``insert()`` executemany, stamped with the TravelMixin columns, origin offices spread over the
sub-offices.  tests/desk/test_bench_generator.py checks that both paths write the same rows.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select
from sqlalchemy.orm import Session

from bench import data
from bench.measure import peak_mb
from desk.awards.model import Award, HonourTitle
from desk.awards.service import ensure_catalogue, save_award
from desk.campaigns.model import Event, EventLeader, EventUnit
from desk.campaigns.service import save_event
from desk.core.pinyin import search_key
from desk.db.base import new_uuid, utcnow
from desk.db.database import Database, open_database
from desk.db.fulltext import SEARCH_INDEXES, drop_ddl
from desk.db.fulltext import repair as repair_search_indexes
from desk.db.records import Actor
from desk.directory.service import remember_leaders, remember_units
from desk.office.model import OfficeSetting
from desk.office.service import actor_for, init_office, save_sub_office
from desk.office.settings import CURRENT_PERIOD, set_setting
from desk.people.model import Person
from desk.people.service import save_person
from desk.petitions.model import Petition, PetitionStep
from desk.petitions.rules import reception_day
from desk.petitions.service import save_petition
from desk.relief.model import ReliefVisit, VisitGroup, VisitUnit
from desk.relief.visits import save_visit
from desk.training.model import Attendance, Course, SkilledWoman
from desk.training.register import save_skilled_woman
from desk.training.service import save_course

OFFICE = {"name": "北流市妇女联合会", "code": "450981", "level": "city", "parent_name": "玉林市妇女联合会",
          "parent_code": "450900"}
ADMIN = ("admin", "bench-password")
TRAINEES_PER_COURSE = 30
SCALE_SETTING = "bench.generated"
STATS_SETTING = "bench.generated_stats"
GENERATOR_VERSION = 2  # bump when the generated records change, so stale databases are made again
CHUNK = 20_000


@dataclass(frozen=True)
class Counts:
    """How many records of each kind a scale means."""

    sub_offices: int
    people: int
    petitions: int
    events: int
    awards: int
    courses: int
    attendances: int
    skilled: int
    visits: int

    def total(self) -> int:
        """Return the number of main records (lines such as petition steps not counted)."""
        return sum(asdict(self).values())


def counts_for(scale: float) -> Counts:
    """Return the record counts of ``scale`` (1 ≈ a city office's year, 100 ≈ a region's merged data)."""
    people = max(60, round(10_000 * scale))
    courses = max(1, round(100 * scale))
    return Counts(
        sub_offices=10 + round(2 * scale),
        people=people,
        petitions=max(10, round(10_000 * scale)),
        events=max(10, round(3_000 * scale)),
        awards=max(10, round(2_000 * scale)),
        courses=courses,
        attendances=min(courses * TRAINEES_PER_COURSE, people // 2),
        skilled=max(1, people // 10),
        visits=max(10, round(3_000 * scale)),
    )


@dataclass(frozen=True)
class Generated:
    """What a generation did: counts, path, seconds, rows per second."""

    scale: float
    path: str
    counts: Counts
    seconds: float

    @property
    def rows_per_second(self) -> float:
        return self.counts.total() / self.seconds if self.seconds else 0.0


def create_office_database(target: Path) -> Database:
    """Create (replacing any file) a migrated database with the benchmark office and administrator."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    database = open_database(target)
    with database.sessions.begin() as session:
        init_office(session, OFFICE, *ADMIN)
    return database


def _sub_offices(session: Session, actor: Actor, count: int) -> list[str]:
    codes = []
    for index in range(count):
        values = data.sub_office_values(index)
        save_sub_office(session, actor, None, values)
        codes.append(values["code"])
    return codes


def _actors(actor: Actor, codes: list[str]) -> Callable[[int], Actor]:
    """Return index → the actor whose office the record comes from (own office and every sub-office)."""
    actors = [actor] + [Actor(user="bench", office_code=code, roles=actor.roles) for code in codes]
    return lambda index: actors[index % len(actors)]


def generate(target: Path, scale: float, path: str = "bulk") -> Generated:
    """Create ``target`` and fill it at ``scale`` through ``path`` ("service" or "bulk"); return what was done."""
    counts = counts_for(scale)
    started = time.perf_counter()
    database = create_office_database(target)
    try:
        with database.sessions.begin() as session:
            actor = actor_for(session, ADMIN[0])
            codes = _sub_offices(session, actor, counts.sub_offices)
            ensure_catalogue(session, actor)
        actor_of = _actors(actor, codes)
        if path == "service":
            _through_services(database, counts, actor_of)
        else:
            _in_bulk(database, counts, actor_of)
        seconds = time.perf_counter() - started
        with database.sessions.begin() as session:
            session.merge(OfficeSetting(key=SCALE_SETTING, value=signature(scale, path)))
            session.merge(OfficeSetting(key=STATS_SETTING, value=json.dumps(
                {"seconds": round(seconds, 1), "records": counts.total(), "peak_mb": round(peak_mb())})))
            set_setting(session, CURRENT_PERIOD, f"{data.YEAR}H2")  # the list opens on the data's half year
        with database.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        database.close()
    return Generated(scale, path, counts, seconds)


def signature(scale: float, path: str) -> str:
    """Return what a generated database records about itself: scale, path, generator and schema."""
    import desk.models  # noqa: F401 - every model module, so the metadata knows every table
    from desk.db.base import Base

    return f"{scale:g} {path} v{GENERATOR_VERSION} {len(Base.metadata.tables)} tables"


def generation_stats(target: Path) -> dict[str, float]:
    """Return what generating ``target`` took (seconds, records, peak MB), as recorded in it."""
    database = open_database(target, migrate=False)
    try:
        with database.sessions() as session:
            row = session.get(OfficeSetting, STATS_SETTING)
            return json.loads(row.value) if row else {}
    finally:
        database.close()


def generated_as(target: Path) -> str | None:
    """Return the ``signature`` a generated database recorded, or None if ``target`` is not one."""
    if not Path(target).exists():
        return None
    database = open_database(target, migrate=False)
    try:
        with database.sessions() as session:
            row = session.get(OfficeSetting, SCALE_SETTING)
            return row.value if row else None
    except Exception:  # noqa: BLE001 - any unreadable file is simply not a generated database
        return None
    finally:
        database.close()


# -- the service path --------------------------------------------------------------------------

def _batches(count: int, size: int = 500) -> Iterator[range]:
    for start in range(0, count, size):
        yield range(start, min(count, start + size))


def _title_ids(session: Session) -> list[tuple[str, bool]]:
    rows = session.execute(select(HonourTitle.id, HonourTitle.awardee_kind).order_by(HonourTitle.name))
    return [(row.id, row.awardee_kind == "collective") for row in rows]


def _through_services(database: Database, counts: Counts, actor_of: Callable[[int], Actor]) -> None:
    """Add every record with the service a screen would call; one transaction per 500 records."""
    sessions = database.sessions
    for batch in _batches(counts.people):
        with sessions.begin() as session:
            for index in batch:
                save_person(session, actor_of(index), None, data.person_values(index))
    for batch in _batches(counts.petitions):
        with sessions.begin() as session:
            for index in batch:
                save_petition(session, actor_of(index), None, data.petition_values(index))
    event_ids: list[str] = []
    for batch in _batches(counts.events):
        with sessions.begin() as session:
            event_ids += [save_event(session, actor_of(index), None, data.event_values(index)) for index in batch]
    with sessions() as session:
        titles = _title_ids(session)
    for batch in _batches(counts.awards):
        with sessions.begin() as session:
            for index in batch:
                title_id, collective = titles[index % len(titles)]
                save_award(session, actor_of(index), None,
                           data.award_values(index, title_id, collective, _award_event(index, event_ids)))
    for batch in _batches(counts.courses, 20):
        with sessions.begin() as session:
            for course in batch:
                values = data.course_values(course)
                values["trainees"] = [data.trainee_row(person, person % 4 != 0) for person in _trainees(course, counts)]
                save_course(session, actor_of(course), None, values)
    for batch in _batches(counts.skilled):
        with sessions.begin() as session:
            for index in batch:
                save_skilled_woman(session, actor_of(index), None, data.skilled_values(index, _skilled_person(index)))
    for batch in _batches(counts.visits):
        with sessions.begin() as session:
            for index in batch:
                save_visit(session, actor_of(index), None, data.visit_values(index))


def _award_event(index: int, event_ids: list[str]) -> str | None:
    return event_ids[index % len(event_ids)] if event_ids and index % 10 == 0 else None


def _trainees(course: int, counts: Counts) -> range:
    start = course * TRAINEES_PER_COURSE
    return range(start, min(start + TRAINEES_PER_COURSE, counts.attendances))


def _skilled_person(index: int) -> int:
    return index * 3


# -- the bulk path -----------------------------------------------------------------------------

def _stamp(actor: Actor, now: dt.datetime) -> dict[str, Any]:
    return {"id": new_uuid(), "origin_office": actor.office_code, "created_at": now, "updated_at": now,
            "created_by": actor.user, "updated_by": actor.user, "revision": 1, "deleted": False}


_key = functools.lru_cache(maxsize=200_000)(search_key)


def person_columns(values: dict[str, Any]) -> dict[str, Any]:
    """Return the person columns ``save_person`` writes for already valid form values."""
    columns = dict(values, id_number=values["id_number"] or None)
    columns["search_key"] = _key(values["name"])
    return columns


def petition_columns(values: dict[str, Any], reception: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Return the petition columns and step columns ``save_petition`` writes for valid form values."""
    columns = {key: value for key, value in values.items() if key != "steps"}
    columns["id_number"] = values["id_number"] or None
    columns["reception_day"] = values["received_on"].day == reception
    if columns["reply_on"] and columns["status"] in ("received", "handling"):
        columns["status"] = "answered"
    elif values["steps"] and columns["status"] == "received":
        columns["status"] = "handling"
    columns["search_key"] = _key(values["petitioner_name"], values["first_receiver"])
    steps = [dict(step, step_on=dt.date.fromisoformat(step["step_on"]), position=position)
             for position, step in enumerate(values["steps"])]
    return columns, steps


def event_columns(values: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """Return the event columns and its unit and leader lines, as ``save_event`` writes them."""
    columns = {key: value for key, value in values.items() if key not in ("units", "leaders")}
    columns["search_key"] = _key(values["title"], values["place"], values["organiser"])
    units = [dict(line, position=position) for position, line in enumerate(values["units"])]
    leaders = [dict(line, position=position) for position, line in enumerate(values["leaders"])]
    return columns, units, leaders


class _Writer:
    """Buffers rows per table and inserts them with one executemany per chunk."""

    def __init__(self, connection: Connection):
        self.connection = connection
        self.buffers: dict[Any, list[dict[str, Any]]] = {}

    def add(self, model: Any, row: dict[str, Any]) -> None:
        rows = self.buffers.setdefault(model, [])
        rows.append(row)
        if len(rows) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Insert every buffered row, parent tables first (the order they were first added)."""
        for key in list(self.buffers):
            rows = self.buffers.get(key)
            if rows:
                with self.connection.begin():
                    self.connection.execute(insert(key.__table__), rows)
                rows.clear()


def _in_bulk(database: Database, counts: Counts, actor_of: Callable[[int], Actor]) -> None:
    """Insert every record with Core executemany (generation only: synchronous=OFF, a big page cache)."""
    with database.sessions() as session:
        reception = reception_day(session)
        titles = [(row.id, row.awardee_kind == "collective", row.name) for row in session.execute(
            select(HonourTitle.id, HonourTitle.awardee_kind, HonourTitle.name).order_by(HonourTitle.name))]
    units: set[str] = set()
    leaders: dict[str, str] = {}
    with database.engine.connect() as connection:
        raw = connection.connection.driver_connection  # pragmas outside any transaction
        raw.execute("PRAGMA synchronous=OFF")
        raw.execute("PRAGMA cache_size=-400000")
        # Row-by-row trigger updates of the search index would cost more than the inserts: drop the
        # indexes and their triggers, and let the program's own repair rebuild them at the end.
        for table in SEARCH_INDEXES:
            for statement in drop_ddl(table):
                raw.execute(statement)
        writer = _Writer(connection)
        now = utcnow()
        person_ids = []
        for index in range(counts.people):
            row = dict(person_columns(data.person_values(index)), **_stamp(actor_of(index), now))
            person_ids.append(row["id"])
            writer.add(Person, row)
        for index in range(counts.petitions):
            actor = actor_of(index)
            values = data.petition_values(index)
            columns, steps = petition_columns(values, reception)
            columns.update(_stamp(actor, now))
            writer.add(Petition, columns)
            for step in steps:
                writer.add(PetitionStep, dict(step, petition_id=columns["id"], **_stamp(actor, now)))
                units.add(step["unit"])
            if values["leader"]:
                leaders.setdefault(values["leader"], "")
        event_ids = []
        for index in range(counts.events):
            actor = actor_of(index)
            values = data.event_values(index)
            columns, unit_lines, leader_lines = event_columns(values)
            columns.update(_stamp(actor, now))
            event_ids.append(columns["id"])
            writer.add(Event, columns)
            for line in unit_lines:
                writer.add(EventUnit, dict(line, event_id=columns["id"], **_stamp(actor, now)))
            for line in leader_lines:
                writer.add(EventLeader, dict(line, event_id=columns["id"], **_stamp(actor, now)))
                leaders[line["name"]] = line["post"]
            units.update([values["organiser"], *(line["name"] for line in unit_lines)])
        for index in range(counts.awards):
            title_id, collective, title_name = titles[index % len(titles)]
            values = data.award_values(index, title_id, collective, _award_event(index, event_ids))
            columns = dict(values, awardee_kind="collective" if collective else "individual",
                           awarded_on=dt.date.fromisoformat(values["awarded_on"]),
                           search_key=_key(values["awardee_name"], values["work_unit"], title_name))
            writer.add(Award, dict(columns, **_stamp(actor_of(index), now)))
        for course in range(counts.courses):
            actor = actor_of(course)
            columns = dict(data.course_values(course), **_stamp(actor, now))
            columns["search_key"] = search_key(columns["name"], columns["place"])
            writer.add(Course, columns)
            for person in _trainees(course, counts):
                writer.add(Attendance, dict(course_id=columns["id"], person_id=person_ids[person],
                                            finished=person % 4 != 0, notes="", **_stamp(actor, now)))
        for index in range(counts.skilled):
            values = data.skilled_values(index, _skilled_person(index))
            writer.add(SkilledWoman, dict(
                person_id=person_ids[_skilled_person(index)], trade=values["trade"],
                association_member=values["association_member"], registered_on=values["registered_on"],
                notes=values["skill_notes"], **_stamp(actor_of(index), now)))
        for index in range(counts.visits):
            actor = actor_of(index)
            values = data.visit_values(index)
            columns = {key: values[key] for key in ("visit_date", "occasion", "title", "places", "cash_fen", "notes")}
            columns.update(_stamp(actor, now), search_key=_key(values["title"], values["places"]))
            writer.add(ReliefVisit, columns)
            for model, key in ((VisitGroup, "groups"), (VisitUnit, "units")):
                for position, line in enumerate(values[key]):
                    writer.add(model, dict(line, visit_id=columns["id"], position=position, **_stamp(actor, now)))
            units.update(line["name"] for line in values["units"])
        writer.flush()
        with connection.begin():
            repair_search_indexes(connection)  # recreates the indexes and triggers, filled from the tables
    with database.sessions.begin() as session:
        actor = actor_of(0)
        remember_units(session, actor, units)
        remember_leaders(session, actor, sorted(leaders.items()))
