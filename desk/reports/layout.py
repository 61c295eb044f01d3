"""A document laid out after GB/T 9704-2012 on a 22-line × 28-character grid, written as PDF.

A4 page, top margin 37 mm, binding (left) margin 28 mm, text block 156 × 225 mm; title in a
bold Song-style face (2号, 22 pt), body in FangSong (3号, 16 pt), level-1 headings in Hei,
level-2 in Kai, first lines indented two characters; lines broken by the Chinese rules of
``linebreak`` and justified to the full width; page numbers "— 1 —" (4号) 7 mm below the text
block, odd pages on the right and even pages on the left, one character in from the edge;
the issuing office and the date at the end, the date two characters right of the office's
first character and two characters in from the right edge.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from reportlab.lib.pagesizes import A4

from desk.core.i18n import _
from desk.reports.drawing import MM, draw_centred, draw_text, new_canvas, text_width
from desk.reports.fonts import FontSet, default_fonts
from desk.reports.linebreak import break_lines
from desk.reports.numbers import document_date
from desk.reports.tables import StatTable, draw_table

PAGE_WIDTH: float = A4[0]
PAGE_HEIGHT: float = A4[1]
TOP_MARGIN = 37 * MM
LEFT_MARGIN = 28 * MM
BLOCK_WIDTH = 156 * MM
BLOCK_HEIGHT = 225 * MM
LINES_PER_PAGE = 22
CHARS_PER_LINE = 28
CELL = BLOCK_WIDTH / CHARS_PER_LINE  # one character's share of a line (≈ 15.8 pt)
PITCH = BLOCK_HEIGHT / LINES_PER_PAGE  # one line's share of the block (≈ 29 pt)
BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NUMBER_SIZE = 14.0  # 4号
TABLE_SIZE = 12.0  # 小4号
BLOCK_TOP = PAGE_HEIGHT - TOP_MARGIN
BLOCK_BOTTOM = BLOCK_TOP - BLOCK_HEIGHT


@dataclass(frozen=True)
class Block:
    """One piece of a document: ``kind`` is title, heading1, heading2, paragraph, table or signature."""

    kind: str
    text: str = ""
    source: str = ""  # what the text came from, named when a character cannot be printed
    table: StatTable | None = None
    day: dt.date | None = None


def title(text: str) -> Block:
    return Block("title", text, source=text)


def heading(level: int, text: str) -> Block:
    return Block("heading1" if level == 1 else "heading2", text, source=text)


def paragraph(text: str, source: str = "") -> Block:
    return Block("paragraph", text, source=source or text[:20])


def table_block(table: StatTable) -> Block:
    return Block("table", table.title, source=table.title, table=table)


def signature(office: str, day: dt.date) -> Block:
    return Block("signature", office, source=office, day=day)


_ROLE = {"title": "song_bold", "heading1": "hei", "heading2": "kai", "paragraph": "fangsong", "signature": "fangsong"}


def page_number_text(number: int) -> str:
    """Return the page number as printed: — 1 —."""
    return f"— {number} —"


def balanced_lines(text: str, width: float, measure: Callable[[str], float]) -> list[str]:
    """Return ``text`` in as few lines as fit ``width``, made as even as possible (for centred titles)."""
    lines = break_lines(text, width, measure)
    if len(lines) < 2:
        return lines
    low, high = measure(text) / len(lines), width
    best = lines
    for _step in range(12):  # bisect the narrowest width that keeps the same number of lines
        middle = (low + high) / 2
        trial = break_lines(text, middle, measure)
        if len(trial) <= len(lines):
            best, high = trial, middle
        else:
            low = middle
    return best


class _Writer:
    """Places lines on the grid page by page."""

    def __init__(self, canvas: Any, fonts: FontSet) -> None:
        self.canvas = canvas
        self.fonts = fonts
        self.page = 1
        self.line = 0  # next free line on the page (0-based)
        self.alone = False

    def baseline(self, line: int) -> float:
        return BLOCK_TOP - line * PITCH - PITCH * 0.72

    def finish_page(self) -> None:
        number = page_number_text(self.page)
        width = text_width(self.fonts, "fangsong", number, PAGE_NUMBER_SIZE)
        y = BLOCK_BOTTOM - 7 * MM - PAGE_NUMBER_SIZE * 0.8
        right = LEFT_MARGIN + BLOCK_WIDTH - PAGE_NUMBER_SIZE
        x = right - width if self.page % 2 else LEFT_MARGIN + PAGE_NUMBER_SIZE
        draw_text(self.canvas, self.fonts, "fangsong", number, x, y, PAGE_NUMBER_SIZE)
        self.canvas.showPage()
        self.page += 1
        self.line = 0

    def next_line(self) -> float:
        if self.line >= LINES_PER_PAGE:
            self.finish_page()
        y = self.baseline(self.line)
        self.line += 1
        return y

    def skip(self, lines: int = 1) -> None:
        for _n in range(lines):
            if self.line < LINES_PER_PAGE:
                self.line += 1

    def measure(self, role: str, size: float) -> Callable[[str], float]:
        # Each character takes one grid cell's share: the 16 pt glyphs are drawn 0.2 pt tighter.
        squeeze = CELL - size if size == BODY_SIZE else 0.0
        return lambda text: self.fonts.width(text, role, size) + squeeze * len(text)

    def flow(self, text: str, role: str, size: float, indent: float, justify: bool = True, keep_last: int = 0) -> None:
        """Draw a paragraph; ``keep_last`` lines go to a new page together (so the signature never stands alone)."""
        measure = self.measure(role, size)
        lines = break_lines(text, BLOCK_WIDTH, measure, first_indent=indent)
        base_space = CELL - size if size == BODY_SIZE else 0.0
        for number, line in enumerate(lines):
            if keep_last and number == max(0, len(lines) - keep_last) and 0 < self.line < LINES_PER_PAGE:
                if self.line + keep_last + 2 > LINES_PER_PAGE:  # these lines and the office and date
                    self.finish_page()
            y = self.next_line()
            x = LEFT_MARGIN + (indent if number == 0 else 0.0)
            space = base_space
            last = number == len(lines) - 1
            if justify and not last and len(line) > 1:
                available = BLOCK_WIDTH - (indent if number == 0 else 0.0)
                space = (available - self.fonts.width(line, role, size)) / (len(line) - 1)
            draw_text(self.canvas, self.fonts, role, line, x, y, size, space)

    def title(self, text: str) -> None:
        measure = self.measure("song_bold", TITLE_SIZE)
        for line in balanced_lines(text, BLOCK_WIDTH - 2 * CELL, measure):
            y = self.next_line()
            draw_centred(self.canvas, self.fonts, "song_bold", line, LEFT_MARGIN + BLOCK_WIDTH / 2, y, TITLE_SIZE)
        self.skip()

    def signature(self, office: str, day: dt.date) -> None:
        date_text = document_date(day)
        if self.line > LINES_PER_PAGE - 2:
            self.alone = True  # the office and date would stand on a page without text
        if self.line <= LINES_PER_PAGE - 3:
            self.skip()  # one blank line after the text, when the page has room for it
        size = BODY_SIZE
        right = LEFT_MARGIN + BLOCK_WIDTH - 2 * CELL
        office_width = self.measure("fangsong", size)(office)
        date_width = self.measure("fangsong", size)(date_text)
        office_x = right - office_width
        date_x = office_x + 2 * CELL
        if date_x + date_width > right:
            date_x = right - date_width
            office_x = date_x - 2 * CELL
        space = CELL - size
        if self.line >= LINES_PER_PAGE - 1:
            self.finish_page()
        draw_text(self.canvas, self.fonts, "fangsong", office, office_x, self.next_line(), size, space)
        draw_text(self.canvas, self.fonts, "fangsong", date_text, date_x, self.next_line(), size, space)

    def table(self, table: StatTable) -> None:
        if self.line >= LINES_PER_PAGE - 2:
            self.finish_page()
        y = self.next_line()
        draw_centred(self.canvas, self.fonts, "hei", table.title, LEFT_MARGIN + BLOCK_WIDTH / 2, y, BODY_SIZE)
        top = BLOCK_TOP - self.line * PITCH

        def new_page() -> float:
            self.finish_page()
            return BLOCK_TOP

        bottom: float = draw_table(self.canvas, self.fonts, table, LEFT_MARGIN, top, BLOCK_WIDTH, TABLE_SIZE,
                            PITCH * 0.75, BLOCK_BOTTOM, new_page)
        used = (BLOCK_TOP - bottom) / PITCH
        self.line = min(LINES_PER_PAGE, int(used) + (1 if used % 1 else 0))


def check_blocks(blocks: Sequence[Block], fonts: FontSet) -> None:
    """Raise DeskError naming the first character of any block that no available font can draw."""
    for block in blocks:
        texts = [block.text]
        if block.table is not None:
            texts += list(block.table.headers) + [str(value) for row in block.table.body() for value in row if value is not None]
        for text in texts:
            fonts.check(text, block.source or text[:20], _ROLE.get(block.kind, "fangsong"))


def render_document(blocks: Sequence[Block], office: str, fonts: FontSet | None = None) -> bytes:
    """Return the PDF of ``blocks``; raise DeskError before writing if a character cannot be printed."""
    fonts = fonts or default_fonts()
    check_blocks(blocks, fonts)
    heading_text = next((block.text for block in blocks if block.kind == "title"), _("工作总结"))
    pdf, alone = _render(blocks, office, fonts, heading_text, keep_last=0)
    if alone:
        # GB/T 9704 7.3.5.4: the signature page must carry text; take the last lines of text along.
        pdf, _alone = _render(blocks, office, fonts, heading_text, keep_last=2)
    return pdf


def _render(blocks: Sequence[Block], office: str, fonts: FontSet, heading_text: str, keep_last: int) -> tuple[bytes, bool]:
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, fonts, A4, heading_text, office)
    writer = _Writer(canvas, fonts)
    last_text = max((n for n, block in enumerate(blocks) if block.kind in ("paragraph", "heading1", "heading2")), default=-1)
    for number, block in enumerate(blocks):
        keep = keep_last if number == last_text else 0
        if block.kind == "title":
            writer.title(block.text)
        elif block.kind == "heading1":
            writer.flow(block.text, "hei", BODY_SIZE, 2 * CELL, justify=True, keep_last=keep)
        elif block.kind == "heading2":
            writer.flow(block.text, "kai", BODY_SIZE, 2 * CELL, justify=True, keep_last=keep)
        elif block.kind == "paragraph":
            writer.flow(block.text, "fangsong", BODY_SIZE, 2 * CELL, keep_last=keep)
        elif block.kind == "table" and block.table is not None:
            writer.table(block.table)
        elif block.kind == "signature" and block.day is not None:
            writer.signature(block.text, block.day)
    writer.finish_page()
    canvas.save()
    return buffer.getvalue(), writer.alone
