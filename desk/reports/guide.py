"""The user guide as a PDF: docs/用户手册.md laid out with the program's own printout fonts.

The guide is written in a small part of Markdown (headings, paragraphs, lists, tables, block
quotes, pictures, **bold** and `keys`) so that clerks read the same text in the PDF that
developers edit as a file.  Pictures are the screenshots scripts/guide_screenshots.py makes.
"""

from __future__ import annotations

import html
import logging
import os
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.core.paths import data_dir, resources_dir
from desk.reports.drawing import MM
from desk.reports.fonts import FontSet, default_fonts
from desk.version import __version__

log = logging.getLogger(__name__)

GUIDE_NAME = "用户手册"
# The guide is written in Chinese, so the words printed around it stay Chinese in every UI language.
TITLE = "妇联工作台用户手册"
_INLINE = re.compile(r"(\*\*.+?\*\*|`[^`]+`)")
_IMAGE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<src>[^)]+)\)\s*$")
_ORDERED = re.compile(r"^(\d+)\.\s+(.*)$")


def docs_dir() -> Path:
    """Return the folder holding the guide's source and pictures (next to resources/, also when frozen)."""
    return resources_dir().parent / "docs"


def guide_source() -> Path:
    """Return the path of the guide's Markdown source."""
    return docs_dir() / f"{GUIDE_NAME}.md"


# -- reading the Markdown --------------------------------------------------------------------


@dataclass
class Block:
    """One block of the guide: a heading, paragraph, list item, table, quote or picture."""

    kind: str  # "h1" "h2" "h3" "p" "ul" "ol" "quote" "table" "image" "code"
    text: str = ""
    number: str = ""
    rows: list[list[str]] = field(default_factory=list)


def parse_markdown(text: str) -> list[Block]:
    """Return the blocks of ``text``; lines that continue a paragraph or list item are joined."""
    blocks: list[Block] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        line = lines[index].rstrip()
        stripped = line.strip()
        index += 1
        if not stripped:
            continue
        if stripped.startswith("```"):
            code: list[str] = []
            while index < len(lines) and not lines[index].strip().startswith("```"):
                code.append(lines[index].rstrip())
                index += 1
            index += 1
            blocks.append(Block("code", "\n".join(code)))
            continue
        heading = re.match(r"^(#{1,3})\s+(.*)$", stripped)
        if heading:
            blocks.append(Block(f"h{len(heading.group(1))}", heading.group(2).strip()))
            continue
        image = _IMAGE.match(stripped)
        if image:
            blocks.append(Block("image", image.group("alt"), number=image.group("src")))
            continue
        if stripped.startswith("|"):
            rows = [stripped]
            while index < len(lines) and lines[index].strip().startswith("|"):
                rows.append(lines[index].strip())
                index += 1
            cells = [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]
            cells = [row for row in cells if not all(re.fullmatch(r":?-{2,}:?", cell) for cell in row)]
            blocks.append(Block("table", rows=cells))
            continue
        if stripped.startswith(">"):
            quote = [stripped.lstrip("> ").strip()]
            while index < len(lines) and lines[index].strip().startswith(">"):
                quote.append(lines[index].strip().lstrip("> ").strip())
                index += 1
            blocks.append(Block("quote", "".join(quote)))
            continue
        kind, number, body = "p", "", stripped
        ordered = _ORDERED.match(stripped)
        if stripped.startswith(("- ", "* ")):
            kind, body = "ul", stripped[2:].strip()
        elif ordered:
            kind, number, body = "ol", ordered.group(1), ordered.group(2).strip()
        parts = [body]
        while index < len(lines):
            follow = lines[index].strip()
            if (not follow or follow.startswith(("#", "|", ">", "- ", "* ", "```", "!["))
                    or _ORDERED.match(follow)):
                break
            parts.append(follow)
            index += 1
        blocks.append(Block(kind, _join(parts), number=number))
    return blocks


def _join(parts: list[str]) -> str:
    """Join wrapped source lines: no space between Chinese characters, one between Latin words."""
    text = parts[0]
    for part in parts[1:]:
        if text and part and ord(text[-1]) < 0x2E80 and ord(part[0]) < 0x2E80:
            text += " "
        text += part
    return text


# -- laying it out ---------------------------------------------------------------------------


class _Guide(BaseDocTemplate):  # type: ignore[misc]  # ReportLab has no type information
    """A4 pages with the guide's title and page number in the footer; headings feed the contents."""

    def __init__(self, filename: str, fonts: FontSet):
        super().__init__(filename, pagesize=A4, leftMargin=22 * MM, rightMargin=22 * MM, topMargin=20 * MM,
                         bottomMargin=20 * MM, title=TITLE, author="Federation Desk",
                         creator="Federation Desk", subject="Fonts: " + fonts.describe(), invariant=True,
                         initialFontName=fonts.roles["fangsong"].name, pageCompression=1)
        self.fonts = fonts
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._footer)])

    def _footer(self, canvas: rl_canvas.Canvas, doc: BaseDocTemplate) -> None:
        text = f"{TITLE}  第 {doc.page} 页"
        x = A4[0] / 2 - self.fonts.width(text, "hei", 9) / 2
        for face, part in self.fonts.runs(text, "hei"):
            canvas.setFont(face.name, 9)
            canvas.drawString(x, 12 * MM, part)
            x += face.width(part, 9)

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 (ReportLab hook)
        level = getattr(flowable, "toc_level", None)
        if level is not None:
            self.notify("TOCEntry", (level, flowable.toc_text, self.page))


