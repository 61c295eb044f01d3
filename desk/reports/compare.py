"""Year-on-year comparison (同比): the same period of the previous year, and how the summary says the change.

Where the same period of the previous year has records, a sentence adds 比上年同期增加12场，增长15%;
where it has none, nothing is said.  The statistics tables add the rows 上年同期 and 同比增减
(desk/reports/tables.py).
"""

from __future__ import annotations

import datetime as dt

from desk.core.formatting import rate_text
from desk.core.i18n import _
from desk.core.periods import Period


def _year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def same_period_last_year(period: Period) -> Period:
    """Return the same period one year earlier (2021H1 → 2020H1; 29 February becomes the 28th)."""
    return Period(_year_before(period.start), _year_before(period.end), period.kind)


def change_clause(current: int, previous: int, unit: str) -> str:
    """Return the change against last year as a clause: ，比上年同期增加12场，增长15%; empty when last year had none."""
    if previous <= 0:
        return ""
    difference = current - previous
    if difference == 0:
        return _("，与上年同期持平")
    rate = rate_text(abs(difference), previous)
    if difference > 0:
        return _("，比上年同期增加{count}{unit}，增长{rate}").format(count=difference, unit=unit, rate=rate)
    return _("，比上年同期减少{count}{unit}，下降{rate}").format(count=-difference, unit=unit, rate=rate)
