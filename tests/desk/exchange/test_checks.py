"""Every imported record passes the checks of its area's own form: its declared fields and the rules between them."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desk.campaigns.households import save_household_campaign
from desk.campaigns.model import HouseholdCampaign
from desk.core.people import id_check_digit, make_id_number
from desk.exchange.travel import row_json
from desk.people.model import Person
from desk.people.service import save_person
from desk.petitions.model import Petition
from desk.petitions.service import save_petition
from desk.training.model import Course
from desk.training.service import save_course
from tests.desk.exchange.helpers import import_into
from tests.desk.exchange.test_refusals import _crafted, _refused

GOOD_ID = make_id_number("450981", dt.date(1990, 1, 1), 12, "F")
BAD_ID = GOOD_ID[:17] + ("0" if id_check_digit(GOOD_ID[:17]) != "0" else "1")


def _saved(town, model, save, values) -> dict:
    """Save a record through the town's own form service and return it as it travels."""
    with town.begin() as session:
        record_id = save(session, town.actor, None, values)
    with town.session() as session:
        table = model.__table__
        return row_json(table, session.execute(select(table).where(table.c.id == record_id)).mappings().one())


def _petition(town) -> dict:
    return _saved(town, Petition, save_petition, {
        "channel": "call", "received_on": dt.date(2020, 3, 2), "petitioner_name": "王小花", "sex": "F",
        "phone": "13807751234", "address": "北流市塘岸镇独竹村", "category": "violence",
        "summary": "丈夫酗酒后殴打，请求妇联帮助", "first_receiver": "李秀梅", "status": "received",
    })


def _household(town) -> dict:
    return _saved(town, HouseholdCampaign, save_household_campaign, {
        "name": "平安家庭", "start_on": dt.date(2020, 1, 1), "end_on": dt.date(2020, 6, 30),
        "households_total": 240, "households_taking_part": 228, "households_pledged": 196,
    })


def _course(town) -> dict:
    return _saved(town, Course, save_course, {
        "name": "新型女农民种养技术培训班", "kind": "farmer", "organiser": "own",
        "start_date": dt.date(2020, 4, 21), "end_date": dt.date(2020, 4, 23), "hours": 18,
    })


def _person(town) -> dict:
    return _saved(town, Person, save_person, {"name": "黄丽萍", "id_number": GOOD_ID, "village": "独竹村"})


CASES = [
    # a bad choice, a negative count, a bad check digit, an over-long text, a rule between fields: on four areas
    ("petition", _petition, {"channel": "hacked"}, "来源方式的取值“hacked”无效"),
    ("petition", _petition, {"people_count": -5}, "人数不能小于1"),
    ("petition", _petition, {"id_number": BAD_ID}, "身份证号码校验位错误"),
    ("petition", _petition, {"summary": "长" * 4001}, "反映问题最多4000个字"),
    ("petition", _petition, {"status": "answered"}, "请填写答复日期和内容"),
    ("petition", _petition, {"anonymous": False, "petitioner_name": ""}, "请填写信访人姓名"),
    ("household_campaign", _household, {"households_total": -5}, "总户数不能小于0"),
    ("household_campaign", _household, {"name": "创" * 201}, "创建活动名称"),
    ("household_campaign", _household, {"households_pledged": 500}, "不能大于总户数（240）"),
    ("training_course", _course, {"kind": "hacked"}, "培训类别的取值“hacked”无效"),
    ("training_course", _course, {"hours": -1}, "不能小于0"),
    ("training_course", _course, {"end_date": "2020-04-01"}, "结束日期不能早于开始日期"),
    ("person", _person, {"id_number": BAD_ID}, "身份证号码校验位错误"),
    ("person", _person, {"sex": "M"}, "性别与身份证号码不符"),
    ("person", _person, {"phone": "12345"}, "电话号码格式不对"),
]


@pytest.mark.parametrize(("table", "make", "changes", "reason"), CASES,
                         ids=[f"{case[0]}-{next(iter(case[2]))}" for case in CASES])
def test_an_imported_record_passes_its_forms_checks(offices, table, make, changes, reason):
    city, town, _region = offices
    record = make(town)
    honest = import_into(city, _crafted(town, city, [record], table=table), dry_run=True)
    assert not honest.plan.rejected, honest.plan.rejected
    data = _crafted(town, city, [record | changes], table=table)
    dry = import_into(city, data, dry_run=True)
    (rejected_table, rejected_id, problem), = dry.plan.rejected
    assert (rejected_table, rejected_id) == (table, record["id"])
    assert reason in problem, problem
    assert "不合格" in _refused(city, data)  # the import itself refuses the bundle and changes nothing


def test_one_bad_record_is_rejected_and_its_neighbours_are_kept(offices):
    city, town, _region = offices
    good, bad = _petition(town), _petition(town) | {"channel": "hacked"}
    dry = import_into(city, _crafted(town, city, [good, bad], table="petition"), dry_run=True)
    assert [record_id for _t, record_id, _r in dry.plan.rejected] == [bad["id"]]
    assert dry.plan.counts["petition"]["new"] == 1


def test_every_area_with_rules_between_fields_lists_them_for_imports(offices):
    from desk.exchange.checks import record_problems, record_rules

    assert {"petition", "petition_step", "training_course", "household_campaign", "org_grassroots", "campaign_event",
            "award"} <= set(record_rules())
    city, _town, _region = offices
    award = {"title_id": "t-1", "awardee_name": "城南小学", "awarding_body": "市委", "awarded_on": dt.date(2020, 3, 3),
             "awardee_kind": "collective", "post": "校长", "received_by_office": False}
    with city.session() as session:
        assert record_problems(session, "award", award) == ["“该称号”授予集体，不填职务"]
        assert record_problems(session, "award", award | {"post": ""}) == []
        assert record_problems(session, "petition_step", {"step_on": dt.date(2020, 3, 5), "action": "referred",
                                                          "unit": ""}) == ["转交有关单位时请填写转交单位"]