class Markup:
    """Turns guide text into ReportLab paragraph markup with a font per run of characters."""

    def __init__(self, fonts: FontSet):
        self.fonts = fonts

    def runs(self, text: str, role: str) -> str:
        """Return ``text`` escaped, each run in the first font that has its characters."""
        return "".join(
            f'<font name="{face.name}">{html.escape(part, quote=False)}</font>'
            for face, part in self.fonts.runs(text, role)
        )

    def inline(self, text: str, role: str = "fangsong") -> str:
        """Return ``text`` with **bold** in the heading face and `keys` boxed in dark blue."""
        out: list[str] = []
        for piece in _INLINE.split(text):
            if not piece:
                continue
            if piece.startswith("**") and piece.endswith("**"):
                out.append(self.runs(piece[2:-2], "hei"))
            elif piece.startswith("`") and piece.endswith("`"):
                out.append(f'<font color="#1f3f7a">{self.runs(piece[1:-1], "hei")}</font>')
            else:
                out.append(self.runs(piece, role))
        return "".join(out)


def _styles(fonts: FontSet) -> dict[str, ParagraphStyle]:
    body = fonts.roles["fangsong"].name
    head = fonts.roles["hei"].name
    base = ParagraphStyle("body", fontName=body, bulletFontName=body, fontSize=11.5, leading=19, wordWrap="CJK",
                          spaceAfter=5)
    return {
        "title": ParagraphStyle("title", parent=base, fontName=head, fontSize=24, leading=34, alignment=TA_CENTER,
                                spaceBefore=60, spaceAfter=18),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=13, alignment=TA_CENTER, spaceAfter=40),
        "h1": ParagraphStyle("h1", parent=base, fontName=head, fontSize=17, leading=26, spaceBefore=8,
                             spaceAfter=10, textColor=colors.HexColor("#8b1a1a")),
        "h2": ParagraphStyle("h2", parent=base, fontName=head, fontSize=13.5, leading=22, spaceBefore=10,
                             spaceAfter=6),
        "h3": ParagraphStyle("h3", parent=base, fontName=head, fontSize=12, leading=20, spaceBefore=6, spaceAfter=4),
        "p": base,
        "li": ParagraphStyle("li", parent=base, leftIndent=16, bulletIndent=4, spaceAfter=3),
        "quote": ParagraphStyle("quote", parent=base, leftIndent=10, rightIndent=10, borderPadding=7,
                                backColor=colors.HexColor("#fdf3e7"), borderColor=colors.HexColor("#e0b080"),
                                borderWidth=0.6, spaceBefore=6, spaceAfter=10),
        "cell": ParagraphStyle("cell", parent=base, fontSize=10, leading=15, spaceAfter=0),
        "code": ParagraphStyle("code", parent=base, fontName=head, fontSize=9.5, leading=14, leftIndent=8,
                               backColor=colors.HexColor("#f2f2f2"), borderPadding=5, spaceBefore=4, spaceAfter=8),
        "caption": ParagraphStyle("caption", parent=base, fontSize=9.5, leading=14, alignment=TA_CENTER,
                                  textColor=colors.HexColor("#555555"), spaceAfter=10),
        "toc1": ParagraphStyle("toc1", parent=base, fontSize=12, leading=20, leftIndent=10),
        "toc2": ParagraphStyle("toc2", parent=base, fontSize=10.5, leading=16, leftIndent=30),
    }


def _heading(markup: Markup, style: ParagraphStyle, text: str, level: int | None) -> Paragraph:
    paragraph = Paragraph(markup.runs(text, "hei"), style)
    if level is not None:
        paragraph.toc_level = level
        paragraph.toc_text = markup.runs(text, "fangsong")
    return paragraph


def _picture(path: Path, width: float, caption: Paragraph | None) -> Flowable:
    image = Image(str(path))
    scale = min(1.0, width / image.imageWidth, (A4[1] * 0.42) / image.imageHeight)
    image.drawWidth = image.imageWidth * scale
    image.drawHeight = image.imageHeight * scale
    return KeepTogether([image, caption] if caption else [image])


