"""Organisation building: credit-code check, organisations, assessments with ratings and ranking, cadres, indicators."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from desk.core.errors import ValidationError
from desk.core.people import SEX_FEMALE, make_id_number
from desk.db.listing import ListQuery
from desk.office.service import save_sub_office
from desk.organisation.assessment import load_assessment, rank, rate, save_assessment
from desk.organisation.cadres import load_cadre, save_cadre
from desk.organisation.creditcode import check_character, code_problem
from desk.organisation.model import AssessmentScore, AssessmentTask
from desk.organisation.queries import ASSESSMENTS, CADRES, ORGANISATIONS, office_choices
from desk.organisation.service import load_org, save_indicator, save_org
from desk.organisation.settings import set_thresholds
from desk.people.model import Person

# The example code printed in GB 32100-2015 and two codes of the demo's form whose check we compute.
STANDARD_EXAMPLE = "91350100M000100Y43"


def test_the_check_character_follows_gb_32100():
    assert check_character(STANDARD_EXAMPLE[:17]) == "3"
    assert code_problem(STANDARD_EXAMPLE) == ""
    body = "11450981007564213"  # 11 = government agency, 450981 = 北流, then the organisation code
    code = body + check_character(body)
    assert code == "11450981007564213D" and code_problem(code) == ""
    assert code_problem(code.lower()) == ""  # typed in lower case


def test_a_failing_code_names_the_expected_character():
    assert code_problem("11450981007564213A") == (
        "统一社会信用代码校验位不符：按GB 32100最后一位应为D，输入的是A"
    )
    assert "18位，现为17位" in code_problem("11450981007564213")
    assert "不含I、O、S、V、Z" in code_problem("1145098100756421IO")


def org(**changes):
    values = {"name": "市教育局妇委会", "org_type": "committee", "host_unit": "市教育局", "host_kind": "agency",
              "credit_code": "", "set_up_on": dt.date(2020, 4, 16), "chair": "韦丽萍", "member_count": 7,
              "office_id": "", "status": "active"}
    values.update(changes)
    return values


def test_an_organisation_with_a_failing_credit_code_saves_with_a_warning(database, actor):
    with database.sessions.begin() as session:
        record_id = save_org(session, actor, None, org(credit_code="11450981007564213A"))
    with database.sessions() as session:
        values = load_org(session, record_id)
        row = ORGANISATIONS.rows(session, ListQuery())[0]
    assert values["credit_code"] == "11450981007564213A"  # kept as typed
    assert values["credit_check"].startswith("注意：统一社会信用代码校验位不符：按GB 32100最后一位应为D")
    assert row["credit_alert"] is True and row["office_name"] == "本级"
    with database.sessions.begin() as session:
        save_org(session, actor, record_id, org(credit_code="11450981007564213D"))
        assert load_org(session, record_id)["credit_check"] == ""


def test_organisation_problems_name_the_field(database, actor):
    with database.sessions.begin() as session:
        with pytest.raises(ValidationError) as caught:
            save_org(session, actor, None, org(name="", set_up_on=None, status="dissolved"))
    assert caught.value.problems == {
        "name": "请填写组织名称", "set_up_on": "请填写成立日期", "dissolved_on": "已撤销的组织请填写撤销日期",
    }
    with database.sessions.begin() as session:
        save_org(session, actor, None, org(name="市统计局", host_unit="市统计局", set_up_on=None, status="none"))


def towns(database, actor, count=4):
    names = ("北流镇妇联", "塘岸镇妇联", "西埌镇妇联", "大里镇妇联", "平政镇妇联")[:count]
    with database.sessions.begin() as session:
        return [save_sub_office(session, actor, None, {"name": name, "code": f"45098110{number}", "level": "town"})
                for number, name in enumerate(names)]


TASKS = [{"task": "组织建设", "weight": 40}, {"task": "维权信访", "weight": 30}, {"task": "宣传培训", "weight": 30}]


def test_an_assessment_year_rates_and_ranks_the_offices_from_their_scores(database, actor):
    ids = towns(database, actor)
    scores = [{"office_id": ids[0], "score": 72, "consequence": "", "note": ""},
              {"office_id": ids[1], "score": 93, "consequence": "reward", "note": "奖励工作经费"},
              {"office_id": ids[2], "score": 58, "consequence": "talk", "note": ""},
              {"office_id": ids[3], "score": 72, "consequence": "", "note": ""}]
    with database.sessions.begin() as session:
        record_id = save_assessment(session, actor, None, {
            "year": 2019, "title": "2019年度考核", "assessed_on": dt.date(2020, 1, 16), "tasks": TASKS, "scores": scores})
    with database.sessions() as session:
        values = load_assessment(session, record_id)
        listed = ASSESSMENTS.rows(session, ListQuery())[0]
    table = [(row["rank"], row["office"], row["score"], row["rating_label"], row["consequence_label"])
             for row in values["ranking"]]
    assert table == [(1, "塘岸镇妇联", 93, "优秀", "奖励"), (2, "北流镇妇联", 72, "称职", ""),
                     (2, "大里镇妇联", 72, "称职", ""), (4, "西埌镇妇联", 58, "不称职", "诫勉谈话")]
    assert values["tasks"] == TASKS and values["thresholds"] == (90, 60)
    assert (listed["offices"], listed["excellent"], listed["competent"], listed["incompetent"]) == (4, 1, 2, 1)


def test_ratings_follow_the_office_thresholds(database, actor):
    ids = towns(database, actor, 1)
    with database.sessions.begin() as session:
        set_thresholds(session, actor, 95, 75)
        record_id = save_assessment(session, actor, None, {
            "year": 2019, "title": "考核", "assessed_on": dt.date(2020, 1, 16), "tasks": TASKS,
            "scores": [{"office_id": ids[0], "score": 93}]})
        assert load_assessment(session, record_id)["ranking"][0]["rating_label"] == "称职"
        set_thresholds(session, actor, 90, 60)
        values = load_assessment(session, record_id)
        save_assessment(session, actor, record_id, dict(values, scores=[{"office_id": ids[0], "score": 94}]))
        assert load_assessment(session, record_id)["ranking"][0]["rating_label"] == "称职"  # the year's rule kept
        assert load_assessment(session, record_id)["thresholds"] == (95, 75)
        with pytest.raises(ValidationError):
            set_thresholds(session, actor, 60, 80)
    assert [rate(score, 90, 60) for score in (90, 89, 60, 59)] == ["excellent", "competent", "competent", "incompetent"]
    assert rank([80, 95, 80, 70]) == [2, 1, 2, 4]


def test_assessment_problems_point_at_grid_cells(database, actor):
    ids = towns(database, actor, 1)
    with database.sessions.begin() as session:
        with pytest.raises(ValidationError) as caught:
            save_assessment(session, actor, None, {
                "year": 2019, "title": "考核", "assessed_on": dt.date(2020, 1, 16),
                "tasks": [{"task": "组织建设", "weight": 40}, {"task": "维权", "weight": 50}],
                "scores": [{"office_id": ids[0], "score": 90}, {"office_id": ids[0], "score": "九十"}]})
    problems = caught.value.problems
    assert problems["tasks"] == "各项任务分值合计应为100分，现为90分"
    assert problems["scores.1.office_id"] == "“北流镇妇联”已在第1行评分"
    assert problems["scores.1.score"] == "得分应为整数"
    assert problems["scores"].startswith("评分第2行：")


def test_editing_scores_keeps_lines_and_marks_removed_ones_deleted(database, actor):
    ids = towns(database, actor, 2)
    values = {"year": 2019, "title": "考核", "assessed_on": dt.date(2020, 1, 16), "tasks": TASKS,
              "scores": [{"office_id": ids[0], "score": 91}, {"office_id": ids[1], "score": 70}]}
    with database.sessions.begin() as session:
        record_id = save_assessment(session, actor, None, values)
        first = session.scalars(select(AssessmentScore).where(AssessmentScore.office_id == ids[0])).one().id
    with database.sessions.begin() as session:
        save_assessment(session, actor, record_id, dict(values, scores=[{"office_id": ids[0], "score": 85}],
                                                        tasks=TASKS[:1] + [{"task": "其他", "weight": 60}]))
    with database.sessions() as session:
        kept = session.get(AssessmentScore, first)
        removed = session.scalars(select(AssessmentScore).where(AssessmentScore.office_id == ids[1])).one()
        assert (kept.score, kept.rating, kept.revision) == (85, "competent", 2)
        assert removed.deleted
        assert session.scalars(select(AssessmentTask).where(AssessmentTask.deleted.is_(True))).all()
        assert load_assessment(session, record_id)["tasks"][1] == {"task": "其他", "weight": 60}


def cadre(**changes):
    values = {"name": "黄秋菊", "id_number": make_id_number("450981", dt.date(1978, 5, 14), 41, SEX_FEMALE),
              "phone": "13977512300", "work_unit": "市教育局", "post": "办公室主任", "pool": "cadre",
              "entered_on": dt.date(2019, 12, 10),
              "recommendations": [{"recommended_on": "2020-05-12", "post": "市教育局副局长", "unit": "市委组织部",
                                   "outcome": "appointed"}]}
    values.update(changes)
    return values


def test_pooled_women_are_people_of_the_register_matched_by_id_number(database, actor):
    with database.sessions.begin() as session:
        first = save_cadre(session, actor, None, cadre())
        second = save_cadre(session, actor, None, cadre(pool="professional", recommendations=[]))
        with pytest.raises(ValidationError) as caught:
            save_cadre(session, actor, None, cadre(recommendations=[]))
    assert caught.value.problems == {"pool": "黄秋菊已在“妇女干部”队伍中"}
    with database.sessions() as session:
        assert session.scalars(select(Person)).all()[0].sex == "F"
        assert len(session.scalars(select(Person)).all()) == 1
        assert load_cadre(session, first)["recommendations"][0]["outcome"] == "appointed"
        assert load_cadre(session, second)["pool"] == "professional"
        rows = CADRES.rows(session, ListQuery(search="hqj"))
    assert [(row["name"], row["phone"], row["recommendations"]) for row in rows] == [
        ("黄*菊", "139****2300", 1), ("黄*菊", "139****2300", 0)]
    assert rows[0]["id_number"].startswith("4509**")


def test_a_bad_recommendation_date_is_reported_on_its_cell(database, actor):
    with database.sessions.begin() as session:
        with pytest.raises(ValidationError) as caught:
            save_cadre(session, actor, None, cadre(recommendations=[{"recommended_on": "5月12日", "post": "副局长"}]))
    assert caught.value.problems["recommendations.0.recommended_on"] == "推荐日期应写成 2020-04-10 的样子"


def test_indicators_cover_their_year(database, actor):
    with database.sessions.begin() as session:
        with pytest.raises(ValidationError) as caught:
            save_indicator(session, actor, None, {"year": 20, "indicator": "", "status": "done"})
        assert caught.value.problems == {"year": "年度不能小于2000", "indicator": "请填写考评指标"}
        save_indicator(session, actor, None, {"year": 2020, "indicator": "信访处理答复率", "target": "100%",
                                              "leader": "覃秀珍", "status": "in_progress"})
        assert office_choices(session)[0] == ("", "本级：北流市妇女联合会")


def test_assessment_lines_are_checked_as_their_kinds_are_declared(database, actor):
    ids = towns(database, actor, 1)
    with database.sessions.begin() as session, pytest.raises(ValidationError) as caught:
        save_assessment(session, actor, None, {
            "year": 2019, "title": "考核", "assessed_on": dt.date(2020, 1, 16),
            "tasks": [{"task": "组" * 201, "weight": 0}],
            "scores": [{"office_id": ids[0], "score": 101, "consequence": "fine", "note": "说明" * 101}, {"score": 80}]})
    problems = caught.value.problems
    assert problems["tasks.0.task"] == "考核任务最多200个字"  # was cut to 200 without a word
    assert problems["tasks.0.weight"] == "分值不能小于1"
    assert problems["scores.0.score"] == "得分不能大于100"
    assert problems["scores.0.consequence"] == "奖惩的取值“fine”无效，可选：奖励、诫勉谈话"
    assert problems["scores.0.note"] == "奖惩说明最多200个字"
    assert problems["scores.1.office_id"] == "请选择镇(街道)妇联"


def test_a_reviewer_cannot_change_the_rating_thresholds_and_a_change_is_audited(database, actor):
    import dataclasses

    from desk.core.errors import PermissionDenied
    from desk.db.listing import ListQuery
    from desk.organisation.settings import thresholds
    from desk.security.model import AuditEntry
    from desk.security.queries import AUDIT

    reviewer = dataclasses.replace(actor, user="reader", roles=frozenset({"reviewer", "export"}))
    administrator = dataclasses.replace(actor, user="boss", roles=frozenset({"admin"}))
    with database.sessions.begin() as session, pytest.raises(PermissionDenied) as caught:
        set_thresholds(session, reviewer, 80, 50)
    assert "不能修改考核评定分数线" in caught.value.message
    with database.sessions.begin() as session:
        assert thresholds(session) == (90, 60)
        assert not session.query(AuditEntry).filter(AuditEntry.kind == "setting").count()
        set_thresholds(session, administrator, 85, 55)
        set_thresholds(session, actor, 88, 55)
    with database.sessions() as session:
        assert thresholds(session) == (88, 55)
        rows = AUDIT.rows(session, ListQuery(filters={"kind": "setting"}), 0, None)
    assert [(row["user"], row["kind_label"], row["record_id"]) for row in rows] == [
        (actor.user, "修改设置", "考核评定分数线"), ("boss", "修改设置", "考核评定分数线")]
    assert rows[0]["detail_text"] == "称职分数线：55 → 55；优秀分数线：85 → 88"
