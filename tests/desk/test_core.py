"""Periods, formatting, ID numbers, phones and masking."""

from __future__ import annotations

import datetime as dt

import pytest

from desk.core.errors import DeskError
from desk.core.formatting import format_date, format_percent, format_wan_yuan, format_yuan, yuan_to_fen
from desk.core.i18n import set_language
from desk.core.masking import mask_id_number, mask_name, mask_phone
from desk.core.people import check_id_agrees, check_id_number, check_phone, make_id_number
from desk.core.periods import parse_period


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2020H1", dt.date(2020, 1, 1), dt.date(2020, 6, 30), "2020年上半年"),
        ("2020h2", dt.date(2020, 7, 1), dt.date(2020, 12, 31), "2020年下半年"),
        ("2020Q3", dt.date(2020, 7, 1), dt.date(2020, 9, 30), "2020年第三季度"),
        ("2020Q1", dt.date(2020, 1, 1), dt.date(2020, 3, 31), "2020年第一季度"),
        ("2020", dt.date(2020, 1, 1), dt.date(2020, 12, 31), "2020年"),
        ("2020-03-01..2020-06-30", dt.date(2020, 3, 1), dt.date(2020, 6, 30), "2020年3月1日至2020年6月30日"),
        ("2020年上半年", dt.date(2020, 1, 1), dt.date(2020, 6, 30), "2020年上半年"),
    ],
)
def test_periods_parse_and_read_back(text, start, end, label):
    period = parse_period(text)
    assert (period.start, period.end, period.label) == (start, end, label)
    assert parse_period(period.code) == period


@pytest.mark.parametrize("text", ["2020H3", "二〇二〇", "2020-06-30..2020-03-01", "2020-02-30..2020-03-01"])
def test_bad_periods_say_what_is_wrong(text):
    with pytest.raises(DeskError) as caught:
        parse_period(text)
    assert text in caught.value.message


def test_english_period_labels():
    set_language("en")
    assert parse_period("2020H1").label == "2020 first half"


def test_dates_money_and_percentages_read_like_the_seed():
    assert format_date(dt.date(2020, 3, 3)) == "2020年3月3日"
    assert format_wan_yuan(1_700_000) == "1.7万元"
    assert format_yuan(1_700_000) == "17,000.00元"
    assert format_percent(228_000, 240_000) == "95%"
    assert format_percent(196_800, 240_000) == "82%"
    assert format_percent(1, 0) == ""
    assert yuan_to_fen("1,700.50") == 170_050
    with pytest.raises(ValueError):
        yuan_to_fen("1.234")


def test_id_numbers_check_digit_birth_and_sex():
    facts = check_id_number("11010519491231002x")
    assert facts.birth_date == dt.date(1949, 12, 31) and facts.sex == "F"
    with pytest.raises(ValueError, match="校验位错误：最后一位应为X，输入的是1"):
        check_id_number("110105194912310021")
    with pytest.raises(ValueError, match="18位"):
        check_id_number("1101051949")
    with pytest.raises(ValueError, match="不存在"):
        check_id_number(make_id_number("450981", dt.date(2010, 1, 1), 1, "F")[:10] + "0230" + "0012")
    problems = check_id_agrees(facts, dt.date(1950, 1, 1), "M")
    assert set(problems) == {"birth_date", "sex"}


def test_generated_id_numbers_are_valid():
    for sequence in range(50):
        sex = "F" if sequence % 2 else "M"
        number = make_id_number("450981", dt.date(2010, 6, 1), sequence, sex)
        assert check_id_number(number).sex == sex


def test_phone_numbers():
    assert check_phone("138 0000 1234") == "13800001234"
    assert check_phone("0775-6512018") == "0775-6512018"
    with pytest.raises(ValueError, match="电话号码格式不对"):
        check_phone("12345")


def test_masking_hides_the_middle():
    assert mask_name("王小花") == "王*花"
    assert mask_name("李明") == "李*"
    assert mask_id_number("450981201005011203") == "4509**********1203"
    assert mask_phone("13800001234") == "138****1234"
