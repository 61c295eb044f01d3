"""同比: a county office with two years of its own records; the summary and tables compare only where last year has data."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.campaigns.service import save_event
from desk.core.periods import parse_period
from desk.office.scope import office_scope
from desk.petitions.service import save_petition
from desk.reports.compare import change_clause, same_period_last_year
from desk.reports.summary import generated_sentences
from desk.reports.tables import build_tables, months_of, tables_pdf
from tests.desk.reports_helpers import page_count, pdf_text
from tests.desk.test_office_voice import _new_office

COUNTY = {"name": "容县妇女联合会", "code": "450921", "level": "county", "parent_name": "玉林市妇女联合会"}


def test_change_clauses_and_the_same_period_last_year():
    assert change_clause(92, 80, "场") == "，比上年同期增加12场，增长15%"
    assert change_clause(3, 4, "件（次）") == "，比上年同期减少1件（次），下降25%"
    assert change_clause(5, 5, "次") == "，与上年同期持平"
    assert change_clause(5, 0, "次") == ""  # last year had none: nothing is said
    assert same_period_last_year(parse_period("2021H1")) == parse_period("2020H1")
    assert same_period_last_year(parse_period("2020-02-29..2020-03-31")).start == dt.date(2019, 2, 28)
    assert [month.start.month for month in months_of(parse_period("2021H1"))] == [1, 2, 3, 4, 5, 6]


@pytest.fixture
def county(template_dir, tmp_path):
    database, actor = _new_office(template_dir, tmp_path, COUNTY)
    with database.sessions.begin() as session:
        for year, events, petitions in ((2020, 4, 3), (2021, 6, 3)):
            for number in range(events):
                save_event(session, actor, None, {"kind": "meeting", "title": f"{year}年第{number + 1}次妇女工作会议",
                                                  "held_on": dt.date(year, 1 + number, 8), "organiser": "县妇联"})
            for number in range(petitions):
                save_petition(session, actor, None, {
                    "channel": "visit", "received_on": dt.date(year, 2 + number, 3), "anonymous": True,
                    "category": "marriage", "summary": "反映家庭矛盾", "first_receiver": "韦丽", "status": "answered",
                    "reply_on": dt.date(year, 2 + number, 9), "reply": "已答复"})
    yield database
    database.close()


def test_the_summary_compares_with_last_year_only_where_it_has_records(county, reports):
    with county.sessions() as session:
        scope = office_scope(session)
        this_year = "".join(generated_sentences(session, parse_period("2021H1"), scope, "festivals", reports=reports)
                            + generated_sentences(session, parse_period("2021H1"), scope, "rights", reports=reports))
        first_year = "".join(generated_sentences(session, parse_period("2020H1"), scope, "festivals", reports=reports))
    assert "半年来我县妇联共组织开展各类活动6场，比上年同期增加2场，增长50%，其中会议6场。" in this_year
    assert "共受理来信来访3件（次），与上年同期持平，其中来访3件（次）" in this_year
    assert "上年同期" not in first_year and "我县妇联共组织开展各类活动4场，其中会议4场。" in first_year


def test_the_tables_add_last_year_and_the_change_and_a_chart_per_area(county, tmp_path, reports):
    with county.sessions() as session:
        scope = office_scope(session)
        tables = {t.title: t for t in build_tables(session, parse_period("2021H1"), scope, "容县妇女联合会", reports=reports)}
        earlier = {t.title: t for t in build_tables(session, parse_period("2020H1"), scope, "容县妇女联合会", reports=reports)}
    events = tables["妇女活动统计表"]
    assert [row[:2] for row in events.comparison] == [("上年同期", 4), ("同比增减", 2)]
    assert earlier["妇女活动统计表"].comparison == ()
    assert events.chart == ("活动（场）", (("1月", 1), ("2月", 1), ("3月", 1), ("4月", 1), ("5月", 1), ("6月", 1)))
    pdf = tables_pdf(list(tables.values()), "容县妇女联合会", "2021年上半年")
    text = pdf_text(pdf, tmp_path)
    assert "上年同期" in text and "同比增减" in text and "活动（场）" in text and "信访（件次）" in text
    assert page_count(pdf) == len(tables)  # each chart fits on its table's page
