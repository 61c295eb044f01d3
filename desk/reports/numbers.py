"""Chinese number conventions of a work summary: 79件(次), 1.7万元, 24万户, 95%, 二〇二〇年三月三日, 〔2020〕第001号."""

from __future__ import annotations

import datetime as dt

from desk.core.formatting import format_plain_yuan, format_wan_yuan, money_text, rate_text
from desk.core.i18n import _, current_language

_DIGITS = "〇一二三四五六七八九"


def cases(count: int) -> str:
    """Return a count of petitions or visits as the seed writes it: 79件(次)."""
    return _("{count}件（次）").format(count=count)


def pieces(count: int) -> str:
    """Return a count of items: 3件."""
    return _("{count}件").format(count=count)


def people(count: int) -> str:
    """Return a count of people: 70名."""
    return _("{count}名").format(count=count)


def person_times(count: int) -> str:
    """Return a count of attendances: 400人次."""
    return _("{count}人次").format(count=count)


def households(count: int) -> str:
    """Return households: whole ten-thousands as 24万户, other counts in digits (196800户)."""
    if count >= 10_000 and count % 10_000 == 0 and current_language() == "zh_CN":
        return _("{count}户").format(count=f"{count // 10_000}万")
    return _("{count}户").format(count=count)


# Money and rates follow the one rounding rule of desk/core/formatting.py (screen, tables, home and CLI use it too).

def wan_yuan(fen: int, fraction_digits: int = 2) -> str:
    """Return an amount in fen as 万元, half up, trailing zeros dropped: 1700000 fen → 1.7万元."""
    return format_wan_yuan(fen, fraction_digits)


def yuan(fen: int) -> str:
    """Return an amount under ten thousand yuan as 8500元 (two decimals only when there are cents)."""
    return format_plain_yuan(fen)


def money(fen: int) -> str:
    """Return an amount the way a summary writes it: 万元 from ten thousand yuan up, else 元."""
    return money_text(fen)


def percent(numerator: int, denominator: int) -> str:
    """Return a rate half up, one decimal when not whole (196800/240000 → 82%, 44/46 → 95.7%); empty when the denominator is 0."""
    return rate_text(numerator, denominator)


def about(count: int) -> str:
    """Return a rounded-down count with 多 as the seed writes approximate figures: 228372 → 228000多."""
    if count < 10:
        return str(count)
    magnitude = 10 ** max(1, len(str(count)) - 3)
    rounded = count // magnitude * magnitude
    return _("{count}多").format(count=rounded) if rounded != count else str(count)


def chinese_year(year: int) -> str:
    """Return a year in Chinese numerals: 2020 → 二〇二〇."""
    return "".join(_DIGITS[int(digit)] for digit in str(year))


def chinese_small(number: int) -> str:
    """Return 1..31 in Chinese numerals: 3 → 三, 10 → 十, 23 → 二十三."""
    if number < 10:
        return _DIGITS[number]
    tens, units = divmod(number, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def chinese_date(day: dt.date) -> str:
    """Return a date written in Chinese numerals, as certificates print it: 二〇二〇年三月三日."""
    return f"{chinese_year(day.year)}年{chinese_small(day.month)}月{chinese_small(day.day)}日"


def document_date(day: dt.date) -> str:
    """Return a date as GB/T 9704-2012 writes the date of a document: 2020年7月10日."""
    return f"{day.year}年{day.month}月{day.day}日"


def certificate_number(year: int, sequence: int) -> str:
    """Return a certificate number: 〔2020〕第001号."""
    return f"〔{year}〕第{sequence:03d}号"
