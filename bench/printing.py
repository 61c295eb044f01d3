"""Printing figures: the half-year summary PDF over the whole database, and 500 / 5,000 honour certificates.

The summary's reference is the same summary of an office with no records (what layout and fonts
cost alone).  Certificates are printed as the program does (awards read, numbered in the
register, drawn; rolled back afterwards so the register stays clean); the floor is bare ReportLab
drawing the same pages (frame, title, salutation, sentence, awarding body, date, number) with
the same fonts and no database, and the same way as the program writes them: the frame and title
once in a form XObject that every page paints, a page's texts in one text object.  The program
drawing fewer operators than a naive page-by-page floor would be measured as "overhead below the
floor" otherwise; the page-by-page floor's time is still given in the figure's note.
"""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import time
from pathlib import Path

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen import canvas as rl_canvas
from sqlalchemy import select

from bench.measure import Figure, Outcome, median_time
from desk.awards.model import Award, HonourTitle
from desk.core.periods import half_year
from desk.db.database import open_database
from desk.office.scope import office_scope
from desk.office.service import actor_for, get_profile

PERIOD = half_year(2020, 2)
DAY = dt.date(2021, 1, 8)
MM = 72 / 25.4


def _summary_seconds(db: Path, runs: int) -> tuple[float, int]:
    from desk.reports.registry import build_report_registry
    from desk.reports.summary import render_summary

    reports = build_report_registry()
    database = open_database(db, migrate=False)
    try:
        with database.sessions() as session:
            profile = get_profile(session)
            scope = office_scope(session, tree=True)
            size = len(render_summary(session, PERIOD, scope, profile.name, DAY, reports=reports))
            seconds = median_time(lambda: render_summary(session, PERIOD, scope, profile.name, DAY, reports=reports), runs, warm=0)
    finally:
        database.close()
    return seconds, size


def measure_summary(db: Path, runs: int) -> Outcome:
    """Return the summary figure: the whole tree's 2020H2 summary vs the same for an empty office."""
    from bench.generate import create_office_database
    from desk.reports.registry import build_report_registry

    seconds, size = _summary_seconds(db, runs)
    empty = Path(tempfile.mkdtemp(prefix="bench-empty-")) / "empty.db"
    create_office_database(empty).close()
    reference, _size = _summary_seconds(empty, runs)
    return Outcome([Figure(
        "half-year summary PDF (2020H2, this office and every office below)", seconds,
        "the same summary of an office with no records", reference, "≤ 3 s", seconds <= 3.0,
        f"{size / 1024:,.0f} KB PDF; {len(build_report_registry().sections())} sections; sentences, tables and "
        "figures from every area's report contribution")])


def _award_ids(session, count: int) -> list[str]:
    return list(session.scalars(
        select(Award.id).where(Award.deleted.is_(False), Award.awarded_on.between(PERIOD.start, PERIOD.end))
        .order_by(Award.awarded_on, Award.id).limit(count)))


def _items(session, ids: list[str]):
    """Return the certificate items of the awards: the awards area's registered source, else read here."""
    from desk.awards.service import printed_title
    from desk.reports.certificates import CertificateItem
    from desk.reports.register import awards_for
    from desk.reports.registry import build_report_registry

    reports = build_report_registry()
    if reports.award_source is not None:
        return awards_for(session, None, ids, reports=reports), "the awards area's award source"
    rows = session.execute(
        select(Award.id, Award.awardee_name, Award.awardee_kind, Award.awarding_body, Award.awarded_on,
               HonourTitle.name, HonourTitle.level)
        .join(HonourTitle, HonourTitle.id == Award.title_id).where(Award.id.in_(ids))
        .order_by(Award.awarded_on, Award.id))
    items = [CertificateItem(row.awardee_name, printed_title(row.name, row.level), row.awarding_body, row.awarded_on,
                             collective=row.awardee_kind == "collective", award_id=row.id) for row in rows]
    return items, "awards read by the bench (no award source is registered with desk/reports in this build)"


