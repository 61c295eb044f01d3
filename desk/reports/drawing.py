"""Drawing text on a ReportLab canvas with per-character font fallback, and the PDF canvas every report uses."""

from __future__ import annotations

import io
from typing import Any

from reportlab.pdfgen import canvas as rl_canvas

from desk.reports.fonts import FontSet

MM = 72 / 25.4


def new_canvas(buffer: io.BytesIO, fonts: FontSet, pagesize: tuple[float, float], title: str, author: str) -> rl_canvas.Canvas:
    """Return a canvas that embeds only our (subset) fonts and records which fonts were used."""
    body = fonts.roles["fangsong"]
    canvas = rl_canvas.Canvas(
        buffer, pagesize=pagesize, invariant=True, initialFontName=body.name, initialFontSize=12, pageCompression=1
    )
    canvas.setTitle(title)
    canvas.setAuthor(author)
    canvas.setCreator("Federation Desk")
    canvas.setSubject("Fonts: " + fonts.describe())
    return canvas


def draw_text(
    canvas: rl_canvas.Canvas,
    fonts: FontSet,
    role: str,
    text: str,
    x: float,
    y: float,
    size: float,
    char_space: float = 0.0,
) -> None:
    """Draw ``text`` with its baseline at (x, y), each run in the first font that has its characters.

    Titles (``song_bold``) set in a face without a bold design (SimSun, AR PL UMing) are
    emboldened by stroking the glyph outlines in the fill colour, as 小标宋 titles look.
    """
    canvas.saveState()
    text_object = canvas.beginText(x, y)
    text_object.setCharSpace(char_space)
    for face, part in fonts.runs(text, role):
        text_object.setFont(face.name, size)
        if role == "song_bold" and not face.bold:
            canvas.setStrokeColor(canvas._fillColorObj)
            canvas.setLineWidth(size * 0.03)
            text_object.setTextRenderMode(2)
        else:
            text_object.setTextRenderMode(0)
        text_object.textOut(part)
    canvas.drawText(text_object)
    canvas.restoreState()


def text_width(fonts: FontSet, role: str, text: str, size: float, char_space: float = 0.0) -> float:
    """Return the drawn width of ``text`` including ``char_space`` after every character but the last."""
    if not text:
        return 0.0
    return fonts.width(text, role, size) + char_space * (len(text) - 1)


def draw_centred(canvas: rl_canvas.Canvas, fonts: FontSet, role: str, text: str, centre: float, y: float, size: float,
                 char_space: float = 0.0) -> None:
    """Draw ``text`` centred on ``centre``."""
    width = text_width(fonts, role, text, size, char_space)
    draw_text(canvas, fonts, role, text, centre - width / 2, y, size, char_space)


def draw_right(canvas: rl_canvas.Canvas, fonts: FontSet, role: str, text: str, right: float, y: float, size: float) -> None:
    """Draw ``text`` ending at ``right``."""
    draw_text(canvas, fonts, role, text, right - text_width(fonts, role, text, size), y, size)


class PageText:
    """Every text of one page in one PDF text object, font and spacing written only when they change.

    ``draw_text`` saves the graphics state and opens a text object per text, so that it can
    embolden a title with a stroke; a certificate page draws six or seven texts in one or two
    plain faces, where one text object with absolute positions paints exactly the same glyphs
    with a third of the operators. Emboldened faces are not drawn here (use ``draw_text``).
    """

    def __init__(self, canvas: rl_canvas.Canvas, fonts: FontSet):
        self.canvas, self.fonts = canvas, fonts
        self.text: Any = None  # opened at the first text's place
        self.font: tuple[str, float] | None = None
        self.char_space = 0.0  # a page starts with no character spacing
        self.fill: object = None

    def fill_color(self, color: object) -> None:
        """Paint the following texts in ``color`` (a page starts black)."""
        if color != self.fill:
            self._open().setFillColor(color)
            self.fill = color

    def draw(self, role: str, text: str, x: float, y: float, size: float, char_space: float = 0.0) -> None:
        """Draw ``text`` with its baseline at (x, y), each run in the first face that has its characters."""
        if self.text is None:
            self.text = self.canvas.beginText(x, y)
        else:
            self.text.setTextOrigin(x, y)
        if char_space != self.char_space:
            self.text.setCharSpace(char_space)
            self.char_space = char_space
        for face, part in self.fonts.runs(text, role):
            if (face.name, size) != self.font:
                self.text.setFont(face.name, size)
                self.font = (face.name, size)
            # Tj moves the pen by the glyphs' widths itself; textOut would also measure the run for
            # ReportLab's own cursor, which nothing here reads (every text is placed by an absolute Tm).
            self.text._textOut(part)

    def _open(self) -> Any:
        if self.text is None:
            self.text = self.canvas.beginText()
        return self.text

    def centred(self, role: str, text: str, centre: float, y: float, size: float) -> None:
        """Draw ``text`` centred on ``centre``."""
        self.draw(role, text, centre - text_width(self.fonts, role, text, size) / 2, y, size)

    def finish(self) -> None:
        """Paint the page's texts."""
        if self.text is not None:
            self.canvas.drawText(self.text)
