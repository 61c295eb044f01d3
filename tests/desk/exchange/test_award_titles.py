"""Honour titles that travel up in a bundle are matched to the receiving catalogue by name, level and kind."""

from __future__ import annotations

import datetime as dt

from desk.awards.report import award_sentences
from desk.awards.service import save_award, save_title, title_choices
from desk.awards.titles import matching_title, resolve_title
from desk.core.periods import parse_period
from desk.office.scope import office_scope
from tests.desk.exchange.helpers import export, import_into


def _award(office, title_id: str, awardee: str, body: str) -> None:
    with office.begin() as session:
        save_award(session, office.actor, None, {"title_id": title_id, "awardee_name": awardee, "awarding_body": body,
                                                 "awarded_on": dt.date(2020, 3, 5)})


def test_a_title_from_below_is_one_title_and_our_ledger_still_imports(offices, tmp_path):
    city, town, _region = offices
    with town.begin() as session:  # the town records an honour the city gave one of its women
        town_copy = save_title(session, town.actor, None, {"name": "三八红旗手", "awardee_kind": "individual", "level": "city"})
    _award(town, town_copy, "王小花", "北流市妇女联合会")
    import_into(city, export(town, city.code, tmp_path))
    with city.session() as session:
        ours = matching_title(session, "三八红旗手", "city", "individual", own_office=city.code)
        assert ours != town_copy
        offered = [label for _id, label in title_choices(session)]
        assert offered.count("市三八红旗手（个人）") == 1  # no duplicate in the award form
        assert resolve_title(session, "三八红旗手") == ours  # the city's own awards sheet still finds it
        assert resolve_title(session, "市三八红旗手") == ours
    _award(city, ours, "李梅", "中共北流市委、北流市人民政府")
    with city.session() as session:
        sentences = award_sentences(session, parse_period("2020H1"), office_scope(session, tree=True))
    assert sentences == ["王小花、李梅分别荣获市“三八”红旗手光荣称号。"]  # one honour, not two
