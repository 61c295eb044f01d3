"""Reporting periods (上半年/下半年, quarters, years, custom ranges), computed, never stored as text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from desk.core.errors import DeskError
from desk.core.i18n import _, pgettext


@dataclass(frozen=True)
class Period:
    """A closed date range with the kind it was made from; ``code`` round-trips through parse_period."""

    start: dt.date
    end: dt.date
    kind: str  # "half", "quarter", "year", "custom"

    @property
    def code(self) -> str:
        """Return the short text form: 2020H1, 2020Q3, 2020 or 2020-03-01..2020-06-30."""
        if self.kind == "half":
            return f"{self.start.year}H{1 if self.start.month == 1 else 2}"
        if self.kind == "quarter":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        if self.kind == "year":
            return str(self.start.year)
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def label(self) -> str:
        """Return the period as a user reads it: 2020年上半年, 2020年第三季度, 2020年."""
        year = self.start.year
        if self.kind == "half":
            if self.start.month == 1:
                return _("{year}年上半年").format(year=year)
            return _("{year}年下半年").format(year=year)
        if self.kind == "quarter":
            quarter = (self.start.month - 1) // 3 + 1
            names = {1: _("第一季度"), 2: _("第二季度"), 3: _("第三季度"), 4: _("第四季度")}
            return _("{year}年{quarter}").format(year=year, quarter=names[quarter])
        if self.kind == "year":
            return _("{year}年").format(year=year)
        from desk.core.formatting import format_date

        return _("{start}至{end}").format(start=format_date(self.start), end=format_date(self.end))

    @property
    def span_word(self) -> str:
        """Return the word a summary uses for the period's length: 半年来, 一季度来, 一年来, 期间."""
        return {"half": _("半年来"), "quarter": _("本季度"), "year": _("一年来")}.get(self.kind, pgettext("sentence opener", "期间"))

    def contains(self, day: dt.date) -> bool:
        """Return whether ``day`` falls inside the period."""
        return self.start <= day <= self.end


def half_year(year: int, half: int) -> Period:
    """Return the first (1) or second (2) half of ``year``."""
    if half == 1:
        return Period(dt.date(year, 1, 1), dt.date(year, 6, 30), "half")
    return Period(dt.date(year, 7, 1), dt.date(year, 12, 31), "half")


def quarter(year: int, number: int) -> Period:
    """Return quarter ``number`` (1-4) of ``year``."""
    start = dt.date(year, 3 * (number - 1) + 1, 1)
    end_month = 3 * number
    end = (dt.date(year + 1, 1, 1) if end_month == 12 else dt.date(year, end_month + 1, 1)) - dt.timedelta(days=1)
    return Period(start, end, "quarter")


def year_period(year: int) -> Period:
    """Return the whole calendar year."""
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), "year")


def current_half_year(today: dt.date | None = None) -> Period:
    """Return the half year containing ``today``."""
    today = today or dt.date.today()
    return half_year(today.year, 1 if today.month <= 6 else 2)


_HALF = re.compile(r"^(\d{4})\s*[Hh]([12])$")
_QUARTER = re.compile(r"^(\d{4})\s*[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{1,2}-\d{1,2})\s*\.\.\s*(\d{4}-\d{1,2}-\d{1,2})$")
_ZH_HALF = re.compile(r"^(\d{4})年?(上|下)半年$")


def parse_period(text: str) -> Period:
    """Parse 2020H1, 2020Q3, 2020, 2020-03-01..2020-06-30 or 2020年上半年; raise DeskError if invalid."""
    value = text.strip()
    if match := _HALF.match(value):
        return half_year(int(match[1]), int(match[2]))
    if match := _ZH_HALF.match(value):
        return half_year(int(match[1]), 1 if match[2] == "上" else 2)
    if match := _QUARTER.match(value):
        return quarter(int(match[1]), int(match[2]))
    if match := _YEAR.match(value):
        return year_period(int(match[1]))
    if match := _RANGE.match(value):
        try:
            start = dt.date.fromisoformat(_pad(match[1]))
            end = dt.date.fromisoformat(_pad(match[2]))
        except ValueError:
            raise DeskError(_("期间“{text}”中的日期不存在").format(text=text)) from None
        if end < start:
            raise DeskError(_("期间“{text}”的结束日期早于开始日期").format(text=text))
        return Period(start, end, "custom")
    raise DeskError(
        _("无法识别期间“{text}”，请写成 2020H1、2020Q3、2020 或 2020-03-01..2020-06-30").format(text=text)
    )


def _pad(day: str) -> str:
    year, month, dom = day.split("-")
    return f"{year}-{int(month):02d}-{int(dom):02d}"
