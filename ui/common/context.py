"""What a screen needs to work, handed to it explicitly instead of through a global."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desk.core.periods import Period
from desk.db.database import Database
from desk.db.records import Actor
from desk.reports.registry import ReportRegistry, build_report_registry
from ui.common.registry import UiRegistry, build_registry

if TYPE_CHECKING:
    from desk.exchange.travel import TravelSet
    from desk.sheets.catalog import SheetCatalog


@dataclass(frozen=True)
class OfficeInfo:
    """This office as the screens show it."""

    name: str
    code: str
    level: str


class AppContext(QObject):
    """The open database, the acting user, this office, the current period; the ui and report registries, the
    travelling tables and the sheet catalogue (each the one given, else built at first use and kept)."""

    period_changed = Signal(object)
    data_changed = Signal(str)  # an area key whose records changed (for the home screen and lists)

    def __init__(self, database: Database, actor: Actor, office: OfficeInfo, period: Period,
                 registry: UiRegistry | None = None, reports: ReportRegistry | None = None,
                 travel: TravelSet | None = None, sheets: SheetCatalog | None = None):
        super().__init__()
        self.registry = registry if registry is not None else build_registry()
        self._reports = reports
        self._travel = travel
        self._sheets = sheets
        self.database = database
        self.sessions = database.sessions
        self.actor = actor
        self.office = office
        self.period = period

    @property
    def reports(self) -> ReportRegistry:
        """The report registry (sections, tables, home figures, award source): the one given, else built at first use."""
        if self._reports is None:
            self._reports = build_report_registry()
        return self._reports

    @property
    def travel(self) -> TravelSet:
        """The travelling tables the exchange screens export and import: the ones given, else the program's."""
        if self._travel is None:
            from desk.exchange.travel import program_tables

            self._travel = program_tables()
        return self._travel

    @property
    def sheets(self) -> SheetCatalog:
        """The Excel sheets (import, export, templates): the catalogue given, else discovered at first use."""
        if self._sheets is None:
            from desk.sheets.catalog import discover_sheets

            self._sheets = discover_sheets()
        return self._sheets

    def set_period(self, period: Period) -> None:
        """Change the current period and tell every screen."""
        self.period = period
        self.period_changed.emit(period)