def _frame_and_title(canvas, title_font: str) -> None:
    """The parts every certificate page has: the double red frame and the title 荣誉证书."""
    width, height = landscape(A4)
    canvas.setStrokeColorRGB(0.75, 0.08, 0.08)
    canvas.setLineWidth(6)
    canvas.rect(12 * MM, 12 * MM, width - 24 * MM, height - 24 * MM)
    canvas.setLineWidth(1.2)
    canvas.rect(16 * MM, 16 * MM, width - 32 * MM, height - 32 * MM)
    canvas.setFont(title_font, 48)
    canvas.drawCentredString(width / 2, height - 55 * MM, "荣誉证书")


def _floor(items, fonts) -> bytes:
    """Draw the same certificate pages with bare ReportLab as the program writes them: the frame and title once
    in a form every page paints, each page's texts in one text object; the same fonts and texts (the date in
    Chinese, the number with its label), fixed positions, no font fallback, no database.
    """
    from desk.reports.numbers import chinese_date

    kai, song = fonts.roles["kai"], fonts.roles["song_bold"]
    for face in (kai, song):
        face.register()
    width, height = landscape(A4)
    buffer = io.BytesIO()
    canvas = rl_canvas.Canvas(buffer, pagesize=(width, height), invariant=True, pageCompression=1)
    canvas.beginForm("fixed")
    _frame_and_title(canvas, song.name)
    canvas.endForm()
    for item in items:
        canvas.doForm("fixed")
        text = canvas.beginText(40 * MM, height - 85 * MM)
        text.setFont(kai.name, 22)
        text.textLine(item.salutation())
        body = item.text
        for number, start in enumerate(range(0, len(body), 28)):
            text.setTextOrigin((50 if number == 0 else 40) * MM, height - (100 + 12 * number) * MM)
            text.textLine(body[start:start + 28])
        for line, y in ((item.awarding_body, 50 * MM), (chinese_date(item.day), 40 * MM)):
            text.setTextOrigin(width - 80 * MM - canvas.stringWidth(line, kai.name, 22) / 2, y)
            text.textLine(line)
        text.setTextOrigin(40 * MM, 25 * MM)
        text.setFont(kai.name, 12)
        text.textLine("证书编号：" + item.number)
        canvas.drawText(text)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _floor_page_by_page(items, fonts) -> bytes:
    """The floor of earlier rounds: every page drawn in full (frame, title, each text its own text object)."""
    kai, song = fonts.roles["kai"], fonts.roles["song_bold"]
    for face in (kai, song):
        face.register()
    width, height = landscape(A4)
    buffer = io.BytesIO()
    canvas = rl_canvas.Canvas(buffer, pagesize=(width, height), invariant=True, pageCompression=1)
    for item in items:
        _frame_and_title(canvas, song.name)
        canvas.setFont(kai.name, 22)
        canvas.drawString(40 * MM, height - 85 * MM, item.salutation())
        text = item.text
        for number, start in enumerate(range(0, len(text), 28)):
            canvas.drawString((50 if number == 0 else 40) * MM, height - (100 + 12 * number) * MM, text[start:start + 28])
        canvas.drawCentredString(width - 80 * MM, 50 * MM, item.awarding_body)
        canvas.drawCentredString(width - 80 * MM, 40 * MM, item.day.isoformat())
        canvas.setFont(kai.name, 12)
        canvas.drawString(40 * MM, 25 * MM, item.number)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def measure_certificates(db: Path, counts: tuple[int, ...]) -> Outcome:
    """Return one figure per count: the program printing that many certificates vs the bare-ReportLab floor."""
    from desk.reports.certificates import render_certificates
    from desk.reports.fonts import default_fonts
    from desk.reports.register import issue

    fonts = default_fonts()
    database = open_database(db, migrate=False)
    outcome = Outcome()
    try:
        with database.sessions() as session:  # unmeasured: load and subset the fonts on both sides first
            warm, _source = _items(session, _award_ids(session, 10))
        render_certificates(warm, fonts=fonts)
        _floor(warm, fonts)
        peer_count = max(counts)
        for count in counts:
            with database.sessions() as session:
                actor = actor_for(session, "admin")
                ids = _award_ids(session, count)
                started = time.perf_counter()
                items, source = _items(session, ids)
                items = issue(session, actor, items)
                session.flush()
                pdf = render_certificates(items, fonts=fonts)
                seconds = time.perf_counter() - started
                session.rollback()  # measured, not kept: the register stays as generated
            started = time.perf_counter()
            floor = _floor(items, fonts)
            reference = time.perf_counter() - started
            started = time.perf_counter()
            _floor_page_by_page(items, fonts)
            page_by_page = time.perf_counter() - started
            budget = len(items) >= 5000
            outcome.figures.append(Figure(
                f"{len(items):,} honour certificates (read, numbered, drawn)", seconds,
                "bare ReportLab drawing the same pages, no database (the floor)", reference,
                "≤ 1.5 × floor" if budget else "", (seconds <= 1.5 * reference) if budget else None,
                f"{len(pdf) / 2**20:,.1f} MB PDF (floor {len(floor) / 2**20:,.1f} MB); {source}; the floor draws as "
                "the program does (frame and title once in a form, a page's texts in one text object); drawing "
                f"every page in full, as the floor of earlier rounds, takes {page_by_page:,.2f} s"))
            if count == peer_count:
                outcome.figures.append(_mail_merge_figure(items, seconds))
    finally:
        database.close()
    return outcome


