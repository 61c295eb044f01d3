"""Statistics tables: a title row with office and period, Chinese headers, rows and totals, as XLSX or PDF.

An area contributes a table by adding a builder ``(session, period, scope) -> StatTable`` with
``registry.register_table`` (desk/reports/registry.py); the builder runs SQL aggregates and fills plain numbers.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeGuard

from sqlalchemy.orm import Session

from desk.core.i18n import _
from desk.core.periods import Period
from desk.office.scope import Scope

if TYPE_CHECKING:
    from desk.reports.fonts import FontSet

# openpyxl and ReportLab (with the fonts) load when a table is first written, not when the
# areas register their tables at launch.

Cell = str | int | float | None


@dataclass(frozen=True)
class StatTable:
    """One statistics table: ``rows`` hold labels and plain numbers; ``totals`` is the last row or None."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    totals: tuple[Cell, ...] | None = None
    office: str = ""
    period_label: str = ""
    notes: str = ""
    # 上年同期 and 同比增减 rows when the same period of last year has records (filled by build_tables).
    comparison: tuple[tuple[Cell, ...], ...] = ()
    # The chart of the table's area: (series name, ((month label, value), ...)) (filled by build_tables).
    chart: tuple[str, tuple[tuple[str, int], ...]] | None = None

    def heading(self) -> str:
        """Return the title row: title, office and period."""
        return _("{title}（{office}，{period}）").format(title=self.title, office=self.office, period=self.period_label)

    def body(self) -> list[tuple[Cell, ...]]:
        """Return the data rows, the totals row, then the year-on-year rows."""
        return list(self.rows) + ([self.totals] if self.totals is not None else []) + list(self.comparison)


TableBuilder = Callable[[Session, Period, Scope], StatTable | None]


@dataclass(frozen=True)
class TableEntry:
    """A registered table: key, position and builder."""

    key: str
    order: int
    build: TableBuilder


class TableSource(Protocol):
    """Where the tables come from: the report registry (desk/reports/registry.py), or a test's stand-in."""

    def tables(self) -> list[TableEntry]: ...

    def monthly_series(self) -> list[MonthlySeries]: ...


def build_tables(session: Session, period: Period, scope: Scope, office: str, *, reports: TableSource) -> list[StatTable]:
    """Return every table of ``reports`` that has something to show, stamped with ``office`` and the period.

    A table whose same period of last year has records gets the rows 上年同期 and 同比增减; a table
    whose area added a monthly series (``add_monthly``) gets its chart.
    """
    from desk.reports.compare import same_period_last_year

    result = []
    before = same_period_last_year(period)
    monthly = {series.key: series for series in reports.monthly_series()}
    for entry in reports.tables():
        table = entry.build(session, period, scope)
        if table is None or not table.rows:
            continue
        last = entry.build(session, before, scope)
        comparison = _comparison(table.totals, last.totals if last is not None else None)
        series = monthly.get(entry.key)
        chart = (_(series.title), tuple(monthly_counts(session, period, scope, series.count))) if series else None
        result.append(StatTable(table.title, table.headers, table.rows, table.totals, office, period.label, table.notes,
                                comparison, chart))
    return result


def _numeric(value: Cell) -> TypeGuard[int | float]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _comparison(now: tuple[Cell, ...] | None, last: tuple[Cell, ...] | None) -> tuple[tuple[Cell, ...], ...]:
    if now is None or last is None or not any(_numeric(value) and value for value in last[1:]):
        return ()
    previous = (_("上年同期"), *(value if _numeric(value) else None for value in last[1:]))
    change = (_("同比增减"), *((a - b) if _numeric(a) and _numeric(b) else None for a, b in zip(now[1:], last[1:])))
    return previous, change


# -- monthly series (charts in the tables PDF, the home screen's month-by-month view) -------------

@dataclass(frozen=True)
class MonthlySeries:
    """A count an area can give for any period (events held, petitions received ...), shown month by month."""

    key: str
    order: int
    title: str  # message id
    count: Callable[[Session, Period, Scope], int]
    on_home: bool = True  # also drawn in the home screen's month-by-month view


MAX_MONTHS = 24


def months_of(period: Period) -> list[Period]:
    """Return the calendar months of ``period`` (clipped to it; at most 24)."""
    months: list[Period] = []
    start = period.start
    while start <= period.end and len(months) < MAX_MONTHS:
        following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        months.append(Period(start, min(period.end, following - dt.timedelta(days=1)), "custom"))
        start = following
    return months


def month_label(month: Period) -> str:
    """Return a month as a chart names it: 3月."""
    from babel import dates as babel_dates

    from desk.core.i18n import babel_locale

    return babel_dates.format_date(month.start, "LLL", locale=babel_locale())


