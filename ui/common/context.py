"""What a screen needs to work, handed to it explicitly instead of through a global."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desk.console import Registries
from desk.core.periods import Period
from desk.db.database import Database
from desk.db.records import Actor
from ui.common.registry import UiRegistry, build_registry

if TYPE_CHECKING:
    from desk.exchange.travel import TravelSet
    from desk.reports.registry import ReportRegistry
    from desk.sheets.catalog import SheetCatalog


@dataclass(frozen=True)
class OfficeInfo:
    """This office as the screens show it."""

    name: str
    code: str
    level: str


class AppContext(QObject, Registries):
    """The open database, the acting user, this office, the current period, the ui registry, and what a run
    collects from the packages (``reports``, ``travel``, ``sheets``: desk.console.Registries)."""

    period_changed = Signal(object)
    data_changed = Signal(str)  # an area key whose records changed (for the home screen and lists)

    def __init__(self, database: Database, actor: Actor, office: OfficeInfo, period: Period,
                 registry: UiRegistry | None = None, reports: ReportRegistry | None = None,
                 travel: TravelSet | None = None, sheets: SheetCatalog | None = None):
        QObject.__init__(self)
        Registries.__init__(self, reports, travel, sheets)
        self.registry = registry if registry is not None else build_registry()
        self.database = database
        self.sessions = database.sessions
        self.actor = actor
        self.office = office
        self.period = period

    def set_period(self, period: Period) -> None:
        """Change the current period and tell every screen."""
        self.period = period
        self.period_changed.emit(period)