# -- the mail-merge peer ------------------------------------------------------------------------

def _fodt(items) -> str:
    """Return a flat ODT with one certificate a page: what a clerk's mail merge result holds."""
    from xml.sax.saxutils import escape

    from desk.reports.certificates import body_text

    pages = []
    for item in items:
        lines = ["荣誉证书", item.salutation(), item.text or body_text(item), item.awarding_body,
                 item.day.isoformat(), item.number]
        pages.append("".join(f'<text:p text:style-name="{"T" if n == 0 else "P"}">{escape(line)}</text:p>'
                             for n, line in enumerate(lines)) + '<text:p text:style-name="B"/>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
        'office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.text">'
        '<office:automatic-styles>'
        '<style:style style:name="T" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>'
        '<style:text-properties fo:font-size="48pt" style:font-name-asian="AR PL UKai CN"/></style:style>'
        '<style:style style:name="P" style:family="paragraph">'
        '<style:text-properties fo:font-size="22pt" style:font-name-asian="AR PL UKai CN"/></style:style>'
        '<style:style style:name="B" style:family="paragraph"><style:paragraph-properties fo:break-after="page"/>'
        '</style:style></office:automatic-styles>'
        '<office:body><office:text>' + "".join(pages) + '</office:text></office:body></office:document>'
    )


def _mail_merge_figure(items, program_seconds: float) -> Figure:
    """LibreOffice headless converting the same certificates (a merged flat ODT) to PDF, when installed."""
    import shutil
    import subprocess

    name = f"{len(items):,} honour certificates vs a LibreOffice mail merge of the same pages"
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        return Figure(name, program_seconds, "soffice --headless --convert-to pdf (not installed: `make bench-peer`)",
                      0.0, "≥ 4 × faster", None, "NOT measured: soffice is not installed on this machine")
    folder = Path(tempfile.mkdtemp(prefix="bench-merge-"))
    try:
        source = folder / "merged.fodt"
        source.write_text(_fodt(items), encoding="utf-8")
        warm = folder / "warm.fodt"
        warm.write_text(_fodt(items[:1]), encoding="utf-8")
        profile = folder / "profile"
        command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                   "--outdir", str(folder)]
        subprocess.run([*command, str(warm)], capture_output=True, timeout=600, check=False)  # unmeasured: profile
        command.append(str(source))
        started = time.perf_counter()
        subprocess.run(command, capture_output=True, timeout=1800, check=True)
        peer = time.perf_counter() - started
        produced = (folder / "merged.pdf").exists()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    faster = peer / program_seconds if program_seconds else 0.0
    return Figure(name, program_seconds, "LibreOffice headless converting the merged document (flat ODT) to PDF",
                  peer, "≥ 4 × faster", produced and faster >= 4.0,
                  f"the program is {faster:,.1f} × faster; the peer only lays out and converts text already merged "
                  "(no database, no numbering)" + ("" if produced else "; soffice wrote no PDF"))
