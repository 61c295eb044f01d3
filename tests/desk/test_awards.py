"""Commendations: the title catalogue, awards stored as printed, pinyin search, masking, statistics, CLI."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desk.awards.demo import seed_awards
from desk.awards.queries import AWARDS
from desk.awards.service import delete_title, ensure_catalogue, load_award, save_award, save_title, title_choices
from desk.awards.stats import award_stats
from desk.campaigns.demo import seed_campaigns
from desk.core.errors import ValidationError
from desk.core.periods import parse_period
from desk.db.listing import ListQuery
from desk.office.scope import office_scope
from tests.desk.test_cli import demo_db, run  # noqa: F401 (the module's demo database fixture)

H1 = parse_period("2020H1")


def _seed(database, actor):
    with database.sessions.begin() as session:
        seed_campaigns(session, actor)
        seed_awards(session, actor)


def test_seed_awards_and_their_statistics(database, actor):
    _seed(database, actor)
    with database.sessions() as session:
        stats = award_stats(session, H1, office_scope(session))
        red_flag = AWARDS.rows(session, ListQuery(period=H1, filters={"title_name": "三八红旗集体"}))
    assert (stats.awards, stats.collective_awards, stats.individual_awards, stats.received_by_office) == (7, 7, 0, 3)
    assert stats.by_title[0] == ("三八红旗集体", "city", 5)
    assert {row["awardee_name"] for row in red_flag} == {"北流市妇女联合会", "市人民医院", "市幼儿园", "城南小学", "三环集团"}
    assert {row["title"] for row in red_flag} == {"市三八红旗集体"}


def test_pinyin_initials_find_the_hospital(database, actor):
    _seed(database, actor)
    with database.sessions() as session:
        rows = AWARDS.rows(session, ListQuery(search="srmyy"))
    assert [row["awardee_name"] for row in rows] == ["市人民医院"]


def test_an_individual_award_keeps_the_printed_name_and_lists_it_masked(database, actor):
    with database.sessions.begin() as session:
        ensure_catalogue(session, actor)
        hand = next(value for value, label in title_choices(session) if label.startswith("市三八红旗手"))
        award_id = save_award(session, actor, None, {
            "title_id": hand, "awardee_name": " 欧阳小花 ", "work_unit": "市人民医院", "post": "护士长",
            "awarding_body": "北流市妇女联合会", "awarded_on": dt.date(2020, 3, 3),
        })
    with database.sessions() as session:
        assert load_award(session, award_id)["awardee_name"] == "欧阳小花"
        (row,) = AWARDS.rows(session, ListQuery())
    assert row["awardee_name"] == "欧**花" and row["awardee_kind"] == "individual"


def test_award_problems_name_the_field_and_used_titles_stay(database, actor):
    with database.sessions.begin() as session:
        ensure_catalogue(session, actor)
        choices = dict(title_choices(session))
        hand = next(value for value, label in choices.items() if label.startswith("市三八红旗手"))
        collective = next(value for value, label in choices.items() if label.startswith("市三八红旗集体"))
    with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        save_award(session, actor, None, {"title_id": hand, "received_by_office": True, "event_id": "nope"})
    assert caught.value.problems == {
        "awardee_name": "请填写获奖者名称", "awarding_body": "请填写授予单位", "awarded_on": "请填写授予日期",
        "received_by_office": "“三八红旗手”授予个人，不能是本单位获得", "event_id": "所选颁奖活动已不存在",  # the declared label
    }
    with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        save_title(session, actor, None, {"name": "三八红旗集体", "awardee_kind": "collective", "level": "city"})
    assert caught.value.problems == {"name": "同一级别已有称号“三八红旗集体”"}
    with database.sessions.begin() as session:
        save_award(session, actor, None, {"title_id": collective, "awardee_name": "城南小学",
                                          "awarding_body": "市委", "awarded_on": dt.date(2020, 3, 3)})
    with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        delete_title(session, actor, collective)
    assert "已用于1项表彰" in caught.value.message


def test_an_award_is_checked_as_its_fields_are_declared(database, actor, monkeypatch):
    import dataclasses

    from desk.awards import fields

    with database.sessions.begin() as session:
        ensure_catalogue(session, actor)
        hand = next(value for value, label in title_choices(session) if label.startswith("市三八红旗手"))
        deleted = save_title(session, actor, None, {"name": "乡村振兴巾帼示范岗", "awardee_kind": "collective", "level": "town"})
        delete_title(session, actor, deleted)
    values = {"title_id": hand, "awardee_name": "黄丽", "awarding_body": "市委", "awarded_on": dt.date(2020, 3, 3),
              "work_unit": "市" * 101}
    with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        save_award(session, actor, None, dict(values, title_id=deleted))
    assert caught.value.problems == {"title_id": "所选荣誉称号已不存在", "work_unit": "工作单位最多100个字"}
    # the declaration is the check: a shorter limit declared is the limit the service keeps
    shorter = dataclasses.replace(fields.AWARD, fields=tuple(
        dataclasses.replace(item, max_length=4) if item.key == "awardee_name" else item for item in fields.AWARD.fields))
    monkeypatch.setattr("desk.awards.service.AWARD", shorter)
    with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        save_award(session, actor, None, dict(values, awardee_name="城南区第一小学", work_unit=""))
    assert caught.value.problems == {"awardee_name": "获奖者名称最多4个字"}


def test_cli_lists_the_four_red_flag_collectives_of_the_seed(demo_db):  # noqa: F811
    result = run("list", "awards", "--period", "2020H1", "--json", "--db", str(demo_db))
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    red_flag = {row["awardee_name"] for row in rows if row["title"] == "市三八红旗集体" and not row["received_by_office"]}
    assert red_flag == {"市人民医院", "市幼儿园", "城南小学", "三环集团"}
    assert any(row["title"] == "自治区维护妇女儿童权益先进集体" and row["received_by_office"] for row in rows)
    events = run("list", "events", "--period", "2020H1", "--json", "--db", str(demo_db))
    assert "400多人" in events.stdout and "普法宣传" in events.stdout


def test_a_deleted_event_leaves_the_award_and_deleted_titles_stay_deleted(database, actor):
    from sqlalchemy import select

    from desk.awards.model import HonourTitle
    from desk.campaigns.demo import COMMENDATION_TITLE
    from desk.campaigns.model import Event
    from desk.campaigns.service import delete_event

    _seed(database, actor)
    with database.sessions.begin() as session:
        delete_event(session, actor, session.scalars(select(Event.id).where(Event.title == COMMENDATION_TITLE)).one())
        learner = session.scalars(select(HonourTitle.id).where(HonourTitle.name == "双学双比女能手")).one()
        delete_title(session, actor, learner)
    with database.sessions.begin() as session:
        assert {row["event_title"] for row in AWARDS.rows(session, ListQuery())} == {None}
        assert ensure_catalogue(session, actor) == 0
        assert not any("双学双比" in label for _value, label in title_choices(session))
