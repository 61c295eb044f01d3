"""The benchmark generator at a tiny scale: valid ID numbers, Chinese names, counts, and bulk = services."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from bench.generate import counts_for, generate, generated_as, signature
from desk.awards.model import Award
from desk.campaigns.model import Event, EventLeader, EventUnit
from desk.core.people import check_id_number
from desk.db.database import open_database
from desk.office.model import SubOffice
from desk.people.model import Person
from desk.petitions.model import Petition, PetitionStep
from desk.relief.model import ReliefVisit, VisitGroup, VisitUnit
from desk.training.model import Attendance, Course, SkilledWoman

SCALE = 0.02
CHINESE_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
BOOKKEEPING = {"id", "created_at", "updated_at", "petition_id", "event_id", "title_id", "course_id", "person_id",
               "visit_id"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The same tiny scale generated through the services and in bulk."""
    folder = tmp_path_factory.mktemp("bench")
    results = {}
    for path in ("service", "bulk"):
        target = folder / f"{path}.db"
        results[path] = (generate(target, SCALE, path), open_database(target, migrate=False))
    yield results
    for _result, database in results.values():
        database.close()


@pytest.mark.parametrize("path", ["service", "bulk"])
def test_every_table_holds_the_counts_of_the_scale(generated, path):
    result, database = generated[path]
    counts = counts_for(SCALE)
    assert result.counts == counts
    expected = {
        SubOffice: counts.sub_offices, Person: counts.people, Petition: counts.petitions,
        PetitionStep: counts.petitions, Event: counts.events, Award: counts.awards, Course: counts.courses,
        Attendance: counts.attendances, SkilledWoman: counts.skilled, ReliefVisit: counts.visits,
        VisitUnit: counts.visits,
    }
    with database.sessions() as session:
        found = {model: session.scalar(select(func.count()).select_from(model)) for model in expected}
        assert found == expected
        assert session.scalar(select(func.count()).select_from(EventUnit)) >= counts.events
    assert generated_as(database.path) == signature(SCALE, path)
    assert generated_as(database.path).startswith(f"{SCALE:g} {path} ")


@pytest.mark.parametrize("path", ["service", "bulk"])
def test_people_have_valid_unique_id_numbers_and_chinese_names(generated, path):
    _result, database = generated[path]
    with database.sessions() as session:
        people = session.execute(select(Person.name, Person.id_number, Person.sex, Person.birth_date)).all()
        petitioners = session.scalars(select(Petition.petitioner_name).where(Petition.anonymous.is_(False))).all()
    numbers = [person.id_number for person in people]
    assert len(set(numbers)) == len(numbers)
    for person in people:
        facts = check_id_number(person.id_number)  # raises on a wrong check digit or date
        assert (facts.sex, facts.birth_date) == (person.sex, person.birth_date)
        assert CHINESE_NAME.match(person.name), person.name
    assert petitioners and all(CHINESE_NAME.match(name) for name in petitioners)
    assert sum(sex == "F" for _n, _i, sex, _b in people) > 0.8 * len(people)


def test_records_spread_over_the_year_and_many_origin_offices(generated):
    _result, database = generated["bulk"]
    with database.sessions() as session:
        first, last = session.execute(select(func.min(Petition.received_on), func.max(Petition.received_on))).one()
        offices = set(session.scalars(select(Petition.origin_office).distinct()))
        codes = set(session.scalars(select(SubOffice.code)))
        months = session.scalar(select(func.count(func.distinct(func.strftime("%m", Event.held_on)))))
    assert first.year == last.year == 2020 and (last - first) > dt.timedelta(days=300)
    assert months == 12
    assert len(offices) == len(codes) + 1 and offices - codes == {"450981"}


def _rows(database, model, order):
    columns = [column for column in model.__table__.columns if column.name not in BOOKKEEPING]
    with database.sessions() as session:
        return [tuple(row) for row in session.execute(select(*columns).order_by(*order))]


@pytest.mark.parametrize(
    "model, order",
    [
        (Person, [Person.id_number]),
        (Petition, [Petition.received_on, Petition.petitioner_name, Petition.summary, Petition.origin_office]),
        (PetitionStep, [PetitionStep.step_on, PetitionStep.handler, PetitionStep.notes, PetitionStep.origin_office]),
        (Event, [Event.held_on, Event.title, Event.origin_office]),
        (EventLeader, [EventLeader.name, EventLeader.origin_office, EventLeader.position]),
        (Award, [Award.awarded_on, Award.awardee_name, Award.origin_office]),
        (Course, [Course.name]),
        (SkilledWoman, [SkilledWoman.registered_on, SkilledWoman.trade, SkilledWoman.origin_office]),
        (ReliefVisit, [ReliefVisit.visit_date, ReliefVisit.title, ReliefVisit.places, ReliefVisit.origin_office]),
        (VisitGroup, [VisitGroup.group, VisitGroup.count, VisitGroup.origin_office, VisitGroup.position]),
    ],
)
def test_the_bulk_path_writes_what_the_services_write(generated, model, order):
    service = _rows(generated["service"][1], model, order)
    bulk = _rows(generated["bulk"][1], model, order)
    assert len(bulk) == len(service) > 0
    assert bulk == service
