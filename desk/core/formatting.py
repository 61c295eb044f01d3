"""Dates, numbers, money and percentages for display, through Babel in the current language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers

from desk.core.i18n import _, babel_locale, current_language


def format_date(value: dt.date | None) -> str:
    """Return a date as the user reads it: 2020年3月3日 (Chinese) or 3 March 2020."""
    if value is None:
        return ""
    return babel_dates.format_date(value, format="long", locale=babel_locale())


def format_datetime(value: dt.datetime | None) -> str:
    """Return a date and time for lists and logs shown to the user."""
    if value is None:
        return ""
    return babel_dates.format_datetime(value, format="yyyy-MM-dd HH:mm", locale=babel_locale())


def format_count(value: int | None) -> str:
    """Return an integer with the locale's digit grouping (228,000)."""
    if value is None:
        return ""
    return babel_numbers.format_decimal(value, locale=babel_locale())


def fen_to_yuan(fen: int) -> Decimal:
    """Return an integer amount in fen (分) as yuan."""
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def yuan_to_fen(text: str | float | Decimal) -> int:
    """Parse an amount in yuan ("1,700.5", "17000") into integer fen; raise ValueError if invalid."""
    cleaned = str(text).replace(",", "").replace("，", "").replace("元", "").strip()
    if not cleaned:
        raise ValueError("empty amount")
    amount = Decimal(cleaned)
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ValueError("more than two decimals")
    return int(amount * 100)


def format_yuan(fen: int | None) -> str:
    """Return an amount in fen as yuan: 17,000.00元 (Chinese) or ¥17,000.00."""
    if fen is None:
        return ""
    amount = babel_numbers.format_decimal(fen_to_yuan(fen), format="#,##0.00", locale=babel_locale())
    return _("{amount}元").format(amount=amount)


def format_wan_yuan(fen: int | None, fraction_digits: int = 2) -> str:
    """Return an amount in fen as 万元 with trailing zeros dropped: 1700000 fen → 1.7万元."""
    if fen is None:
        return ""
    wan = (Decimal(fen) / 1_000_000).quantize(Decimal(1).scaleb(-fraction_digits))
    text = format(wan.normalize(), "f")
    return _("{amount}万元").format(amount=text)


def format_percent(numerator: int | float, denominator: int | float, digits: int = 0) -> str:
    """Return numerator/denominator as a percentage (95%); an empty string when undefined."""
    if not denominator:
        return ""
    ratio = Decimal(numerator) / Decimal(denominator)
    pattern = "#,##0%" if digits == 0 else "#,##0." + "0" * digits + "%"
    return babel_numbers.format_percent(ratio, format=pattern, locale=babel_locale())


def format_wan(value: int, fraction_digits: int = 1) -> str:
    """Return a count in 万 units for Chinese text (240000 → 24万); plain digits in English."""
    if current_language() != "zh_CN":
        return format_count(value)
    wan = (Decimal(value) / 10_000).quantize(Decimal(1).scaleb(-fraction_digits))
    return format(wan.normalize(), "f") + "万"
