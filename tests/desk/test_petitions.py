"""Petitions: validation in Chinese, steps, reception days, deadlines on a fixed clock, masking, figures."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desk.cli import main as cli_main
from desk.core.errors import ValidationError
from desk.core.people import SEX_FEMALE, make_id_number
from desk.core.periods import parse_period
from desk.db.listing import ListQuery
from desk.office.scope import Scope, office_scope
from desk.office.settings import set_setting
from desk.petitions.demo import demo_petitions
from desk.petitions.model import Petition, PetitionStep
from desk.petitions.queries import PetitionSource, petition_json
from desk.petitions.rules import FINISH_DAYS, RECEPTION_DAY
from desk.petitions.service import delete_petition, load_petition, save_petition
from desk.petitions.stats import petition_stats

H1 = parse_period("2020H1")
EVERYWHERE = Scope(None, True)


def phone_petition(**changes):
    values = {
        "channel": "call", "received_on": dt.date(2020, 3, 2), "petitioner_name": "王小花", "sex": "F",
        "phone": "13807751234", "address": "北流市塘岸镇独竹村", "category": "violence",
        "summary": "丈夫酗酒后殴打，请求妇联帮助", "first_receiver": "李秀梅", "status": "received",
    }
    values.update(changes)
    return values


def save(database, actor, values, record_id=None):
    with database.sessions.begin() as session:
        return save_petition(session, actor, record_id, values)


def stats(database, today=dt.date(2020, 7, 1)):
    with database.sessions() as session:
        return petition_stats(session, H1, EVERYWHERE, today)


def test_problems_name_the_field_in_chinese(database, actor):
    values = phone_petition(petitioner_name="", id_number="450981199001011234", received_on=dt.date(2020, 3, 15),
                            steps=[{"step_on": "2020-03-16", "action": "referred", "handler": "", "unit": "", "notes": ""}])
    with pytest.raises(ValidationError) as caught:
        save(database, actor, values)
    problems = caught.value.problems
    assert problems["petitioner_name"] == "请填写信访人姓名"
    assert "身份证号码校验位错误" in problems["id_number"]
    assert problems["leader"] == "15日是领导接访日，请填写接访领导"
    assert problems["steps.0.unit"] == "转交有关单位时请填写转交单位"
    assert problems["steps"] == "第1行：转交有关单位时请填写转交单位"
    with database.sessions() as session:
        assert session.query(Petition).count() == 0


def test_anonymous_needs_no_name_and_a_valid_id_gives_the_sex(database, actor):
    number = make_id_number("450981", dt.date(1985, 6, 1), 12, SEX_FEMALE)
    first = save(database, actor, phone_petition(petitioner_name="", anonymous=True, phone=""))
    second = save(database, actor, phone_petition(sex="", id_number=number.lower()))
    with database.sessions() as session:
        assert load_petition(session, first)["anonymous"] is True
        loaded = load_petition(session, second)
    assert loaded["id_number"] == number.upper() and loaded["sex"] == "F"


def test_a_referral_and_a_reply_raise_the_answer_rate(database, actor):
    record_id = save(database, actor, phone_petition())
    assert (stats(database).total, stats(database).calls, stats(database).answered) == (1, 1, 0)
    step = {"step_on": "2020-03-04", "action": "referred", "handler": "李秀梅", "unit": "市公安局", "notes": "转派出所"}
    save(database, actor, phone_petition(steps=[step]), record_id)
    with database.sessions() as session:
        assert load_petition(session, record_id)["status"] == "handling"
    save(database, actor, phone_petition(steps=[step], reply_on=dt.date(2020, 3, 10), reply="派出所已出警告诫"), record_id)
    with database.sessions() as session:
        loaded = load_petition(session, record_id)
    assert loaded["status"] == "answered" and loaded["steps"][0]["unit"] == "市公安局"
    assert stats(database).answered == 1


def test_reply_needs_both_date_and_text_and_closed_needs_a_reply(database, actor):
    with pytest.raises(ValidationError) as caught:
        save(database, actor, phone_petition(reply_on=dt.date(2020, 3, 1)))
    assert caught.value.problems["reply_on"] == "答复日期不能早于收到日期"
    assert caught.value.problems["reply"] == "答复日期和答复内容要一起填写"
    with pytest.raises(ValidationError) as caught:
        save(database, actor, phone_petition(status="closed"))
    assert caught.value.problems["reply_on"] == "状态为“已办结”时请填写答复日期和内容"


def test_overdue_on_a_fixed_clock_and_the_deadline_settings(database, actor):
    save(database, actor, phone_petition(received_on=dt.date(2020, 3, 1)))  # undecided
    step = {"step_on": "2020-03-05", "action": "mediated", "handler": "李秀梅", "unit": "", "notes": ""}
    save(database, actor, phone_petition(received_on=dt.date(2020, 3, 1), steps=[step]))  # handling
    source = PetitionSource(clock=lambda: dt.date(2020, 3, 17))
    with database.sessions() as session:
        rows = source.rows(session, ListQuery())
        assert sorted(row["overdue"] for row in rows) == [False, True]  # 16 days: past the 15 to decide
        assert source.count(session, ListQuery(filters={"overdue": "yes"})) == 1
    assert stats(database, dt.date(2020, 3, 16)).overdue == 0  # the 15th day is still in time
    assert stats(database, dt.date(2020, 5, 1)).overdue == 2  # past 60 days: both
    with database.sessions.begin() as session:
        set_setting(session, FINISH_DAYS, 90)
    assert stats(database, dt.date(2020, 5, 1)).overdue == 1


def test_reception_day_follows_the_setting(database, actor):
    record_id = save(database, actor, phone_petition(received_on=dt.date(2020, 4, 15), leader="周丽娟"))
    with database.sessions.begin() as session:
        assert load_petition(session, record_id)["reception_day"] is True
        set_setting(session, RECEPTION_DAY, 10)
    save(database, actor, phone_petition(received_on=dt.date(2020, 4, 15), leader="周丽娟"), record_id)
    with database.sessions() as session:
        assert load_petition(session, record_id)["reception_day"] is False


def test_lists_and_json_are_masked(database, actor):
    save(database, actor, phone_petition())
    save(database, actor, phone_petition(petitioner_name="", anonymous=True))
    with database.sessions() as session:
        rows = PetitionSource(clock=lambda: dt.date(2020, 3, 3)).rows(session, ListQuery(period=H1))
    assert sorted(row["petitioner"] for row in rows) == ["匿名", "王*花"]
    data = [petition_json(row) for row in rows]
    text = json.dumps(data, ensure_ascii=False, default=str)
    assert "王小花" not in text and "13807751234" not in text and "独竹村" not in text


def test_delete_marks_the_petition_and_its_steps(database, actor):
    step = {"step_on": "2020-03-04", "action": "answered", "handler": "李秀梅", "unit": "", "notes": ""}
    record_id = save(database, actor, phone_petition(steps=[step]))
    with database.sessions.begin() as session:
        delete_petition(session, actor, record_id)
    with database.sessions() as session:
        assert session.get(Petition, record_id).deleted
        assert all(step.deleted for step in session.query(PetitionStep))
    assert stats(database).total == 0


def test_stats_by_channel_category_and_scope(database, actor):
    save(database, actor, phone_petition())
    save(database, actor, phone_petition(channel="visit", category="property", people_count=4))
    save(database, actor, phone_petition(channel="letter", received_on=dt.date(2020, 7, 2)))  # outside 2020H1
    figures = stats(database)
    assert (figures.total, figures.people, figures.calls, figures.visits, figures.letters) == (2, 5, 1, 1, 0)
    assert (figures.violence, figures.property, figures.answered) == (1, 1, 0)
    with database.sessions() as session:
        assert petition_stats(session, H1, Scope(frozenset({"450981101"}), False), dt.date(2020, 7, 1)).total == 0
        assert petition_stats(session, H1, office_scope(session), dt.date(2020, 7, 1)).total == 2


def test_demo_reproduces_the_seed(tmp_path, capsys):
    path = tmp_path / "demo.db"
    assert cli_main(["demo", "--db", str(path)]) == 0
    from desk.db.database import open_database

    database = open_database(path)
    with database.sessions() as session:
        figures = petition_stats(session, H1, office_scope(session, tree=True), dt.date(2020, 7, 1))
    database.close()
    assert (figures.total, figures.letters, figures.calls, figures.visits) == (79, 3, 21, 55)
    assert figures.answered == figures.total and figures.overdue == 0
    assert figures.reception_day > 0 and min(figures.marriage, figures.violence, figures.property) > 0
    capsys.readouterr()
    assert cli_main(["list", "petitions", "--db", str(path), "--period", "2020H1", "--json"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 79
    rows = [json.loads(line) for line in lines]
    assert all("phone" not in row and "address" not in row for row in rows)
    assert all(row["petitioner"] == "匿名" or "*" in row["petitioner"] for row in rows)
    names = {values["petitioner_name"] for values in demo_petitions() if values["petitioner_name"]}
    assert not any(name in lines_text for name in names for lines_text in lines)


def test_petition_stats_command_writes_the_summary_sentence(tmp_path, capsys, database, actor, db_path):
    save(database, actor, phone_petition(reply_on=dt.date(2020, 3, 5), reply="已答复"))
    save(database, actor, phone_petition(channel="letter"))
    database.close()
    assert cli_main(["petition-stats", "--db", str(db_path), "--period", "2020H1", "--today", "2020-03-10"]) == 0
    assert capsys.readouterr().out.strip() == (
        "2020年上半年共接待信访2件(次)，其中来访0件(次)，来信1件，来电1件(次)，处理答复率50%，超期0件。"
    )
    assert cli_main(["petition-stats", "--db", str(db_path), "--period", "2020H1", "--today", "2020-03-20", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["overdue"] == 1
