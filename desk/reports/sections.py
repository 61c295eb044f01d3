"""The registries areas fill: summary sections and their sentence writers, home-screen figures, attention items.

An area adds to the work summary by registering, in its ``desk/<area>/report.py``, a sentence
writer ``(session, period, scope) -> list[str]`` for one of the sections below (and optionally
a table).  The home screen shows the figures and attention items registered the same way.
``load_contributions()`` imports every ``desk/<package>/report.py`` once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from desk.core.i18n import N_, NP_
from desk.core.periods import Period
from desk.office.scope import Scope
from desk.plugins import package_modules
from desk.reports.tables import StatTable

SentenceWriter = Callable[[Session, Period, Scope], list[str]]
TableWriter = Callable[[Session, Period, Scope], StatTable | None]


@dataclass
class Section:
    """A section of the work summary: heading, sentence writers and table writers keyed by contributor."""

    key: str
    order: int
    heading: str  # message id; empty for the opening overview, which prints without a heading
    sentences: dict[str, SentenceWriter] = field(default_factory=dict)
    tables: dict[str, TableWriter] = field(default_factory=dict)
    sentence_order: dict[str, int] = field(default_factory=dict)
    # The generated sentences close this many opening narrative paragraphs (0: they come first).
    sentences_after: int = 0

    def writers(self) -> list[SentenceWriter]:
        """Return the sentence writers in their registered order (then by contributor)."""
        keys = sorted(self.sentences, key=lambda key: (self.sentence_order.get(key, 50), key))
        return [self.sentences[key] for key in keys]


# The seed summary's order.  Headings are the seed's where they are general enough.
_SECTIONS: dict[str, Section] = {}


def _builtin(key: str, order: int, heading: str) -> None:
    _SECTIONS[key] = Section(key, order, heading)


_builtin("overview", 0, "")
_SECTIONS["overview"].sentences_after = 1  # the seed names the honours after its opening paragraph
_builtin("performance", 10, N_("深入开展绩效考评，提高机关执行力，提升工作绩效"))
_builtin("festivals", 20, N_("做好“节”字文章，以“节”为契机推进妇女工作"))
_builtin("relief", 30, N_("做好“帮”字文章，关爱困难妇女儿童"))
_builtin("rights", 40, N_("做好“维”字文章，在共筑平安中推进妇女工作"))
_builtin("family", 50, N_("做好“家”字文章，在共建和谐社会中推进妇女工作"))
_builtin("training", 60, N_("做好“培”字文章，在共促科学发展中推进妇女工作"))
_builtin("organisation", 70, N_("做好“本”字文章，在党建带妇建中推进妇女工作"))
_builtin("plans", 90, N_("下半年重要工作安排"))

SECTION_NAMES = {
    "overview": N_("总体情况"),
    "performance": N_("绩效工作"),
    "festivals": NP_("summary section", "节日活动"),
    "relief": N_("慰问帮扶"),
    "rights": N_("维权信访"),
    "family": N_("家庭工作"),
    "training": N_("培训"),
    "organisation": N_("组织建设"),
    "plans": N_("下阶段工作安排"),
}


def sections() -> list[Section]:
    """Return the summary's sections in order (after loading the areas' contributions)."""
    load_contributions()
    return sorted(_SECTIONS.values(), key=lambda section: (section.order, section.key))


def section(key: str) -> Section:
    """Return section ``key``; raise KeyError if there is none."""
    load_contributions()
    return _SECTIONS[key]


def add_section(key: str, order: int, heading: str, name: str) -> None:
    """Add a section of an area's own (``heading`` and ``name`` are message ids)."""
    _SECTIONS.setdefault(key, Section(key, order, heading))
    SECTION_NAMES.setdefault(key, name)


def add_sentences(section_key: str, contributor: str, writer: SentenceWriter, order: int = 50) -> None:
    """Register ``writer`` to open section ``section_key`` with sentences written from statistics (lower ``order`` first)."""
    _SECTIONS[section_key].sentences[contributor] = writer
    _SECTIONS[section_key].sentence_order[contributor] = order


def add_table(section_key: str, contributor: str, writer: TableWriter) -> None:
    """Register a table printed at the end of section ``section_key``."""
    _SECTIONS[section_key].tables[contributor] = writer


# -- the home screen ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figure:
    """One key figure: a label and its value already written (79件(次), 1.7万元)."""

    label: str
    value: str


@dataclass(frozen=True)
class FigureGroup:
    """An area's figures on the home screen."""

    key: str
    order: int
    title: str  # message id
    figures: Callable[[Session, Period, Scope], list[Figure]]


@dataclass(frozen=True)
class AttentionSource:
    """Something that may need the clerk's attention (petitions past their deadline ...)."""

    key: str
    order: int
    items: Callable[[Session, Period, Scope], list[str]]


_FIGURES: dict[str, FigureGroup] = {}
_ATTENTION: dict[str, AttentionSource] = {}


def add_figures(key: str, order: int, title: str, figures: Callable[[Session, Period, Scope], list[Figure]]) -> None:
    """Register an area's key figures for the home screen."""
    _FIGURES[key] = FigureGroup(key, order, title, figures)


def add_attention(key: str, order: int, items: Callable[[Session, Period, Scope], list[str]]) -> None:
    """Register a source of attention items (each a sentence) for the home screen."""
    _ATTENTION[key] = AttentionSource(key, order, items)


def figure_groups() -> list[FigureGroup]:
    """Return the registered figure groups in order."""
    load_contributions()
    return sorted(_FIGURES.values(), key=lambda group: (group.order, group.key))


def attention_sources() -> list[AttentionSource]:
    """Return the registered attention sources in order."""
    load_contributions()
    return sorted(_ATTENTION.values(), key=lambda source: (source.order, source.key))


_loaded = False


def load_contributions() -> None:
    """Import every ``desk/<package>/report.py`` once so areas can register their parts."""
    global _loaded
    if _loaded:
        return
    _loaded = True
    package_modules("report")
