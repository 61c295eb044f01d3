"""Honour certificates: one page per awardee, landscape or portrait, on plain or pre-printed paper.

``render_certificates(items, options)`` only draws; the register (``certificate_register``)
decides numbers and keeps the printed text so that a reprint is identical.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from reportlab.lib.colors import Color
from reportlab.lib.pagesizes import A4, landscape

from desk.core.i18n import _
from desk.reports.drawing import MM, PageText, draw_centred, draw_right, draw_text, new_canvas, text_width
from desk.reports.fonts import FontSet, default_fonts
from desk.reports.linebreak import break_lines
from desk.reports.numbers import chinese_date

RED = Color(0.75, 0.08, 0.08)
GOLD = Color(0.72, 0.55, 0.18)
GUIDE = Color(0.6, 0.6, 0.6)


@dataclass(frozen=True)
class CertificateItem:
    """One certificate to print; ``text`` (the body sentence) is filled from the register or ``body_text``."""

    awardee: str
    honour: str
    awarding_body: str
    day: dt.date
    number: str = ""
    collective: bool = False
    award_id: str | None = None
    text: str = ""

    def salutation(self) -> str:
        """Return the first line: 市人民医院： or 王小花同志：."""
        if self.collective:
            return _("{awardee}：").format(awardee=self.awardee)
        return _("{awardee}同志：").format(awardee=self.awardee)

    def record_label(self) -> str:
        """Return how the record is named in messages."""
        return _("{number} {awardee}（{honour}）").format(number=self.number, awardee=self.awardee, honour=self.honour).strip()


def body_text(item: CertificateItem) -> str:
    """Return the certificate's sentence for an award: 荣获“三八”红旗集体光荣称号。特发此证，以资鼓励。"""
    return _("在{year}年度工作中成绩突出，荣获{honour}光荣称号。特发此证，以资鼓励。").format(
        year=item.day.year, honour=item.honour
    )


@dataclass(frozen=True)
class CertificateOptions:
    """How to print: orientation, pre-printed paper (no frame or title) and offsets in millimetres."""

    orientation: str = "landscape"  # or "portrait"
    preprinted: bool = False
    offset_x_mm: float = 0.0  # positive moves the text right
    offset_y_mm: float = 0.0  # positive moves the text down
    title: str = ""  # empty: 荣誉证书
    seal_guide: bool = False  # draw a dashed circle where the seal goes
    preview: bool = False  # a preview: unnumbered certificates say they are samples


@dataclass(frozen=True)
class _Geometry:
    width: float
    height: float
    title_y: float
    text_left: float
    text_right: float
    salutation_y: float
    signature_right: float
    signature_y: float
    number_y: float
    title_size: float
    body_size: float
    pitch: float


def geometry(options: CertificateOptions) -> _Geometry:
    """Return where each part of a certificate sits for ``options`` (offsets applied)."""
    if options.orientation == "portrait":
        width, height = A4
        g = _Geometry(width, height, height - 70 * MM, 30 * MM, width - 30 * MM, height - 110 * MM,
                      width - 35 * MM, 75 * MM, 28 * MM, 52, 20, 14 * MM)
    else:
        width, height = landscape(A4)
        g = _Geometry(width, height, height - 52 * MM, 42 * MM, width - 42 * MM, height - 82 * MM,
                      width - 45 * MM, 52 * MM, 24 * MM, 56, 22, 14 * MM)
    dx, dy = options.offset_x_mm * MM, -options.offset_y_mm * MM
    return replace(
        g, title_y=g.title_y + dy, text_left=g.text_left + dx, text_right=g.text_right + dx,
        salutation_y=g.salutation_y + dy, signature_right=g.signature_right + dx,
        signature_y=g.signature_y + dy, number_y=g.number_y + dy,
    )


def check_items(items: Sequence[CertificateItem], fonts: FontSet) -> None:
    """Raise DeskError naming the certificate and character if any text cannot be printed.

    Each distinct character is looked up once for the whole run; only when one cannot be drawn are
    the certificates gone through in order to name the first one holding it.
    """
    texts = [item.salutation() + (item.text or body_text(item)) + item.awarding_body + item.number for item in items]
    if not fonts.missing("".join(set("".join(texts))), "kai"):
        return
    for item, text in zip(items, texts):
        fonts.check(text, item.record_label(), "kai")


def _frame(canvas: Any, g: _Geometry) -> None:
    canvas.saveState()
    canvas.setStrokeColor(RED)
    canvas.setLineWidth(6)
    canvas.rect(12 * MM, 12 * MM, g.width - 24 * MM, g.height - 24 * MM)
    canvas.setStrokeColor(GOLD)
    canvas.setLineWidth(1.2)
    canvas.rect(16 * MM, 16 * MM, g.width - 32 * MM, g.height - 32 * MM)
    canvas.restoreState()


def _seal_guide(canvas: Any, g: _Geometry, fonts: FontSet, centre_x: float) -> None:
    canvas.saveState()
    canvas.setStrokeColor(GUIDE)
    canvas.setDash(3, 3)
    canvas.circle(centre_x, g.signature_y + 4 * MM, 21 * MM)
    canvas.restoreState()


