"""Every office level prints in its own voice: a county, a town, a street and a county-level city built from scratch."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import select

from desk.awards.model import HonourTitle
from desk.awards.service import save_award
from desk.awards.titles import TitleContext, bare_name, honour_name, title_prefix
from desk.campaigns.households import save_household_campaign
from desk.campaigns.service import save_event
from desk.core.periods import parse_period
from desk.db.database import open_database
from desk.office.scope import office_scope
from desk.office.service import actor_for, get_profile, init_office
from desk.office.voice import OfficeVoice, derive_voice, office_voice, save_voice
from desk.petitions.service import save_petition
from desk.relief.visits import save_visit
from desk.reports.certificates import render_certificates
from desk.reports.register import awards_for
from desk.reports.registry import build_report_registry
from desk.reports.summary import render_summary
from tests.desk.reports_helpers import pdf_text

H1 = parse_period("2021H1")
WRONG_FOR_NON_CITIES = ("我市", "全市", "市妇联", "市“三八”")


@pytest.mark.parametrize("name, level, forms", [
    ("北流市妇女联合会", "city", ("我市", "全市", "市妇联", "市")),
    ("容县妇女联合会", "county", ("我县", "全县", "县妇联", "县")),
    ("兴宁区妇女联合会", "county", ("我区", "全区", "区妇联", "区")),
    ("达拉特旗妇女联合会", "county", ("我旗", "全旗", "旗妇联", "旗")),
    ("塘岸镇妇女联合会", "town", ("我镇", "全镇", "镇妇联", "镇")),
    ("城南街道妇女工作委员会", "town", ("本街道", "全街道", "街道妇联", "街道")),
    ("六靖乡妇联", "town", ("我乡", "全乡", "乡妇联", "乡")),
    ("广西壮族自治区妇女联合会", "region", ("我区", "全区", "区妇联", "自治区")),
    ("本会", "county", ("我县", "全县", "县妇联", "县")),  # no place word: the level decides
])
def test_the_voice_comes_from_the_name_and_level(name, level, forms):
    assert derive_voice(name, level) == OfficeVoice(*forms)


def test_title_prefixes_come_from_the_awarding_office_and_never_double():
    county = TitleContext("city", derive_voice("容县妇女联合会", "county"))
    beiliu = TitleContext("city", derive_voice("北流市妇女联合会", "city"))
    assert bare_name("市三八红旗手") == "三八红旗手" and bare_name("市级文明家庭") == "市级文明家庭"
    assert honour_name("市三八红旗手", "city", "容县妇女联合会", county) == "县“三八”红旗手"
    assert honour_name("三八红旗集体", "city", "中共北流市委、北流市人民政府", beiliu) == "市“三八”红旗集体"
    assert title_prefix("region", "广西壮族自治区妇女儿童工作委员会", county) == "自治区"
    assert title_prefix("prefecture", "玉林市妇女联合会", beiliu) == "玉林市"  # not the bare 市 of Beiliu itself
    assert title_prefix("prefecture", "玉林市妇女联合会", county) == "市"
    assert title_prefix("national", "全国妇联", county) == "全国"


def _new_office(template_dir, tmp_path, office: dict):
    path = tmp_path / f"{office['code']}.db"
    shutil.copyfile(template_dir / "empty.db", path)
    database = open_database(path)
    with database.sessions.begin() as session:
        init_office(session, office, "admin", "secret-pw")
    with database.sessions() as session:
        actor = actor_for(session, "admin")
    return database, actor


def _own_title(session, name: str) -> str:
    return session.scalars(select(HonourTitle.id).where(HonourTitle.name == name, HonourTitle.deleted.is_(False))).one()


def _seed(database, actor, place: str, body: str) -> None:
    """A half year of an office's own work, written for these tests (not the demo)."""
    with database.sessions.begin() as session:
        save_event(session, actor, None, {
            "kind": "festival", "title": f"{place}庆祝“三八”节文艺汇演", "held_on": dt.date(2021, 3, 6),
            "time_of_day": "morning", "place": f"{place}文化广场", "organiser": body,
            "participants": 320, "participant_unit": "person", "participants_more_than": True})
        save_event(session, actor, None, {
            "kind": "meeting", "title": f"{place}妇女工作会议", "held_on": dt.date(2021, 4, 12), "organiser": body})
        save_household_campaign(session, actor, None, {
            "name": "“平安家庭”创建活动", "office_name": body, "start_on": dt.date(2021, 1, 1),
            "end_on": dt.date(2021, 6, 30), "households_taking_part": 6230, "households_pledged": 5100,
            "households_total": 7000})
        for number, channel in enumerate(("visit", "visit", "letter", "call")):
            save_petition(session, actor, None, {
                "channel": channel, "received_on": dt.date(2021, 2, 3 + number), "anonymous": True,
                "category": "marriage", "summary": "反映家庭矛盾", "first_receiver": "韦丽",
                "status": "answered", "reply_on": dt.date(2021, 2, 10 + number), "reply": "已答复"})
        save_visit(session, actor, None, {
            "visit_date": dt.date(2021, 5, 30), "occasion": "children_day", "title": "六一慰问留守儿童",
            "places": f"{place}中心小学", "cash_fen": 880_000, "groups": [{"group": "left_behind", "count": 30}]})
        red_flag = _own_title(session, "三八红旗集体")
        for awardee in ("第一小学", "卫生院"):
            save_award(session, actor, None, {"title_id": red_flag, "awardee_name": awardee, "awarding_body": body,
                                              "awarded_on": dt.date(2021, 3, 5)})