def monthly_counts(session: Session, period: Period, scope: Scope,
                   count: Callable[[Session, Period, Scope], int]) -> list[tuple[str, int]]:
    """Return (month label, count) for every month of ``period``."""
    return [(month_label(month), int(count(session, month, scope))) for month in months_of(period)]


def totals_row(label: str, rows: Sequence[Sequence[Cell]]) -> tuple[Cell, ...]:
    """Return a totals row: ``label`` then the sum of every numeric column (blank for text columns)."""
    if not rows:
        return (label,)
    result: list[Cell] = [label]
    for column in range(1, len(rows[0])):
        values = [row[column] for row in rows]
        numeric = [value for value in values if isinstance(value, (int, float))]
        result.append(sum(numeric) if numeric and len(numeric) == len([v for v in values if v is not None]) else None)
    return tuple(result)


def office_rows(
    session: Session, scope: Scope, values: Callable[[Scope], Sequence[Cell]]
) -> tuple[tuple[tuple[Cell, ...], ...], tuple[Cell, ...]]:
    """Return one row per office of ``scope`` (this office first, then the offices below by code) and the totals row.

    ``values(one_office_scope)`` returns the numbers of one office (an area's SQL aggregates).
    A scope of this office alone gives one row.
    """
    from sqlalchemy import select

    from desk.office.model import SubOffice
    from desk.office.service import get_profile

    profile = get_profile(session)
    names = {profile.code: profile.name}
    if scope.tree:
        offices = session.execute(select(SubOffice.code, SubOffice.name).where(SubOffice.deleted.is_(False)))
        names.update({row.code: row.name for row in offices})
    codes = sorted(scope.codes or names, key=lambda code: (code != profile.code, code))
    rows = tuple((names.get(code, code), *values(Scope(frozenset({code}), False))) for code in codes)
    return rows, totals_row(_("合计"), rows)


# -- XLSX --------------------------------------------------------------------------------------

def _cell_text_width(value: Any) -> int:
    text = "" if value is None else str(value)
    return sum(2 if ord(char) > 0x2E80 else 1 for char in text)


def tables_xlsx(tables: Sequence[StatTable]) -> bytes:
    """Return an XLSX workbook with one sheet per table: title row, headers, rows, totals (numbers as numbers)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    used_names: set[str] = set()
    for table in tables:
        name = table.title[:28] or _("统计表")
        while name in used_names:
            name += "_"
        used_names.add(name)
        sheet = book.create_sheet(name)
        columns = max(len(table.headers), 1)
        sheet.append([table.heading()])
        sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=columns)
        sheet.cell(1, 1).font = Font(bold=True, size=14)
        sheet.cell(1, 1).alignment = Alignment(horizontal="center")
        sheet.append(list(table.headers))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
            cell.border = border
        for row in table.body():
            sheet.append(list(row))
            for cell in sheet[sheet.max_row]:
                cell.border = border
        if table.totals is not None:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
        if table.notes:
            sheet.append([table.notes])
        for index in range(columns):
            values = [table.headers[index]] + [row[index] if index < len(row) else None for row in table.body()]
            widest = max(_cell_text_width(value) for value in values)
            sheet.column_dimensions[get_column_letter(index + 1)].width = min(max(widest + 2, 8), 60)
    if not tables:
        sheet = book.create_sheet(_("统计表"))
        sheet.append([_("本期间没有可统计的数据")])
        sheet.column_dimensions["A"].width = 30
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# -- PDF ---------------------------------------------------------------------------------------

def _display(value: Cell) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def column_widths(fonts: FontSet, table: StatTable, size: float, total: float) -> list[float]:
    """Return column widths proportional to each column's widest text, filling ``total`` points."""
    from desk.reports.drawing import text_width

    natural = []
    for index, header in enumerate(table.headers):
        texts = [header] + [_display(row[index]) if index < len(row) else "" for row in table.body()]
        natural.append(max(text_width(fonts, "fangsong", text, size) for text in texts) + size)
    scale = total / sum(natural)
    return [width * scale for width in natural]


def draw_table(canvas: Any, fonts: FontSet, table: StatTable, x: float, top: float, width: float,
               size: float, row_height: float, bottom: float, new_page: Callable[[], float]) -> float:
    """Draw header and rows from ``top`` down (repeating the header on new pages); return the y below the table."""
    widths = column_widths(fonts, table, size, width)
    lines = [(tuple(table.headers), True)] + [(tuple(_display(value) for value in row), False) for row in table.body()]
    y = top
    header = lines[0]
    for number, (cells, is_header) in enumerate(lines):
        if y - row_height < bottom:
            y = new_page()
            if not is_header:
                y = _draw_row(canvas, fonts, header[0], widths, x, y, size, row_height, True)
        is_total = table.totals is not None and number == len(lines) - 1
        y = _draw_row(canvas, fonts, cells, widths, x, y, size, row_height, is_header or is_total)
    return y


