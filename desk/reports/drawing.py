"""Drawing text on a ReportLab canvas with per-character font fallback, and the PDF canvas every report uses."""

from __future__ import annotations

import io

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
