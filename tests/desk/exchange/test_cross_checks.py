"""Imported records pass the rules between records too: a step after its petition, an award of its title's kind, registers without twins."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from desk.awards.model import HonourTitle
from desk.awards.service import save_award, save_title
from desk.core.errors import ValidationError
from desk.core.people import make_id_number
from desk.exchange import plan as plan_module
from desk.exchange.travel import row_json
from desk.people.model import Person
from desk.people.service import save_person
from desk.petitions.model import Petition, PetitionStep
from desk.petitions.service import save_petition
from desk.relief.beneficiaries import save_beneficiary
from desk.relief.model import ReliefVisit, StipendBatch, StipendLine, VisitGroup
from desk.relief.stipends import save_batch
from desk.relief.visits import save_visit
from tests.desk.exchange.conftest import dump
from tests.desk.exchange.helpers import export, import_into, signed_bundle
from tests.desk.exchange.test_refusals import _refused

TOWN_ID = make_id_number("450981", dt.date(1988, 6, 1), 24, "F")


def _rows(office, model, **where) -> list[dict]:
    table = model.__table__
    statement = select(table).where(*(table.c[key] == value for key, value in where.items()))
    with office.session() as session:
        return [row_json(table, row) for row in session.execute(statement).mappings()]


def _bundle(town, city, parts: dict[str, list[dict]]) -> bytes:
    """A bundle signed by the town for the city with the given records, a part per table in the order given."""
    return signed_bundle(town, city, [
        (table, ("\n".join(json.dumps(record, ensure_ascii=False) for record in records) + "\n").encode(), len(records))
        for table, records in parts.items()])


def _petition_with_step(town) -> tuple[dict, dict]:
    with town.begin() as session:
        petition_id = save_petition(session, town.actor, None, {
            "channel": "call", "received_on": dt.date(2020, 3, 2), "petitioner_name": "王小花", "sex": "F",
            "category": "violence", "summary": "请求帮助", "first_receiver": "李秀梅", "status": "received",
            "steps": [{"step_on": dt.date(2020, 3, 4), "action": "mediated", "handler": "李秀梅", "notes": "已调解"}],
        })
    return _rows(town, Petition, id=petition_id)[0], _rows(town, PetitionStep, petition_id=petition_id)[0]


def test_a_step_before_its_petition_was_received_is_rejected(offices):
    city, town, _region = offices
    petition, step = _petition_with_step(town)
    honest = import_into(city, _bundle(town, city, {"petition": [petition], "petition_step": [step]}), dry_run=True)
    assert not honest.plan.rejected, honest.plan.rejected
    early = step | {"step_on": "2020-03-01"}
    data = _bundle(town, city, {"petition": [petition], "petition_step": [early]})
    dry = import_into(city, data, dry_run=True)
    assert dry.plan.rejected == [("petition_step", step["id"], "办理日期不能早于收到日期")]
    assert "不合格" in _refused(city, data)
    # The petition already here (imported before): the step is weighed against the stored row.
    import_into(city, _bundle(town, city, {"petition": [petition]}))
    alone = import_into(city, _bundle(town, city, {"petition_step": [early]}), dry_run=True)
    assert alone.plan.rejected == [("petition_step", step["id"], "办理日期不能早于收到日期")]
    # A deleted step says nothing any more: a tombstone is not weighed against its petition.
    assert not import_into(city, _bundle(town, city, {"petition_step": [early | {"deleted": True}]}),
                           dry_run=True).plan.rejected
    # The other way round: the petition comes back received after the step already here.
    import_into(city, _bundle(town, city, {"petition_step": [step]}))
    later = petition | {"received_on": "2020-03-05", "revision": petition["revision"] + 1}
    moved = import_into(city, _bundle(town, city, {"petition": [later]}), dry_run=True)
    assert moved.plan.rejected == [("petition", petition["id"], "信访办理过程：办理日期不能早于收到日期")]
    # Unless the same bundle brings the step as it now is (moved, or deleted).
    step_now = step | {"step_on": "2020-03-06", "revision": step["revision"] + 1}
    both = import_into(city, _bundle(town, city, {"petition": [later], "petition_step": [step_now]}), dry_run=True)
    assert not both.plan.rejected, both.plan.rejected


def test_an_award_keeps_its_titles_awardee_kind(offices):
    city, town, _region = offices
    with town.begin() as session:
        title_id = session.scalars(select(HonourTitle.id).where(HonourTitle.name == "三八红旗手")).one()
        award_id = save_award(session, town.actor, None, {
            "title_id": title_id, "awardee_name": "黄丽萍", "work_unit": "塘岸镇独竹村", "post": "村妇联主席",
            "awarding_body": "北流市委", "awarded_on": dt.date(2020, 3, 8)})
    title = _rows(town, HonourTitle, id=title_id)[0]
    from desk.awards.model import Award

    award = _rows(town, Award, id=award_id)[0]
    assert award["awardee_kind"] == "individual"
    assert not import_into(city, _bundle(town, city, {"award_title": [title], "award": [award]}), dry_run=True).plan.rejected
    twisted = award | {"awardee_kind": "collective", "post": ""}
    dry = import_into(city, _bundle(town, city, {"award_title": [title], "award": [twisted]}), dry_run=True)
    assert dry.plan.rejected == [("award", award_id, "“三八红旗手”授予个人，表彰记录的授予对象与称号不符")]
    # And the title's kind cannot change under its awards at the town, so honest offices never send such a pair.
    with town.begin() as session, pytest.raises(ValidationError) as caught:
        save_title(session, town.actor, title_id, {"name": "三八红旗手", "awardee_kind": "collective", "level": title["level"]})
    assert caught.value.problems["awardee_kind"] == "称号“三八红旗手”已用于1项表彰，不能改变授予对象"


def test_an_id_number_is_registered_once(offices):
    city, town, _region = offices
    with town.begin() as session:
        person_id = save_person(session, town.actor, None, {"name": "黄丽萍", "id_number": TOWN_ID, "village": "独竹村"})
    person = _rows(town, Person, id=person_id)[0]
    twin = person | {"id": "7d0c0a52-0000-4000-8000-000000000001", "name": "黄丽苹"}
    dry = import_into(city, _bundle(town, city, {"person": [person, twin]}), dry_run=True)
    assert dry.plan.rejected == [("person", twin["id"], "该身份证号码在数据包中出现了两次")]
    # Against a person of another id registered here: the form's words, naming her.
    with city.begin() as session:
        save_person(session, city.actor, None, {"name": "黄丽萍", "id_number": TOWN_ID, "work_unit": "北流市妇联"})
    clash = person
    clash_data = _bundle(town, city, {"person": [clash]})
    dry = import_into(city, clash_data, dry_run=True)
    (table, record_id, reason), = dry.plan.rejected
    assert (table, record_id) == ("person", person_id) and reason == "该身份证号码已登记：黄丽萍（1988年6月1日，北流市妇联）"
    assert "不合格" in _refused(city, clash_data)
    # The town's own export (its history part included): the person alone is named, not her history entry too.
    whole = import_into(city, export(town, city.code, town.database.path.parent / "out"), dry_run=True)
    assert [(table, record_id) for table, record_id, _reason in whole.plan.rejected] == [("person", person_id)]


def test_relief_lines_keep_the_grids_rules(offices):
    city, town, _region = offices
    with town.begin() as session:
        girl = save_beneficiary(session, town.actor, None, {"name": "陈小花", "id_number": TOWN_ID, "group": "left_behind"})
        batch_id = save_batch(session, town.actor, None, {"programme": "春蕾计划助学金", "pay_date": dt.date(2020, 3, 20),
                                                          "lines": [{"beneficiary_id": girl, "amount_fen": "500"}]})
        visit_id = save_visit(session, town.actor, None, {
            "visit_date": dt.date(2020, 5, 29), "occasion": "children_day", "title": "六一慰问",
            "groups": [{"group": "left_behind", "count": 12}]})
    whole = export(town, city.code, town.database.path.parent / "out")
    assert not import_into(city, whole, dry_run=True).plan.rejected
    batch, line = _rows(town, StipendBatch, id=batch_id)[0], _rows(town, StipendLine, batch_id=batch_id)[0]
    nothing = import_into(city, _bundle(town, city, {"relief_stipend_batch": [batch], "relief_stipend_line": [
        line | {"amount_fen": 0}]}), dry_run=True)
    assert nothing.plan.rejected == [("relief_stipend_line", line["id"], "金额(元)应大于0")]
    visit, group = _rows(town, ReliefVisit, id=visit_id)[0], _rows(town, VisitGroup, visit_id=visit_id)[0]
    again = group | {"id": "7d0c0a52-0000-4000-8000-000000000002", "position": 1}
    twice = import_into(city, _bundle(town, city, {"relief_visit": [visit], "relief_visit_group": [group, again]}),
                        dry_run=True)
    assert twice.plan.rejected == [("relief_visit_group", again["id"], "帮扶类别在同一慰问中重复了")]


def test_a_line_replaced_at_the_town_is_no_clash_whatever_the_chunks(offices, monkeypatch):
    """The town edits a visit: its group lines are replaced (old ones deleted, new ones made with the same group).

    The city holds the old lines; the bundle's new line may be weighed before the old one's deletion:
    the clash is only suspected until the table's last chunk, then dropped.
    """
    city, town, _region = offices
    values = {"visit_date": dt.date(2020, 5, 29), "occasion": "children_day", "title": "六一慰问",
              "groups": [{"group": "left_behind", "count": 12}]}
    with town.begin() as session:
        visit_id = save_visit(session, town.actor, None, values)
    folder = town.database.path.parent / "out"
    assert not import_into(city, export(town, city.code, folder)).plan.rejected
    with town.begin() as session:
        save_visit(session, town.actor, visit_id, values | {"groups": [{"group": "left_behind", "count": 13}]})
    lines = _rows(town, VisitGroup, visit_id=visit_id)
    old = next(line for line in lines if line["deleted"])
    new = next(line for line in lines if not line["deleted"])
    monkeypatch.setattr(plan_module, "PLAN_CHUNK", 1)
    data = _bundle(town, city, {"relief_visit_group": [new, old]})
    assert not import_into(city, data, dry_run=True).plan.rejected
    result = import_into(city, data)
    assert not result.plan.rejected
    assert [line["count"] for line in _rows(city, VisitGroup, visit_id=visit_id) if not line["deleted"]] == [13]
    # Without the old line's deletion the new one clashes with the line still live here, and nothing is stored.
    other = new | {"id": "7d0c0a52-0000-4000-8000-000000000003"}
    before = dump(city)
    clash = _bundle(town, city, {"relief_visit_group": [other]})
    assert import_into(city, clash, dry_run=True).plan.rejected == [
        ("relief_visit_group", other["id"], "帮扶类别在同一慰问中重复了")]
    assert "不合格" in _refused(city, clash)
    assert dump(city) == before
