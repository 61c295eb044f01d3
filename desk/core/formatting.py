"""Dates, numbers, money and percentages for display, through Babel in the current language.

One rounding rule for every figure a user reads (screen, summary, tables, home, CLI): half up;
rates with one decimal when they are not whole (95.7%, 100%, 82%); money in 万元 with up to two
decimals from ten thousand yuan up (0.88万元 is 8800元, so: 1.23万元) and in 元 below, as an office
writes it (8500元).  ``rate_value``/``rate_text`` and ``money_text`` are that rule.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

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


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def format_wan_yuan(fen: int | None, fraction_digits: int = 2) -> str:
    """Return an amount in fen as 万元, rounded half up, trailing zeros dropped: 1700000 fen → 1.7万元."""
    if fen is None:
        return ""
    wan = (Decimal(fen) / 1_000_000).quantize(Decimal(1).scaleb(-fraction_digits), rounding=ROUND_HALF_UP)
    return _("{amount}万元").format(amount=_plain(wan))


def format_plain_yuan(fen: int) -> str:
    """Return an amount as an office writes it in 元: 8500元, 8500.5元 (decimals only when there are cents)."""
    return _("{amount}元").format(amount=_plain((Decimal(fen) / 100).quantize(Decimal("0.01"))))


def money_text(fen: int | None) -> str:
    """Return money by the one rule: 万元 with up to two decimals from ten thousand yuan up, else 元."""
    if fen is None:
        return ""
    return format_wan_yuan(fen) if abs(fen) >= 1_000_000 else format_plain_yuan(fen)


def rate_value(numerator: int | float, denominator: int | float) -> Decimal | None:
    """Return numerator/denominator in percent, half up to one decimal (62.5 → 62.5, 95.65 → 95.7); None when undefined."""
    if not denominator:
        return None
    value = Decimal(numerator) * 100 / Decimal(denominator)
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def rate_text(numerator: int | float, denominator: int | float) -> str:
    """Return a rate by the one rule: 95.7%, 100%, 82% (whole rates without a decimal); empty when undefined."""
    value = rate_value(numerator, denominator)
    if value is None:
        return ""
    return _plain(value) + "%" if value != value.to_integral_value() else f"{int(value)}%"


def format_percent(numerator: int | float, denominator: int | float, digits: int = 0) -> str:
    """Return numerator/denominator as a percentage by the one rule (``rate_text``); ``digits`` is kept for callers."""
    return rate_text(numerator, denominator)


def format_wan(value: int, fraction_digits: int = 1) -> str:
    """Return a count in 万 units for Chinese text (240000 → 24万); plain digits in English."""
    if current_language() != "zh_CN":
        return format_count(value)
    wan = (Decimal(value) / 10_000).quantize(Decimal(1).scaleb(-fraction_digits))
    return format(wan.normalize(), "f") + "万"
