"""What areas contribute to the summary and the home screen: sections with sentence writers, figures, attention items.

An area adds to the work summary by adding, from ``contribute(registry)`` in its
``desk/<area>/report.py``, a sentence writer ``(session, period, scope) -> list[str]`` for a
section (and optionally a table); the home screen shows the figures and attention items added
the same way.  The registry that holds them is ``desk/reports/registry.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from desk.core.periods import Period
from desk.office.scope import Scope
from desk.reports.tables import StatTable

SentenceWriter = Callable[[Session, Period, Scope], list[str]]
TableWriter = Callable[[Session, Period, Scope], StatTable | None]


@dataclass
class Section:
    """A section of the work summary: heading, sentence writers and table writers keyed by contributor."""

    key: str
    order: int
    heading: str  # message id; empty for the opening overview, which prints without a heading
    name: str = ""  # message id: the short name the narratives editor and warnings use
    sentences: dict[str, SentenceWriter] = field(default_factory=dict)
    tables: dict[str, TableWriter] = field(default_factory=dict)
    sentence_order: dict[str, int] = field(default_factory=dict)
    # The generated sentences close this many opening narrative paragraphs (0: they come first).
    sentences_after: int = 0

    def writers(self) -> list[SentenceWriter]:
        """Return the sentence writers in their registered order (then by contributor)."""
        keys = sorted(self.sentences, key=lambda key: (self.sentence_order.get(key, 50), key))
        return [self.sentences[key] for key in keys]


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