def _printed(database, tmp_path) -> tuple[str, str]:
    reports = build_report_registry()
    with database.sessions() as session:
        office = get_profile(session).name
        summary = render_summary(session, H1, office_scope(session), office, dt.date(2021, 7, 8), reports=reports)
        items = awards_for(session, H1, reports=reports)
        certificates = render_certificates(items)
    return pdf_text(summary, tmp_path).replace("\n", "").replace(" ", ""), pdf_text(certificates, tmp_path).replace(" ", "")


@pytest.mark.parametrize("office, place, good", [
    ({"name": "容县妇女联合会", "code": "450921", "level": "county", "parent_name": "玉林市妇女联合会"},
     "容县", ("我县妇联共组织开展各类活动2场", "全县参加", "我县妇联共受理来信来访4件（次）", "县“三八”红旗集体")),
    ({"name": "塘岸镇妇女联合会", "code": "450981101", "level": "town", "parent_name": "北流市妇女联合会"},
     "塘岸镇", ("我镇妇联共组织开展各类活动2场", "全镇参加", "我镇妇联共组织开展慰问活动1次", "镇“三八”红旗集体")),
    ({"name": "城南街道妇女联合会", "code": "450981001", "level": "town", "parent_name": "北流市妇女联合会"},
     "城南街道", ("本街道妇联共组织开展各类活动2场", "全街道参加", "街道“三八”红旗集体")),
])
def test_a_county_town_and_street_print_in_their_own_voice(template_dir, tmp_path, office, place, good):
    database, actor = _new_office(template_dir, tmp_path, office)
    _seed(database, actor, place, office["name"])
    summary, certificates = _printed(database, tmp_path)
    database.close()
    for text in good:
        assert text in summary
    assert "荣获" + good[-1] + "光荣称号" in certificates.replace("\n", "")
    for wrong in WRONG_FOR_NON_CITIES:
        assert wrong not in summary, wrong
        assert wrong not in certificates, wrong


def test_a_county_level_city_prints_as_a_city(template_dir, tmp_path):
    office = {"name": "北流市妇女联合会", "code": "450981", "level": "city", "parent_name": "玉林市妇女联合会"}
    database, actor = _new_office(template_dir, tmp_path, office)
    _seed(database, actor, "北流市", office["name"])
    summary, certificates = _printed(database, tmp_path)
    database.close()
    for text in ("我市妇联共组织开展各类活动2场", "全市参加", "市“三八”红旗集体"):
        assert text in summary
    assert "荣获市“三八”红旗集体光荣称号" in certificates.replace("\n", "")
    assert "我县" not in summary and "县“三八”" not in certificates


def test_the_administrator_corrects_the_voice(template_dir, tmp_path):
    office = {"name": "城南街道妇女联合会", "code": "450981001", "level": "town", "parent_name": "北流市妇女联合会"}
    database, actor = _new_office(template_dir, tmp_path, office)
    with database.sessions.begin() as session:
        assert office_voice(session).self_name == "本街道"
        save_voice(session, actor, {"self_name": "我街道", "whole": "", "federation": "", "prefix": ""})
    _seed(database, actor, "城南街道", office["name"])
    summary, _certificates = _printed(database, tmp_path)
    with database.sessions() as session:
        voice = office_voice(session)
    database.close()
    assert voice == OfficeVoice("我街道", "全街道", "街道妇联", "街道")
    assert "我街道妇联共组织开展各类活动2场" in summary and "本街道" not in summary
