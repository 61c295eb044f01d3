"""Events and household campaigns: validation, lines, lists, statistics on the seed and by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.campaigns.attachments import attachment_path
from desk.campaigns.demo import seed_campaigns
from desk.campaigns.households import load_household_campaign, save_household_campaign
from desk.campaigns.model import EventUnit
from desk.campaigns.queries import EVENTS, HOUSEHOLD_CAMPAIGNS
from desk.campaigns.service import delete_event, load_event, save_event
from desk.campaigns.stats import event_stats, household_stats
from desk.core.errors import ValidationError
from desk.core.periods import parse_period
from desk.db.listing import ListQuery
from desk.directory.service import find_leaders, find_units, leader_post
from desk.office.scope import Scope, office_scope

H1 = parse_period("2020H1")


def test_seed_events_reproduce_the_summary_figures(database, actor):
    with database.sessions.begin() as session:
        seed_campaigns(session, actor)
    with database.sessions() as session:
        stats = event_stats(session, H1, office_scope(session))
        households = household_stats(session, H1, office_scope(session))
        rows = EVENTS.rows(session, ListQuery(period=H1, search="诺廉"))
        assert ("市纪委", "市纪委") in find_units(session, "纪委")
        assert find_leaders(session, "苏爱") == [("苏爱清", "苏爱清")] and leader_post(session, "苏爱清") == "市政协主席"
    assert stats.events == 5 and stats.signing_activities == 1 and stats.commendation_meetings == 1
    assert stats.law_publicity == 1 and stats.galas == 1 and stats.forums == 1
    assert stats.participants == 700 and stats.co_organised == 2
    assert [row["participants_text"] for row in rows] == ["400多人"]
    assert rows[0]["co_organisers"] == 4
    assert (households.coverage_percent, households.pledge_percent, households.consolidation_percent) == (95, 82, 100)
    assert households.households_total == 240000 and households.households_pledged == 196800


def test_stats_of_a_small_hand_made_case_respect_period_and_scope(database, actor):
    with database.sessions.begin() as session:
        for day, count, unit in ((dt.date(2020, 3, 8), 120, "person"), (dt.date(2020, 7, 1), 50, "person_time")):
            save_event(session, actor, None, {
                "kind": "festival", "title": f"活动{day}", "held_on": day, "participants": count,
                "participant_unit": unit, "units": [{"name": "市总工会"}],
            })
        save_event(session, actor, None, {"kind": "other", "title": "人次活动", "held_on": dt.date(2020, 5, 1),
                                          "participants": 30, "participant_unit": "person_time"})
        save_household_campaign(session, actor, None, {
            "name": "绿色家庭创建", "start_on": dt.date(2020, 1, 1), "end_on": dt.date(2020, 12, 31),
            "households_total": 3, "households_taking_part": 2, "households_pledged": 1, "green_families": 4,
        })
    with database.sessions() as session:
        stats = event_stats(session, H1, office_scope(session))
        other_office = event_stats(session, H1, Scope(frozenset({"999999"}), False))
        households = household_stats(session, H1, office_scope(session))
    assert (stats.events, stats.festival, stats.other, stats.participants, stats.person_times) == (2, 1, 1, 150, 30)
    assert stats.co_organised == 1
    assert other_office.events == 0
    assert (households.coverage_percent, households.pledge_percent) == (67, 33)  # 2/3 rounds up, 1/3 down
    assert households.green_families == 4 and households.consolidation_percent == 0


def test_lines_are_replaced_with_deletion_marks_and_deleting_marks_children(database, actor):
    with database.sessions.begin() as session:
        event_id = save_event(session, actor, None, {
            "kind": "signing", "title": "签名活动", "held_on": dt.date(2020, 3, 3),
            "units": [{"name": "市纪委"}, {"name": "市纪委"}, {"name": "市监察局"}],
            "leaders": [{"name": "苏爱清", "post": "市政协主席"}],
        })
    with database.sessions.begin() as session:
        assert [u["name"] for u in load_event(session, event_id)["units"]] == ["市纪委", "市监察局"]
        save_event(session, actor, event_id, {**load_event(session, event_id), "units": [{"name": "市委组织部"}]})
    with database.sessions.begin() as session:
        assert load_event(session, event_id)["units"] == [{"name": "市委组织部"}]
        assert load_event(session, event_id)["leaders"] == [{"name": "苏爱清", "post": "市政协主席"}]
        delete_event(session, actor, event_id)
    with database.sessions() as session:
        units = session.query(EventUnit).filter(EventUnit.event_id == event_id).all()
        assert len(units) == 3 and all(unit.deleted for unit in units)
        assert EVENTS.count(session, ListQuery()) == 0


def test_event_problems_name_the_field(database, actor):
    with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        save_event(session, actor, None, {"kind": "", "participants_more_than": True,
                                          "leaders": [{"name": "", "post": "市长"}]})
    assert caught.value.problems == {
        "kind": "请选择活动类型", "title": "请填写活动名称", "held_on": "请填写日期",
        "participants": "勾选了“多”，请填写参加人数，如 400", "leaders": "出席领导第1行：请填写姓名",
    }


def test_impossible_household_numbers_are_refused_with_the_field_named(database, actor):
    values = {"name": "平安家庭", "start_on": dt.date(2020, 1, 1), "end_on": dt.date(2020, 6, 30),
              "households_total": 240000, "households_pledged": 250000, "households_taking_part": -5}
    with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        save_household_campaign(session, actor, None, values)
    assert caught.value.problems["households_pledged"] == "签订承诺书户数（250000）不能大于总户数（240000）"
    assert caught.value.problems["households_taking_part"] == "参加户数不能小于0"
    with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        save_household_campaign(session, actor, None, {**values, "households_pledged": 1, "households_taking_part": 10,
                                                       "households_consolidated": 11, "end_on": dt.date(2019, 1, 1)})
    assert caught.value.problems == {
        "end_on": "结束日期不能早于开始日期",
        "households_consolidated": "巩固户数（11）不能大于参加户数（10）",
    }


def test_household_list_shows_rates_and_finds_pinyin(database, actor):
    with database.sessions.begin() as session:
        record_id = save_household_campaign(session, actor, None, {
            "name": "平安家庭", "start_on": dt.date(2020, 1, 1), "end_on": dt.date(2020, 6, 30),
            "households_total": 240000, "households_taking_part": 228000, "households_pledged": 196800,
        })
    with database.sessions() as session:
        (row,) = HOUSEHOLD_CAMPAIGNS.rows(session, ListQuery(search="pajt", period=H1))
        assert load_household_campaign(session, record_id)["households_total"] == 240000
        assert HOUSEHOLD_CAMPAIGNS.count(session, ListQuery(period=parse_period("2020H2"))) == 0
    assert (row["coverage_rate"], row["pledge_rate"], row["consolidation_rate"]) == ("95%", "82%", "")


def test_attachment_path_is_inside_the_database_folder(db_path):
    assert attachment_path("events/x.jpg", db_path) == db_path.parent / "attachments" / "events" / "x.jpg"
