"""The report registry: what the areas contribute to the reports, collected into one object built at start.

Each ``desk/<package>/report.py`` may define ``contribute(registry)``, which adds the package's
summary sentences and tables, statistics tables, monthly series, home-screen figures and
attention items, and (the commendations area) the award source certificates print from.
``build_report_registry()`` returns a new registry filled by every package; the program builds
one at start and hands it on (the CLI's context, the window's ``AppContext``), and a test builds
its own, so nothing one test registers can reach another.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session

from desk.core.i18n import N_, NP_
from desk.core.periods import Period
from desk.office.scope import Scope
from desk.plugins import package_modules
from desk.reports.sections import AttentionSource, Figure, FigureGroup, Section, SentenceWriter, TableWriter
from desk.reports.tables import MonthlySeries, TableBuilder, TableEntry

if TYPE_CHECKING:  # with ReportLab: loaded when certificates are made, not when the window opens
    from desk.reports.certificates import CertificateItem

# Returns the awards of a period (or of chosen ids) as certificate items; called as
# ``source(session, period, award_ids)`` or with ``event_id=...`` for every award of one event.
AwardSource = Callable[..., "list[CertificateItem]"]

# The seed summary's sections and order.  Headings are the seed's where they are general enough.
_BUILTIN_SECTIONS = (
    ("overview", 0, "", N_("总体情况")),
    ("performance", 10, N_("深入开展绩效考评，提高机关执行力，提升工作绩效"), N_("绩效工作")),
    ("festivals", 20, N_("做好“节”字文章，以“节”为契机推进妇女工作"), NP_("summary section", "节日活动")),
    ("relief", 30, N_("做好“帮”字文章，关爱困难妇女儿童"), N_("慰问帮扶")),
    ("rights", 40, N_("做好“维”字文章，在共筑平安中推进妇女工作"), N_("维权信访")),
    ("family", 50, N_("做好“家”字文章，在共建和谐社会中推进妇女工作"), N_("家庭工作")),
    ("training", 60, N_("做好“培”字文章，在共促科学发展中推进妇女工作"), N_("培训")),
    ("organisation", 70, N_("做好“本”字文章，在党建带妇建中推进妇女工作"), N_("组织建设")),
    ("plans", 90, N_("下半年重要工作安排"), N_("下阶段工作安排")),
)


@dataclass
class ReportRegistry:
    """Summary sections, statistics tables, monthly series, home figures, attention items and the award source."""

    section_map: dict[str, Section] = field(default_factory=dict)
    table_map: dict[str, TableEntry] = field(default_factory=dict)
    monthly_map: dict[str, MonthlySeries] = field(default_factory=dict)
    figure_map: dict[str, FigureGroup] = field(default_factory=dict)
    attention_map: dict[str, AttentionSource] = field(default_factory=dict)
    award_source: AwardSource | None = None

    # -- what the areas call from ``contribute(registry)`` ---------------------------------------

    def add_section(self, key: str, order: int, heading: str, name: str) -> None:
        """Add a summary section (``heading`` and ``name`` are message ids; an empty heading prints none)."""
        self.section_map.setdefault(key, Section(key, order, heading, name))

    def add_sentences(self, section_key: str, contributor: str, writer: SentenceWriter, order: int = 50) -> None:
        """Let ``writer`` open section ``section_key`` with sentences written from statistics (lower ``order`` first)."""
        self.section_map[section_key].sentences[contributor] = writer
        self.section_map[section_key].sentence_order[contributor] = order

    def add_section_table(self, section_key: str, contributor: str, writer: TableWriter) -> None:
        """Print the table ``writer`` returns at the end of section ``section_key``."""
        self.section_map[section_key].tables[contributor] = writer

    def register_table(self, key: str, order: int, build: TableBuilder) -> None:
        """Add (or replace) the statistics table ``key``; tables print in ``order``."""
        self.table_map[key] = TableEntry(key, order, build)

    def add_monthly(self, key: str, order: int, title: str, count: Callable[[Session, Period, Scope], int],
                    on_home: bool = True) -> None:
        """Add a monthly series; ``key`` is the key of the area's table, whose PDF page then shows it as bars."""
        self.monthly_map[key] = MonthlySeries(key, order, title, count, on_home)

    def add_figures(self, key: str, order: int, title: str,
                    figures: Callable[[Session, Period, Scope], list[Figure]]) -> None:
        """Add an area's key figures for the home screen."""
        self.figure_map[key] = FigureGroup(key, order, title, figures)

    def add_attention(self, key: str, order: int, items: Callable[[Session, Period, Scope], list[str]]) -> None:
        """Add a source of attention items (each a sentence) for the home screen."""
        self.attention_map[key] = AttentionSource(key, order, items)

    # -- what the reports read --------------------------------------------------------------------

    def sections(self) -> list[Section]:
        """Return the summary's sections in order."""
        return sorted(self.section_map.values(), key=lambda section: (section.order, section.key))

    def section(self, key: str) -> Section:
        """Return section ``key``; raise KeyError if there is none."""
        return self.section_map[key]

    def section_name(self, key: str) -> str:
        """Return the short name (message id) of section ``key``, or the key for an unknown one."""
        found = self.section_map.get(key)
        return found.name if found is not None and found.name else key

    def tables(self) -> list[TableEntry]:
        """Return the statistics tables in order."""
        return sorted(self.table_map.values(), key=lambda entry: (entry.order, entry.key))

    def monthly_series(self) -> list[MonthlySeries]:
        """Return the monthly series in order."""
        return sorted(self.monthly_map.values(), key=lambda series: (series.order, series.key))

    def figure_groups(self) -> list[FigureGroup]:
        """Return the home screen's figure groups in order."""
        return sorted(self.figure_map.values(), key=lambda group: (group.order, group.key))

    def attention_sources(self) -> list[AttentionSource]:
        """Return the home screen's attention sources in order."""
        return sorted(self.attention_map.values(), key=lambda source: (source.order, source.key))


def empty_report_registry() -> ReportRegistry:
    """Return a registry with the summary's built-in sections and no contributions."""
    registry = ReportRegistry()
    for key, order, heading, name in _BUILTIN_SECTIONS:
        registry.add_section(key, order, heading, name)
    registry.section_map["overview"].sentences_after = 1  # the seed names the honours after its opening paragraph
    return registry


def build_report_registry(contributors: Sequence[Callable[[ReportRegistry], None]] | None = None) -> ReportRegistry:
    """Return a new registry filled by ``contributors`` (default: every ``desk/<package>/report.py``'s ``contribute``)."""
    registry = empty_report_registry()
    if contributors is None:
        contributors = [module.contribute for module in package_modules("report") if hasattr(module, "contribute")]
    for contribute in contributors:
        contribute(registry)
    return registry