def _fixed_parts(canvas: Any, fonts: FontSet, options: CertificateOptions, g: _Geometry) -> None:
    """Draw what every page of a run shares: the frame and the title (nothing on pre-printed paper)."""
    if options.preprinted:
        return
    _frame(canvas, g)
    canvas.setFillColor(RED)
    title = options.title or _("荣誉证书")
    draw_centred(canvas, fonts, "song_bold", title, g.width / 2, g.title_y, g.title_size, char_space=g.title_size * 0.3)


def _draw_one(canvas: Any, fonts: FontSet, item: CertificateItem, options: CertificateOptions, g: _Geometry,
              broken: dict[str, list[str]] | None = None, fixed: str = "") -> None:
    """Draw one certificate; ``broken`` remembers the body's lines by text for a run (most bodies repeat).

    ``fixed`` names a form holding the frame and title drawn once for the run (``render_certificates``);
    without it they are drawn on the page. The page's own texts go out in one text object.
    """
    if fixed:
        canvas.doForm(fixed)  # a form is painted in a saved graphics state: its colours stay inside
    else:
        canvas.saveState()
        _fixed_parts(canvas, fonts, options, g)
        canvas.restoreState()
    page = PageText(canvas, fonts)
    size = g.body_size
    page.draw("kai", item.salutation(), g.text_left, g.salutation_y, size)
    width = g.text_right - g.text_left
    measure = lambda text: fonts.width(text, "kai", size)  # noqa: E731
    body = item.text or body_text(item)
    lines = broken.get(body) if broken is not None else None
    if lines is None:
        lines = break_lines(body, width, measure, first_indent=2 * size)
        if broken is not None:
            broken[body] = lines
    y = g.salutation_y - g.pitch
    for number, line in enumerate(lines):
        page.draw("kai", line, g.text_left + (2 * size if number == 0 else 0), y, size)
        y -= g.pitch
    date_text = chinese_date(item.day)
    body_width = max(text_width(fonts, "kai", item.awarding_body, size), text_width(fonts, "kai", date_text, size))
    centre = g.signature_right - body_width / 2
    page.centred("kai", item.awarding_body, centre, g.signature_y + 10 * MM, size)
    page.centred("kai", date_text, centre, g.signature_y, size)
    if item.number:
        page.draw("fangsong", _("证书编号：{number}").format(number=item.number), g.text_left, g.number_y, 12)
    elif options.preview:
        page.fill_color(GUIDE)
        page.draw("fangsong", _("样张：保存或打印时才编号登记"), g.text_left, g.number_y, 12)
    page.finish()
    if options.seal_guide:
        _seal_guide(canvas, g, fonts, centre)


def render_certificates(
    items: Sequence[CertificateItem],
    options: CertificateOptions | None = None,
    fonts: FontSet | None = None,
    progress: Callable[[int, int], bool] | None = None,
) -> bytes:
    """Return a PDF with one page per item, in order; raise DeskError before drawing if a character cannot be printed."""
    options = options or CertificateOptions()
    fonts = fonts or default_fonts()
    check_items(items, fonts)
    g = geometry(options)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, fonts, (g.width, g.height), options.title or _("荣誉证书"), "")
    broken: dict[str, list[str]] = {}  # one geometry and size for the whole run: a body breaks the same way each time
    fixed = ""
    if not options.preprinted:  # the frame and title, the same on every page: written once, painted by each page
        fixed = "certificate"
        canvas.beginForm(fixed)
        _fixed_parts(canvas, fonts, options, g)
        canvas.endForm()
    for number, item in enumerate(items):
        if progress is not None and number % 20 == 0 and not progress(number, len(items)):
            from desk.core.errors import Cancelled

            raise Cancelled(_("已取消"))
        _draw_one(canvas, fonts, item, options, g, broken, fixed)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def render_calibration(options: CertificateOptions, fonts: FontSet | None = None) -> bytes:
    """Return one page for pre-printed paper: a millimetre ruler, the text positions and the seal place."""
    fonts = fonts or default_fonts()
    g = geometry(options)
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, fonts, (g.width, g.height), _("证书套打校准页"), "")
    canvas.setStrokeColor(GUIDE)
    canvas.setLineWidth(0.5)
    for mm in range(0, int(g.width / MM) + 1, 5):
        length = 6 if mm % 10 else 10
        canvas.line(mm * MM, g.height, mm * MM, g.height - length * MM)
        if mm % 50 == 0 and mm:
            draw_text(canvas, fonts, "fangsong", str(mm), mm * MM + 1, g.height - 14 * MM, 8)
    for mm in range(0, int(g.height / MM) + 1, 5):
        length = 6 if mm % 10 else 10
        canvas.line(0, g.height - mm * MM, length * MM, g.height - mm * MM)
        if mm % 50 == 0 and mm:
            draw_text(canvas, fonts, "fangsong", str(mm), 12 * MM, g.height - mm * MM - 3, 8)
    sample = CertificateItem(_("受表彰单位或个人"), _("荣誉称号"), _("颁奖单位"), dt.date.today(), _("〔年份〕第000号"), True)
    _draw_one(canvas, fonts, sample, replace(options, preprinted=True, seal_guide=True), g)
    note = _("套打校准页：横向偏移 {x} 毫米，纵向偏移 {y} 毫米。把此页叠在证书纸上对光检查，文字应落在证书纸的空白处。").format(
        x=options.offset_x_mm, y=options.offset_y_mm
    )
    draw_right(canvas, fonts, "fangsong", note, g.width - 15 * MM, 8 * MM, 9)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
