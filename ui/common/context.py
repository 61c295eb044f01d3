"""What a screen needs to work, handed to it explicitly instead of through a global."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal

from desk.core.periods import Period
from desk.db.database import Database
from desk.db.records import Actor
from desk.reports.registry import ReportRegistry, build_report_registry
from ui.common.registry import UiRegistry, build_registry


@dataclass(frozen=True)
class OfficeInfo:
    """This office as the screens show it."""

    name: str
    code: str
    level: str


class AppContext(QObject):
    """The open database, the acting user, this office, the current period, the ui registry and the report registry."""

    period_changed = Signal(object)
    data_changed = Signal(str)  # an area key whose records changed (for the home screen and lists)

    def __init__(self, database: Database, actor: Actor, office: OfficeInfo, period: Period,
                 registry: UiRegistry | None = None, reports: ReportRegistry | None = None):
        super().__init__()
        self.registry = registry if registry is not None else build_registry()
        self._reports = reports
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

    def set_period(self, period: Period) -> None:
        """Change the current period and tell every screen."""
        self.period = period
        self.period_changed.emit(period)
