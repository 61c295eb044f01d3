"""Chinese number conventions and line breaking, checked against the seed summary's own sentences."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from desk.reports import numbers as n
from desk.reports.linebreak import NO_END, NO_START, break_lines, tokens

SEED = Path("/work/shared/domain/city-federation-2020-h1-summary.txt")


def seed_style(text: str) -> str:
    """Return seed text with the full-width punctuation a printed summary uses."""
    return text.replace(",", "，").replace("(", "（").replace(")", "）")


def test_the_seed_sentences_come_out_of_the_helpers():
    petitions = "半年来我市妇联共接待来访{},其中来信{},来电{},处理答复率{}。".replace(",", "，").format(
        n.cases(79), n.pieces(3), n.cases(21), n.percent(79, 79)
    )
    stipends = "给{}受助“春蕾女童”发放扶持款{}。".format(n.people(70), n.wan_yuan(1_700_000))
    pledges = "签订家庭承诺书有{},占总户数{}的{}".replace(",", "，").format(
        n.households(196_800), n.households(240_000), n.percent(196_800, 240_000)
    )
    expected = [
        "半年来我市妇联共接待来访79件(次),其中来信3件,来电21件(次),处理答复率100%。",
        "给70名受助“春蕾女童”发放扶持款1.7万元。",
        "签订家庭承诺书有196800户,占总户数24万户的82%",
    ]
    assert [petitions, stipends, pledges] == [seed_style(sentence) for sentence in expected]
    if SEED.exists():
        seed = seed_style(SEED.read_text(encoding="utf-8"))
        for sentence in (petitions, stipends, pledges):
            assert sentence in seed


def test_rounded_counts_percentages_and_money():
    assert n.about(228_372) == "228000多"
    assert n.percent(228_000, 240_000) == "95%"
    assert n.percent(1, 0) == ""
    assert n.percent(2, 3) == "66.7%"  # one rule everywhere: one decimal when not whole
    assert n.wan_yuan(1_750_000) == "1.75万元"
    assert n.money(850_000) == "8500元" and n.money(12_345_600) == "12.35万元"


def test_certificate_dates_and_numbers():
    assert n.chinese_date(dt.date(2020, 3, 3)) == "二〇二〇年三月三日"
    assert n.chinese_date(dt.date(2020, 10, 20)) == "二〇二〇年十月二十日"
    assert n.chinese_date(dt.date(2021, 12, 31)) == "二〇二一年十二月三十一日"
    assert n.certificate_number(2020, 1) == "〔2020〕第001号"
    assert n.document_date(dt.date(2020, 7, 10)) == "2020年7月10日"


def _measure(text: str) -> float:
    return sum(0.5 if char.isascii() else 1.0 for char in text)


@pytest.mark.parametrize("width", [6, 9, 13, 17, 28])
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(width):
    text = seed_style(SEED.read_text(encoding="utf-8")) if SEED.exists() else "“春蕾女童”（次），。" * 40
    for paragraph in text.splitlines():
        lines = break_lines(paragraph, width, _measure, first_indent=2)
        assert "".join(lines) == paragraph  # nothing lost or added
        for number, line in enumerate(lines):
            assert line[0] not in NO_START, (width, line)
            assert line[-1] not in NO_END, (width, line)
            limit = width - (2 if number == 0 else 0)
            assert _measure(line) <= limit + 1  # at most one hanging mark


def test_numbers_and_percentages_are_never_split():
    assert tokens("答复率100%。共1.7万元") == ["答", "复", "率", "100%", "。", "共", "1.7", "万", "元"]
    lines = break_lines("处理答复率100%。", 6, _measure)
    assert all("100%" in line or "1" not in line for line in lines)


def test_a_line_that_would_start_with_a_comma_takes_the_character_before_along():
    lines = break_lines("一二三四五，六七", 5, _measure)
    assert lines == ["一二三四", "五，六七"]
    lines = break_lines("一二三四“五六”七", 5, _measure)
    assert lines == ["一二三四", "“五六”七"]
