"""One rounding rule: the same figure reads the same on the screen, in the summary, the tables, the home screen and the CLI."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.cli import main
from desk.core.formatting import money_text, rate_text
from desk.core.periods import parse_period
from desk.office.scope import office_scope
from desk.petitions.service import save_petition
from desk.relief.visits import save_visit
from desk.reports.summary import generated_sentences
from desk.reports.tables import build_tables
from ui.petitions.screen import make_screen
from ui.relief.specs import visit_summary

H1 = parse_period("2020H1")
CASH_FEN = 1_225_000  # 12,250元: 1.225万元, half up 1.23 (half-even would say 1.22)


@pytest.mark.parametrize("numerator, denominator, text", [
    (44, 46, "95.7%"), (61, 70, "87.1%"), (73, 90, "81.1%"), (46, 46, "100%"), (196_800, 240_000, "82%"),
    (5, 8, "62.5%"), (1, 3, "33.3%"), (2, 3, "66.7%"), (1, 0, ""),
])
def test_rates_are_half_up_with_one_decimal_unless_whole(numerator, denominator, text):
    assert rate_text(numerator, denominator) == text


@pytest.mark.parametrize("fen, text", [
    (880_000, "8800元"), (850_050, "8500.5元"), (1_000_000, "1万元"), (1_225_000, "1.23万元"), (1_224_900, "1.22万元"),
    (1_700_000, "1.7万元"), (8_800_000, "8.8万元"),
])
def test_money_is_wan_yuan_with_up_to_two_decimals_or_yuan_below_ten_thousand(fen, text):
    assert money_text(fen) == text


@pytest.fixture
def figures(context):
    """46 petitions (29 visits, 5 letters, 12 calls), 44 answered, 2 still open; one visit with 12,250元 cash."""
    channels = ["visit"] * 29 + ["letter"] * 5 + ["call"] * 12
    with context.sessions.begin() as session:
        for number, channel in enumerate(channels):
            answered = number >= 2
            day = dt.date(2020, 1, 6) + dt.timedelta(days=number * 3)
            day += dt.timedelta(days=1) if day.day == 15 else dt.timedelta(0)  # the 15th needs a receiving leader
            save_petition(session, context.actor, None, {
                "channel": channel, "received_on": day, "anonymous": True,
                "category": "marriage", "summary": "反映家庭矛盾", "first_receiver": "韦丽",
                "status": "answered" if answered else "received",
                **({"reply_on": dt.date(2020, 6, 28), "reply": "已答复"} if answered else {})})
        save_visit(session, context.actor, None, {
            "visit_date": dt.date(2020, 5, 30), "occasion": "children_day", "title": "六一慰问", "cash_fen": CASH_FEN,
            "groups": [{"group": "left_behind", "count": 30}]})
    return context


def test_the_same_figure_is_identical_everywhere(qtbot, figures, capsys, reports):
    context = figures
    screen = make_screen(context, clock=lambda: dt.date(2020, 7, 1))
    qtbot.addWidget(screen)
    screen.refresh()
    assert "处理答复率 95.7%" in screen.stats_label.text()
    assert "（1.23万元）" in visit_summary({"cash_fen": CASH_FEN, "goods": [], "groups": []})
    with context.sessions() as session:
        scope = office_scope(session)
        rights = "".join(generated_sentences(session, H1, scope, "rights", reports=reports))
        relief = "".join(generated_sentences(session, H1, scope, "relief", reports=reports))
        tables = {table.title: table for table in build_tables(session, H1, scope, "北流市妇女联合会", reports=reports)}
        home = {group.key: dict((f.label, f.value) for f in group.figures(session, H1, scope)) for group in reports.figure_groups()}
    assert ("半年来我市妇联共受理来信来访46件（次），其中来访29件（次）、来信5件、来电12件（次），处理答复率95.7%，"
            "有2件已超过办理期限仍未办结。") in rights
    assert "送去慰问品和慰问金共1.23万元" in relief
    petitions = tables["妇女信访统计表"]
    assert petitions.totals[petitions.headers.index("处理答复率")] == "95.7%"
    assert home["petitions"]["处理答复率"] == "95.7%"
    assert home["relief"]["慰问活动"] == "1次，1.23万元"
    assert main(["--db", str(context.database.path), "petition-stats", "--period", "2020H1", "--today", "2020-07-01"]) == 0
    assert "处理答复率95.7%" in capsys.readouterr().out
