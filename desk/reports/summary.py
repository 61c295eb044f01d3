"""The work summary: each section's generated sentences, the narrative typed for it, and its tables, as one PDF."""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk.core.errors import Cancelled
from desk.core.i18n import _
from desk.core.periods import Period
from desk.core.roles import DO_PRINT, require
from desk.core.validation import Checker
from desk.db.base import utcnow
from desk.db.records import Actor
from desk.office.scope import Scope
from desk.reports import layout
from desk.reports.fonts import FontSet
from desk.reports.model import SectionNarrative
from desk.reports.tables import StatTable

if TYPE_CHECKING:
    from desk.reports.registry import ReportRegistry

log = logging.getLogger(__name__)

MAX_NARRATIVE = 20_000
_ORDINALS = "一二三四五六七八九十"
_LEVEL2 = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")

Progress = Callable[[int, int], bool]  # (done, total) → False to cancel


# -- narratives ---------------------------------------------------------------------------------

def load_narratives(session: Session, period: Period) -> dict[str, str]:
    """Return section key → the narrative typed for ``period``."""
    rows = session.execute(
        select(SectionNarrative.section_key, SectionNarrative.text).where(SectionNarrative.period_code == period.code)
    )
    return {row.section_key: row.text for row in rows}


def save_narrative(session: Session, actor: Actor, section_key: str, period: Period, text: str, *,
                   reports: ReportRegistry) -> None:
    """Store the narrative of one section and period.

    Raises PermissionDenied without the print right (the summary is a printout, as on the
    reports screen) and ValidationError if the text is too long or the section is not in ``reports``.
    """
    require(actor, DO_PRINT)
    name = _(reports.section_name(section_key))
    checker = Checker({"narrative": text})
    cleaned = checker.text("narrative", _("“{section}”的文字").format(section=name), max_length=MAX_NARRATIVE)
    if section_key not in reports.section_map:
        checker.add("narrative", _("没有名为“{section}”的总结部分").format(section=section_key))
    checker.raise_if_any()
    row = session.scalars(
        select(SectionNarrative).where(
            SectionNarrative.section_key == section_key, SectionNarrative.period_code == period.code
        )
    ).first()
    if row is None:
        row = SectionNarrative(section_key=section_key, period_code=period.code)
        session.add(row)
    row.text = cleaned
    row.updated_at = utcnow()
    row.updated_by = actor.user
    session.flush()


# -- content -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SectionContent:
    """What one section prints: heading, sentences from statistics, the typed narrative, tables."""

    key: str
    heading: str
    sentences: tuple[str, ...]
    narrative: str
    tables: tuple[StatTable, ...]
    sentences_after: int = 0
    name: str = ""  # message id: the section's short name (the key when empty)

    @property
    def empty(self) -> bool:
        return not self.sentences and not self.narrative.strip() and not self.tables


def generated_sentences(session: Session, period: Period, scope: Scope, section_key: str, *,
                        reports: ReportRegistry) -> list[str]:
    """Return the sentences the writers in ``reports`` produce for one section (none for an unknown section)."""
    section = reports.section_map.get(section_key)
    if section is None:
        return []
    return [sentence for writer in section.writers() for sentence in writer(session, period, scope)]


def collect(session: Session, period: Period, scope: Scope, progress: Progress | None = None, *,
            reports: ReportRegistry) -> list[SectionContent]:
    """Return every section's content for ``period`` and ``scope``; raise Cancelled if ``progress`` says stop."""
    narratives = load_narratives(session, period)
    result = []
    all_sections = reports.sections()
    for number, section in enumerate(all_sections):
        if progress is not None and not progress(number, len(all_sections) + 1):
            raise Cancelled(_("已取消"))
        sentences = [s for writer in section.writers() for s in writer(session, period, scope)]
        tables = [t for writer in section.tables.values() if (t := writer(session, period, scope)) is not None and t.rows]
        heading = _(section.heading) if section.heading else ""
        if section.key == "plans" and not (period.kind == "half" and period.start.month == 1):
            heading = _("下一阶段重要工作安排")
        result.append(SectionContent(section.key, heading, tuple(sentences), narratives.get(section.key, ""), tuple(tables),
                                     section.sentences_after, section.name))
    return result


def summary_title(office: str, period: Period) -> str:
    """Return the summary's title: 北流市妇女联合会2020年上半年工作总结."""
    return _("{office}{period}工作总结").format(office=office, period=period.label)


def summary_blocks(contents: list[SectionContent], office: str, period: Period, day: dt.date) -> list[layout.Block]:
    """Return the document: title, the sections that have something to say (numbered 一、二、…), signature."""
    blocks = [layout.title(summary_title(office, period))]
    number = 0
    for content in contents:
        if content.empty:
            continue
        name = _(content.name or content.key)
        if content.heading:
            ordinal = _ORDINALS[number] if number < len(_ORDINALS) else str(number + 1)
            number += 1
            blocks.append(layout.heading(1, _("{number}、{heading}").format(number=ordinal, heading=content.heading)))
        lines = [line.strip() for line in content.narrative.splitlines() if line.strip()]
        after = content.sentences_after if len(lines) > content.sentences_after else 0
        if content.sentences and after:
            lines[after - 1] += "".join(content.sentences)
        elif content.sentences:
            blocks.append(layout.paragraph("".join(content.sentences), source=name))
        for text in lines:
            if _LEVEL2.match(text):
                blocks.append(layout.heading(2, text))
            else:
                blocks.append(layout.paragraph(text, source=name))
        blocks += [layout.table_block(table) for table in content.tables]
    blocks.append(layout.signature(office, day))
    return blocks


def render_summary(
    session: Session,
    period: Period,
    scope: Scope,
    office: str,
    day: dt.date | None = None,
    fonts: FontSet | None = None,
    progress: Progress | None = None,
    *,
    reports: ReportRegistry,
) -> bytes:
    """Return the work summary PDF of the sections in ``reports``; raise DeskError (a character no font has, or Cancelled)."""
    contents = collect(session, period, scope, progress, reports=reports)
    blocks = summary_blocks(contents, office, period, day or dt.date.today())
    if progress is not None and not progress(len(contents), len(contents) + 1):
        raise Cancelled(_("已取消"))
    pdf = layout.render_document(blocks, office, fonts)
    log.info("Summary for %s: %d sections printed", period.code, sum(1 for c in contents if not c.empty))
    return pdf
