"""The 维权信访 screen: petitions beside their form, overdue rows in red, the period's answer rate on top."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QWidget

from desk.core.formatting import rate_text
from desk.core.i18n import N_, _
from desk.core.periods import Period
from desk.office.scope import Scope
from desk.petitions import service
from desk.petitions.fields import PETITION
from desk.petitions.queries import CATEGORY_CHOICES, CHANNEL_CHOICES, STATUS_CHOICES, PetitionSource
from desk.petitions.rules import reception_day
from desk.petitions.stats import petition_stats
from ui.common.context import AppContext
from ui.common.directory import LEADERS
from ui.common.fields import ChoiceEditor, form_field, form_fields
from ui.common.lookup import Lookup
from ui.common.messages import show_error
from ui.common.record_screen import FilterSpec, RecordScreen, RecordScreenSpec
from ui.common.table_model import list_columns
from ui.petitions.form import PetitionForm, StepsGrid

OVERDUE_CHOICES = (("yes", N_("已超期")), ("no", N_("未超期")))
ALL_TIME = Period(dt.date(1900, 1, 1), dt.date(2100, 12, 31), "custom")

CATEGORY_PICK = form_field(PETITION["category"], kind="choice", required=False)  # starts empty

FIELDS = form_fields(
    PETITION,
    # Required, but the list starts empty so a forgotten category is caught instead of defaulting.
    category={"kind": "custom", "editor": lambda: ChoiceEditor(CATEGORY_PICK)},
    first_receiver={"kind": "combo", "lookup": Lookup(service.find_receivers)},
    reception_day={"read_only": True},
    leader={"kind": "combo", "lookup": LEADERS},
    steps={"editor": StepsGrid},
)

COLUMNS = list_columns(PETITION)


class PetitionScreen(RecordScreen):
    """The record screen with the figures of what the list shows and a live reception-day mark."""

    def __init__(self, context: AppContext, spec: RecordScreenSpec, clock: Callable[[], dt.date]):
        # Set before the base constructor: it calls refresh(), which fills the figures line.
        self.clock = clock
        self.stats_label = QLabel()
        self.stats_label.setObjectName("petition_stats")
        self.stats_label.setWordWrap(True)
        super().__init__(context, spec)
        self.list_layout.insertWidget(0, self.stats_label)
        with context.sessions() as session:
            self.reception_day = reception_day(session)
        self.form.field("received_on").changed.connect(self._on_received_on_changed)

    def refresh(self, select: str | None = None) -> None:
        super().refresh(select)
        self._update_stats()

    def _update_stats(self) -> None:
        query = self.list_query()
        try:
            with self.context.sessions() as session:
                stats = petition_stats(session, query.period or ALL_TIME, Scope(None, True), self.clock())
        except Exception as exc:  # noqa: BLE001 - the figures never take the list down; the error is still told once
            self.stats_label.setText(_("统计数字暂时无法显示，原因已记录在日志中"))
            if not getattr(self, "_stats_error_shown", False):
                self._stats_error_shown = True
                show_error(self, exc)
            return
        rate = rate_text(stats.answered, stats.total) or "—"
        self.stats_label.setText(
            _("共 {total} 件（来访 {visits}、来信 {letters}、来电 {calls}），已答复 {answered} 件，"
              "处理答复率 {rate}，超期 {overdue} 件").format(
                total=stats.total, visits=stats.visits, letters=stats.letters, calls=stats.calls,
                answered=stats.answered, rate=rate, overdue=stats.overdue,
            )
        )
        self.stats_label.setStyleSheet("color: #b00020;" if stats.overdue else "")

    def _on_received_on_changed(self) -> None:
        received = self.form.field("received_on").value()
        self.form.field("reception_day").set_value(bool(received and received.day == self.reception_day))


def make_spec(clock: Callable[[], dt.date]) -> RecordScreenSpec:
    """Return the screen's declaration; ``clock`` gives the day on which "overdue" is decided."""
    return RecordScreenSpec(
        key="petitions",
        title=N_("维权信访"),
        record_name=N_("信访件"),
        fields=FIELDS,
        columns=COLUMNS,
        source=PetitionSource(clock=clock),
        load=service.load_petition,
        save=service.save_petition,
        delete=service.delete_petition,
        defaults=lambda context: {"channel": "visit", "status": "received", "people_count": 1, "received_on": clock()},
        filters=(
            FilterSpec("status", N_("状态"), STATUS_CHOICES),
            FilterSpec("overdue", N_("超期"), OVERDUE_CHOICES),
            FilterSpec("channel", N_("方式"), CHANNEL_CHOICES),
            FilterSpec("category", N_("类别"), CATEGORY_CHOICES),
        ),
        period_filter=True,
        title_key="petitioner_name",
        form_factory=PetitionForm,
        search_hint=N_("按信访人、首问接访人、反映问题或拼音首字母搜索"),
    )


def make_screen(context: AppContext, clock: Callable[[], dt.date] = dt.date.today) -> QWidget:
    """Return the petitions screen; overdue is decided on ``clock()`` (today unless a test fixes it)."""
    return PetitionScreen(context, make_spec(clock), clock)