def _draw_row(canvas: Any, fonts: FontSet, cells: Sequence[str], widths: Sequence[float], x: float, y: float,
              size: float, row_height: float, strong: bool) -> float:
    from desk.reports.drawing import draw_text, text_width

    role = "hei" if strong else "fangsong"
    left = x
    for index, width in enumerate(widths):
        text = cells[index] if index < len(cells) else ""
        canvas.rect(left, y - row_height, width, row_height, stroke=1, fill=0)
        baseline = y - row_height / 2 - size * 0.35
        if text and (index == 0 or not text.replace(".", "").replace("%", "").lstrip("-").isdigit()):
            draw_text(canvas, fonts, role, text, left + size * 0.4, baseline, size)
        elif text:
            draw_text(canvas, fonts, role, text, left + width - size * 0.4 - text_width(fonts, role, text, size), baseline, size)
        left += width
    return y - row_height


CHART_HEIGHT_MM = 62


def draw_chart(canvas: Any, fonts: FontSet, title: str, points: Sequence[tuple[str, int]], x: float, top: float,
               width: float, height: float | None = None) -> None:
    """Draw a bar chart (ReportLab graphics) of month counts below ``top``: title, bars with values, month names."""
    from reportlab.graphics import renderPDF
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.colors import Color

    from desk.reports.drawing import MM, draw_centred, draw_text

    height = height or CHART_HEIGHT_MM * MM
    values = [value for _label, value in points]
    highest = max(values + [1])
    step = max(1, math.ceil(highest / 5))
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 28, 18
    chart.width, chart.height = width - 40, height - 44
    chart.data = [values]
    chart.bars[0].fillColor = Color(0.62, 0.12, 0.12)
    chart.bars[0].strokeColor = None
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = step * math.ceil(highest / step)
    chart.valueAxis.valueStep = step
    digits = fonts.roles["fangsong"].name  # the axis and bar values are digits, which every face has
    chart.valueAxis.labels.fontName = digits
    chart.valueAxis.labels.fontSize = 9
    chart.categoryAxis.categoryNames = ["" for _point in points]  # month names are drawn below with font fallback
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = digits
    chart.barLabels.fontSize = 9
    chart.barLabels.nudge = 7
    drawing.add(chart)
    renderPDF.draw(drawing, canvas, x, top - height)
    draw_text(canvas, fonts, "hei", title, x + chart.x, top - 12, 11)
    slot = chart.width / max(len(points), 1)
    for number, (label, _value) in enumerate(points):
        draw_centred(canvas, fonts, "fangsong", label, x + chart.x + slot * (number + 0.5), top - height + 5, 9)


def tables_pdf(tables: Sequence[StatTable], office: str, period_label: str, fonts: FontSet | None = None) -> bytes:
    """Return a PDF (landscape A4) with every table, each starting on a new page."""
    from reportlab.lib.pagesizes import A4, landscape

    from desk.reports.drawing import MM, draw_centred, draw_text, new_canvas
    from desk.reports.fonts import default_fonts

    fonts = fonts or default_fonts()
    for table in tables:
        text = table.heading() + "".join(table.headers) + "".join(_display(v) for row in table.body() for v in row)
        if table.chart is not None:
            text += table.chart[0] + "".join(label for label, _value in table.chart[1])
        fonts.check(text, table.title)
    page_width, page_height = landscape(A4)
    margin = 20 * MM
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, fonts, (page_width, page_height), _("统计报表"), office)
    size = 11.0
    row_height = 8 * MM
    if not tables:
        draw_centred(canvas, fonts, "song_bold", _("{period}没有可统计的数据").format(period=period_label),
                     page_width / 2, page_height - margin - 20, 18)
    for number, table in enumerate(tables):
        if number:
            canvas.showPage()
        draw_centred(canvas, fonts, "song_bold", table.heading(), page_width / 2, page_height - margin - 18, 18)

        def new_page() -> float:
            canvas.showPage()
            return float(page_height - margin)

        bottom = draw_table(canvas, fonts, table, margin, page_height - margin - 36, page_width - 2 * margin,
                            size, row_height, margin, new_page)
        if table.notes:
            draw_text(canvas, fonts, "fangsong", table.notes, margin, bottom - 16, size)
            bottom -= 20
        if table.chart is not None and any(value for _label, value in table.chart[1]):
            top = bottom - 12
            if top - CHART_HEIGHT_MM * MM < margin:
                top = new_page()
            draw_chart(canvas, fonts, table.chart[0], table.chart[1], margin, top, min(page_width - 2 * margin, 200 * MM))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
