"""Training: bulk trainees (valid rows save, bad rows refused with reasons), matching by ID, stats, demo."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desk.core.errors import ValidationError
from desk.core.people import SEX_FEMALE, make_id_number
from desk.core.periods import parse_period
from desk.db.listing import ListQuery
from desk.demo import create_demo
from desk.office.scope import Scope, office_scope
from desk.people.model import Person
from desk.people.service import save_person
from desk.training import register, service
from desk.training.model import Attendance
from desk.training.queries import COURSES, SKILLED_WOMEN, TRAINEES
from desk.training.stats import training_stats

ROOT = Path(__file__).resolve().parents[2]
H1 = parse_period("2020H1")


def ident(sequence: int, year: int = 1980) -> str:
    return make_id_number("450981", dt.date(year, 3, 1 + sequence), sequence, SEX_FEMALE)


def bad(number: str) -> str:
    """The same number with a wrong check digit."""
    return number[:17] + ("0" if number[17] != "0" else "1")


def course(**extra):
    values = {
        "name": "新型女农民种养技术培训班", "kind": "farmer", "organiser": "own",
        "start_date": dt.date(2020, 4, 21), "end_date": dt.date(2020, 4, 23), "hours": 18,
    }
    values.update(extra)
    return values


def five_rows():
    rows = [{"name": name, "id_number": ident(n), "work_unit": "塘岸镇独竹村", "phone": "1359775100" + str(n)}
            for n, name in enumerate(("钟美兰", "韦小英", "梁秀珍", "庞玉兰", "覃春花"))]
    rows[2]["id_number"] = bad(rows[2]["id_number"])
    return rows


def count(session, model):
    return session.scalar(select(func.count()).select_from(model).where(model.deleted.is_(False)))


def test_valid_rows_save_and_the_bad_id_is_refused_with_its_reason(database, actor):
    rows = five_rows()
    with database.sessions.begin() as session:
        result = service.save_course_with_trainees(session, actor, None, course(trainees=rows))
    assert result.saved == 4 and list(result.refused) == [2]
    assert "校验位错误" in result.refused[2]["id_number"]
    assert result.message(rows).startswith("第3行（梁秀珍）未保存：身份证号码校验位错误")
    with database.sessions() as session:
        assert count(session, Attendance) == 4 and count(session, Person) == 4
    # Saving again (the bad row corrected) duplicates nobody.
    rows[2]["id_number"] = ident(2)
    with database.sessions.begin() as session:
        again = service.save_course_with_trainees(session, actor, result.course_id, course(trainees=rows))
    assert again.saved == 5 and not again.refused
    with database.sessions() as session:
        assert count(session, Attendance) == 5 and count(session, Person) == 5
        loaded = service.load_course(session, result.course_id)
    assert [row["name"] for row in loaded["trainees"]] == ["钟美兰", "韦小英", "庞玉兰", "覃春花", "梁秀珍"]
    assert loaded["trainees"][0]["sex"] == "F"  # taken from the ID number


def test_a_registered_person_is_matched_by_id_number_not_duplicated(database, actor):
    with database.sessions.begin() as session:
        known = save_person(session, actor, None, {"name": "黄丽萍", "id_number": ident(7), "work_unit": "北流市妇联"})
        service.save_course(session, actor, None, course(
            name="全国基层妇联干部培训班", kind="cadre", organiser="national",
            trainees=[{"name": "黄丽萍", "id_number": ident(7).lower(), "phone": "13807751201"},
                      {"name": "无证学员", "work_unit": "北流镇"}],
        ))
    with database.sessions() as session:
        assert count(session, Person) == 2
        person = session.get(Person, known)
        assert person.phone == "13807751201" and person.work_unit == "北流市妇联"  # blank filled, unit kept


def test_duplicate_ids_in_one_grid_and_removed_rows(database, actor):
    rows = five_rows()[:2] + [{"name": "又一个", "id_number": ident(0)}, {"name": "王丽"}, {"name": "王丽"}]
    with database.sessions.begin() as session:
        result = service.save_course_with_trainees(session, actor, None, course(trainees=rows))
    assert result.refused == {
        2: {"id_number": "与第1行的身份证号码相同"}, 4: {"id_number": "与第4行同名，请填写身份证号码以区分"},
    }
    with database.sessions.begin() as session:
        service.save_course(session, actor, result.course_id, course(trainees=rows[:1]))
    with database.sessions() as session:
        assert count(session, Attendance) == 1
    with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        service.save_course(session, actor, None, course(end_date=dt.date(2020, 4, 1), hours="很多"))
    assert caught.value.problems == {"end_date": "结束日期不能早于开始日期", "hours": "学时应为整数"}


def test_stats_on_a_small_hand_made_case(database, actor):
    with database.sessions.begin() as session:
        farmers = service.save_course(session, actor, None, course(trainees=five_rows()[:2]))
        service.save_course(session, actor, None, course(
            name="区妇联干部培训班", kind="cadre", organiser="region", start_date=dt.date(2020, 6, 29),
            end_date=dt.date(2020, 7, 3), hours=30,
            trainees=[{"name": "钟美兰", "id_number": ident(0), "finished": "yes"}, {"name": "李秋月", "id_number": ident(9)}],
        ))
        service.save_course(session, actor, None, course(name="下半年的班", start_date=dt.date(2020, 8, 1), end_date=None))
        gone = service.save_course(session, actor, None, course(name="删掉的班", trainees=five_rows()[3:4]))
        service.delete_course(session, actor, gone)
        register.save_skilled_woman(session, actor, None, {
            "name": "钟美兰", "id_number": ident(0), "trade": "百香果种植", "association_member": True,
            "registered_on": dt.date(2020, 4, 23),
        })
        register.save_skilled_woman(session, actor, None, {
            "name": "韦小英", "trade": "刺绣", "registered_on": dt.date(2019, 10, 1),
        })
        figures = training_stats(session, H1, office_scope(session))
    assert dataclasses.asdict(figures) == {
        "courses_held": 1, "courses_attended": 1, "hours": 48, "trainee_visits": 4, "trainees": 3, "finished": 1,
        "cadres_sent": 2, "skilled_women_new": 1, "skilled_women": 2, "association_members": 1,
    }
    with database.sessions() as session:
        assert training_stats(session, H1, Scope(frozenset({"450981101"}), False)).courses_held == 0
        assert COURSES.count(session, ListQuery(period=H1)) == 2
        assert COURSES.count(session, ListQuery(filters={"held": "attended"})) == 1
        assert [r["trainees"] for r in COURSES.rows(session, ListQuery(search="种养"))] == [2]
        assert farmers


def test_trainee_and_skilled_woman_one_at_a_time(database, actor):
    with database.sessions.begin() as session:
        course_id = service.save_course(session, actor, None, course(trainees=five_rows()[:1]))
        with pytest.raises(ValidationError) as caught:
            register.save_trainee(session, actor, None, {"course_id": course_id, "name": "钟美兰", "id_number": ident(0)})
        assert caught.value.problems == {"course_id": "钟美兰已是这个培训班的学员"}
    with database.sessions.begin() as session:
        attendance = register.save_trainee(session, actor, None, {
            "course_id": course_id, "name": "刘金凤", "id_number": ident(5), "finished": True, "post": "村妇联主席",
        })
        values = register.load_trainee(session, attendance)
        assert values["birth_date"] == dt.date(1980, 3, 6) and values["finished"] is True
        rows = TRAINEES.rows(session, ListQuery(search="ljf"))
        assert [(r["name"], r["id_number"][:4], r["finished"]) for r in rows] == [("刘*凤", "4509", True)]
        skilled = register.save_skilled_woman(session, actor, None, {
            "name": "刘金凤", "id_number": ident(5), "trade": "养鸡", "registered_on": dt.date(2020, 5, 1),
            "village": "大里镇大里村",
        })
        with pytest.raises(ValidationError) as twice:
            register.save_skilled_woman(session, actor, None, {
                "name": "刘金凤", "id_number": ident(5), "trade": "养鸭", "registered_on": dt.date(2020, 5, 1),
            })
        assert twice.value.problems == {"id_number": "刘金凤已登记为女能手"}
        loaded = register.load_skilled_woman(session, skilled)
        assert (loaded["post"], loaded["village"]) == ("村妇联主席", "大里镇大里村")  # same person, blank filled
        assert count(session, Person) == 2
        assert SKILLED_WOMEN.rows(session, ListQuery())[0]["trade"] == "养鸡"


def test_demo_has_three_cadres_sent_to_higher_level_training(tmp_path):
    database = create_demo(tmp_path / "demo.db")
    with database.sessions() as session:
        figures = training_stats(session, H1, office_scope(session))
        names = {row["name"] for row in COURSES.rows(session, ListQuery(period=H1, filters={"held": "attended"}))}
    database.close()
    assert figures.cadres_sent == 3
    assert (figures.courses_held, figures.courses_attended, figures.trainees, figures.skilled_women) == (1, 2, 11, 3)
    assert names == {"全区妇联干部综合素质提升培训班", "全国基层妇联干部培训班"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "main.py"), "list", "trainees", "--period", "2020H1", "--json",
         "--db", str(tmp_path / "demo.db")], capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    sent = [row for row in rows if row["organiser"] != "own"]
    assert len(rows) == 11 and len(sent) == 3
    assert all("*" in row["name"] and "*" in row["id_number"] and "*" in row["phone"] for row in rows)


def test_a_persons_fields_are_checked_as_the_people_register_declares_them(database, actor):
    from desk.people.fields import PERSON

    with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        save_person(session, actor, None, {"person.name": "黄" * 65, "person.sex": "X", "person.phone": "12"},
                    prefix="person.")
    problems = caught.value.problems
    assert problems["person.name"] == "姓名最多{count}个字".format(count=PERSON["name"].max_length)
    assert problems["person.sex"] == "性别的取值“X”无效，可选：女、男"  # the declared labels, not the codes
    assert set(problems) == {"person.name", "person.sex", "person.phone"}
