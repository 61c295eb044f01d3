"""Organisation statistics: the seed's figures from the demo, and a small hand-made case with scope and dissolution."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from desk.cli import main
from desk.core.periods import parse_period
from desk.db.records import Actor
from desk.demo import create_demo
from desk.office.scope import Scope, office_scope
from desk.office.service import save_sub_office
from desk.organisation.assessment import save_assessment
from desk.organisation.service import save_org
from desk.organisation.stats import (
    AssessmentStats,
    assessment_stats,
    cadre_stats,
    indicator_stats,
    organisation_stats,
)

H1 = parse_period("2020H1")


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    create_demo(path).close()
    return path


def test_the_demo_reproduces_the_seed_figures(demo_path):
    from desk.db.database import open_database

    database = open_database(demo_path)
    with database.sessions() as session:
        scope = office_scope(session, tree=True)
        orgs = organisation_stats(session, H1, scope)
        ratings = assessment_stats(session, H1, scope)
        pools = cadre_stats(session, H1, scope)
        indicators = indicator_stats(session, H1, scope)
    database.close()
    # 妇委会 set up in the education and archives bureaus in 2020H1.
    assert orgs.new_committees == 2
    assert orgs.new_total == 4 and orgs.women_homes == 3 and orgs.agencies == 2
    assert (orgs.units_registered, orgs.units_with_committee) == (9, 8)
    assert ratings == AssessmentStats(assessments=1, offices_rated=7, excellent=2, competent=4, incompetent=1,
                                      rewarded=2, warning_talks=1)
    assert (pools.cadres, pools.professionals, pools.capable_women, pools.entrepreneurs) == (1, 1, 1, 1)
    assert (pools.recommended, pools.appointed) == (2, 1)
    assert (indicators.indicators, indicators.done, indicators.in_progress) == (7, 4, 3)


def test_the_cli_lists_the_demo_as_json(demo_path, capsys):
    assert main(["--db", str(demo_path), "list", "organisations", "--period", "2020H1", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {row["name"] for row in rows} >= {"市教育局妇委会", "市档案局妇委会"}
    assert main(["--db", str(demo_path), "list", "assessments", "--json"]) == 0
    row = json.loads(capsys.readouterr().out)
    assert (row["excellent"], row["competent"], row["incompetent"]) == (2, 4, 1)
    assert main(["--db", str(demo_path), "list", "cadres", "--json"]) == 0
    assert all("*" in json.loads(line)["name"] for line in capsys.readouterr().out.splitlines())
    assert main(["--db", str(demo_path), "list", "indicators", "--period", "2020", "--json"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 7


def test_a_hand_made_case_counts_dissolution_periods_and_scope(database, actor):
    other = Actor(user="clerk", office_code="450981101", roles=frozenset({"clerk"}))
    with database.sessions.begin() as session:
        town = save_sub_office(session, actor, None, {"name": "塘岸镇妇联", "code": "450981101", "level": "town"})
        base = {"org_type": "committee", "host_kind": "agency", "credit_code": "", "status": "active", "office_id": ""}
        save_org(session, actor, None, dict(base, name="甲局妇委会", host_unit="甲局", set_up_on=dt.date(2019, 3, 1)))
        save_org(session, actor, None, dict(base, name="乙局妇委会", host_unit="乙局", set_up_on=dt.date(2020, 2, 1)))
        save_org(session, actor, None, dict(base, name="丙局妇委会", host_unit="丙局", set_up_on=dt.date(2018, 1, 1),
                                           status="dissolved", dissolved_on=dt.date(2020, 3, 1)))
        save_org(session, actor, None, dict(base, name="丁局", host_unit="丁局", set_up_on=None, status="none"))
        save_org(session, other, None, dict(base, name="独竹村妇女之家", org_type="home", host_unit="独竹村",
                                           host_kind="village", set_up_on=dt.date(2020, 5, 1)))
        save_assessment(session, actor, None, {
            "year": 2019, "title": "考核", "assessed_on": dt.date(2019, 12, 30),
            "tasks": [{"task": "全部", "weight": 100}], "scores": [{"office_id": town, "score": 95}]})
    with database.sessions() as session:
        alone = organisation_stats(session, H1, office_scope(session))
        tree = organisation_stats(session, H1, office_scope(session, tree=True))
        before = organisation_stats(session, parse_period("2019"), Scope(None, True))
        ratings = assessment_stats(session, H1, Scope(None, True))
    assert (alone.total, alone.committees, alone.new_total, alone.units_registered, alone.units_with_committee) == (
        2, 2, 1, 4, 2)
    assert (tree.total, tree.women_homes, tree.villages, tree.new_total) == (3, 1, 1, 2)
    assert (before.total, before.committees, before.new_total) == (2, 2, 1)  # 丙局 still stood at the end of 2019
    assert ratings.assessments == 0 and ratings.excellent == 0  # assessed in 2019, outside 2020H1


def test_the_rating_thresholds_command(demo_path, capsys):
    assert main(["--db", str(demo_path), "rating-thresholds"]) == 0
    assert capsys.readouterr().out.strip() == "优秀：90分及以上；称职：60分及以上；其余为不称职"
    assert main(["--db", str(demo_path), "rating-thresholds", "--excellent", "60", "--competent", "80"]) == 1
    assert "0 ≤ 称职分数线 < 优秀分数线 ≤ 100" in capsys.readouterr().err
    assert main(["--db", str(demo_path), "rating-thresholds", "--excellent", "85"]) == 0
    assert capsys.readouterr().out.startswith("优秀：85分及以上；称职：60分")