def flowables(blocks: list[Block], fonts: FontSet, base: Path, width: float) -> list[Flowable]:
    """Return the ReportLab flowables of the guide's blocks; raise DeskError for a missing picture."""
    markup = Markup(fonts)
    styles = _styles(fonts)
    story: list[Flowable] = []
    first_h1 = True
    for block in blocks:
        fonts.check(block.text + "".join("".join(row) for row in block.rows), GUIDE_NAME)
        if block.kind == "h1" and first_h1:
            first_h1 = False
            story.append(Paragraph(markup.runs(block.text, "hei"), styles["title"]))
            story.append(Paragraph(markup.runs(f"版本 {__version__}", "fangsong"),
                                   styles["subtitle"]))
            toc = TableOfContents()
            toc.levelStyles = [styles["toc1"], styles["toc2"]]
            toc.tableStyle = TableStyle([  # ReportLab's own, plus our font (its cells otherwise set Helvetica)
                ("VALIGN", (0, 0), (-1, -1), "TOP"), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("LEFTPADDING", (0, 0), (-1, -1), 0), ("FONTNAME", (0, 0), (-1, -1), styles["p"].fontName),
            ])
            story.append(Paragraph(markup.runs("目录", "hei"), styles["h2"]))
            story.append(toc)
            story.append(PageBreak())
        elif block.kind == "h1":
            story.append(_heading(markup, styles["h2"], block.text, 1))
        elif block.kind == "h2":
            if story and not isinstance(story[-1], PageBreak):
                story.append(PageBreak())
            story.append(_heading(markup, styles["h1"], block.text, 0))
        elif block.kind == "h3":
            story.append(_heading(markup, styles["h2"], block.text, 1))
        elif block.kind == "p":
            story.append(Paragraph(markup.inline(block.text), styles["p"]))
        elif block.kind == "ul":
            story.append(Paragraph(markup.inline(block.text), styles["li"], bulletText="•"))
        elif block.kind == "ol":
            story.append(Paragraph(markup.inline(block.text), styles["li"], bulletText=f"{block.number}."))
        elif block.kind == "quote":
            story.append(Paragraph(markup.inline(block.text), styles["quote"]))
        elif block.kind == "code":
            lines = [markup.runs(line, "hei") for line in block.text.splitlines()]
            story.append(Paragraph("<br/>".join(lines), styles["code"]))
        elif block.kind == "table":
            story.append(_table(block.rows, markup, styles, width))
            story.append(Spacer(1, 6))
        elif block.kind == "image":
            path = (base / block.number).resolve()
            if not path.is_file():
                raise DeskError(_("用户手册中的图片 {path} 不存在，请先运行 scripts/guide_screenshots.py").format(path=path))
            caption = Paragraph(markup.runs(block.text, "fangsong"), styles["caption"]) if block.text else None
            story.append(_picture(path, width, caption))
    return story


def _table(rows: list[list[str]], markup: Markup, styles: dict[str, ParagraphStyle], width: float) -> Table:
    columns = max(len(row) for row in rows)
    data = [[Paragraph(markup.inline(cell), styles["cell"]) for cell in row + [""] * (columns - len(row))]
            for row in rows]
    longest = [max(len(row[i]) if i < len(row) else 0 for row in rows) + 4 for i in range(columns)]
    widths = [width * size / sum(longest) for size in longest]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#999999")),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eae4dc")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), styles["cell"].fontName),  # else the cells set Helvetica
    ]))
    return table


def build_guide(out: Path, source: Path | None = None, fonts: FontSet | None = None) -> Path:
    """Write the guide's PDF to ``out`` (through a temporary file) and return ``out``.

    Raises DeskError when the source or one of its pictures is missing, or a character cannot be printed.
    """
    source = source or guide_source()
    if not source.is_file():
        raise DeskError(_("找不到用户手册 {path}").format(path=source))
    fonts = fonts or default_fonts()
    blocks = parse_markdown(source.read_text(encoding="utf-8"))
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".guide-", suffix=".pdf", dir=out.parent)
    os.close(handle)
    try:
        document = _Guide(temporary, fonts)
        story = flowables(blocks, fonts, source.parent, document.width)
        use_a85 = rl_config.useA85
        rl_config.useA85 = 0  # pictures as binary streams: ASCII85 in pure Python took most of the time
        try:
            document.multiBuild(story)
        finally:
            rl_config.useA85 = use_a85
        os.replace(temporary, out)
    finally:
        Path(temporary).unlink(missing_ok=True)
    log.info("User guide written to %s", out)
    return out


def guide_pdf() -> Path:
    """Return a PDF of the guide to open: the one shipped with the program, else one built from the source.

    A built copy lives in the data folder and is rebuilt when the source or a picture is newer.
    Raises DeskError when neither a shipped PDF nor the source is there.
    """
    shipped = docs_dir() / f"{GUIDE_NAME}.pdf"
    source = guide_source()
    if shipped.is_file() and (getattr(sys, "frozen", False) or not source.is_file()
                              or shipped.stat().st_mtime >= _newest(source)):
        return shipped
    built = data_dir() / "guide" / f"{GUIDE_NAME}.pdf"
    if not built.is_file() or built.stat().st_mtime < _newest(source):
        build_guide(built, source)
    return built


def _newest(source: Path) -> float:
    """Return the newest modification time of the guide's source and its pictures."""
    if not source.is_file():
        return 0.0
    times = [source.stat().st_mtime]
    times += [picture.stat().st_mtime for picture in (source.parent / "guide").glob("*.png")]
    return max(times)


if __name__ == "__main__":  # make guide: python -m desk.reports.guide docs/用户手册.pdf
    print(build_guide(Path(sys.argv[1]) if len(sys.argv) > 1 else docs_dir() / f"{GUIDE_NAME}.pdf"))
