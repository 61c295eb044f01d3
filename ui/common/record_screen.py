"""The record-screen pattern: a searchable lazy list beside a form, wired to desk/ services.

An area declares a ``RecordScreenSpec`` (fields, columns, list source, load/save/delete
functions) and gets a screen with search, period and filter controls, inline validation,
Ctrl+N / Ctrl+S / Esc / Delete, and a question before unsaved changes are lost.  The screen
opens one transaction per user action; the form never sees a session.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desk.core.errors import ChangedMeanwhile, ValidationError
from desk.core.i18n import _, ngettext
from desk.db.listing import ListQuery, ListSource
from desk.db.records import CHANGED_AT_ONCE, Actor, expect_revision, loaded_revision
from ui.common.context import AppContext
from ui.common.drafts import DraftKeeper
from ui.common.fields import Choices, FieldSpec
from ui.common.form import RecordForm
from ui.common.keyboard import FOCUS_STYLE
from ui.common.messages import Unsaved, ask_unsaved, confirm, show_error
from ui.common.operations import Operation, SessionMode
from ui.common.table_model import KIND_SAMPLES, ColumnSpec, LazyTableModel, display_value

SEARCH_DELAY_MS = 250


log = logging.getLogger(__name__)

# How often a list on the office server looks for records other clerks added.
SHARED_REFRESH_MS = 30_000


@dataclass(frozen=True)
class FilterSpec:
    """A drop-down filter above the list; the empty first entry means "all"."""

    key: str
    label: str
    choices: Choices


@dataclass(frozen=True)
class RecordScreenSpec:
    """Everything an area declares to get a record screen."""

    key: str
    title: str
    record_name: str
    fields: tuple[FieldSpec, ...]
    columns: tuple[ColumnSpec, ...]
    source: ListSource
    load: Callable[[Session, str], dict[str, Any]]
    save: Callable[[Session, Actor, str | None, dict[str, Any]], str]
    delete: Callable[[Session, Actor, str], None] | None = None
    defaults: Callable[[AppContext], dict[str, Any]] = lambda context: {}
    filters: tuple[FilterSpec, ...] = ()
    period_filter: bool = False
    title_key: str = "name"
    form_factory: Callable[[tuple[FieldSpec, ...]], RecordForm] | None = None
    search_hint: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


class RecordScreen(QWidget):
    """A list of records and the form of the selected one."""

    record_saved = Signal(str)
    record_deleted = Signal(str)

    def __init__(self, context: AppContext, spec: RecordScreenSpec, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.spec = spec
        self.editing_id: str | None = None
        self.editing_revision: int | None = None
        self.dirty = False
        self._current_row = -1
        self._build()
        self._retranslate()
        context.period_changed.connect(self._on_period_changed)
        self.refresh()
        self.new_record(ask=False)
        self._apply_permissions()
        self.drafts: DraftKeeper | None = None
        if not self.read_only and self.spec.extra.get("drafts", True):
            self.drafts = DraftKeeper(self, self)
            self.outer_layout.insertWidget(1, self.drafts.banner)  # under the search bar
            self.drafts.check()

    def _apply_permissions(self) -> None:
        """Hide editing from users who may only read (desk/ refuses their writes anyway)."""
        from desk.core.roles import WRITE, allowed

        self.read_only = not allowed(self.context.actor, WRITE)
        if self.read_only:
            for button in (self.new_button, self.delete_button, self.save_button, self.cancel_button):
                button.setVisible(False)
            self.form.setEnabled(False)

    # -- building ---------------------------------------------------------------------------
    def _build(self) -> None:
        self.search_edit = QLineEdit()
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setObjectName("search")
        self.search_edit.setMinimumWidth(self.search_edit.fontMetrics().horizontalAdvance("按信访人首问接访人"))
        self.period_combo = QComboBox()
        self.period_combo.setVisible(self.spec.period_filter)
        self.filter_combos: dict[str, QComboBox] = {}
        self.filter_labels: dict[str, QLabel] = {}
        self.new_button = QPushButton()
        self.delete_button = QPushButton()
        self.delete_button.setVisible(self.spec.delete is not None)
        self.count_label = QLabel()

        top = QHBoxLayout()
        self.search_label = QLabel()
        self.search_label.setBuddy(self.search_edit)
        top.addWidget(self.search_label)
        top.addWidget(self.search_edit, 2)
        top.addWidget(self.period_combo)
        # Filters beside the search box squeeze it (and widen the window in English or at 125 %):
        # they get a row of their own under it.
        self.filter_row: QHBoxLayout | None = QHBoxLayout() if self.spec.filters else None
        filter_layout = self.filter_row if self.filter_row is not None else top
        for spec in self.spec.filters:
            label = QLabel()
            combo = QComboBox()
            combo.setObjectName(f"filter_{spec.key}")
            self._fit_combo(combo)
            combo.currentIndexChanged.connect(lambda _index: self.refresh())
            self.filter_labels[spec.key] = label
            self.filter_combos[spec.key] = combo
            filter_layout.addWidget(label)
            filter_layout.addWidget(combo)
        if self.filter_row is not None:
            self.filter_row.addStretch(1)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.delete_button)
        for hook in self.context.registry.toolbar_hooks:  # e.g. ui/sheets: 导入Excel/导出Excel
            hook(self, top)

        # The list shows its first page at once; the exact count (long on a big table) follows, counted
        # off the GUI thread so the window stays free while a large table or a distant server counts.
        self.model = LazyTableModel(self.spec.columns, self._count, self._fetch, self, count_later=True,
                                    start_count=self._start_count)
        self.model.counted.connect(self._show_count)
        # On the office server other clerks add records too: look for new ones now and then.
        self._shared_count: Operation | None = None
        self.shared_timer = QTimer(self)
        self.shared_timer.setInterval(SHARED_REFRESH_MS)
        self.shared_timer.timeout.connect(self._on_shared_timer_timeout)
        if self.context.database.path is None:
            self.shared_timer.start()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # No sort column at first: the list keeps the area's default order until a header is clicked.
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        metrics = self.table.horizontalHeader().fontMetrics()
        cells = self.table.fontMetrics()
        for number, column in enumerate(self.spec.columns):
            # Never narrower than its header, so headers stay readable in English too; a date or an amount as
            # wide as the widest one this font draws (its declared width in characters only guesses that).
            header = metrics.horizontalAdvance(_(column.label)) + 24
            sample = KIND_SAMPLES.get(column.kind)
            width = cells.horizontalAdvance(display_value(column, sample)) + 16 if sample is not None else column.width
            self.table.setColumnWidth(number, max(width or 110, header))
        self.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)

        factory = self.spec.form_factory or RecordForm
        self.form = factory(self.spec.fields)
        self.form.bind(self.context.sessions)
        self.form.changed.connect(self._on_form_changed)
        self.form.passed_last_field.connect(self._on_form_passed_last_field)
        self.form_title = QLabel()
        self._style_form_title()
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.fontChanged.connect(self._on_app_font_changed)
        self.save_button = QPushButton()
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(True)  # Enter on it saves: Enter from the last field lands here
        self.cancel_button = QPushButton()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        self.form_scroll = scroll
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        form_panel = QWidget()
        form_layout = QVBoxLayout(form_panel)
        form_layout.addWidget(self.form_title)
        form_layout.addWidget(scroll, 1)
        form_layout.addLayout(buttons)

        list_panel = QWidget()
        list_layout = self.list_layout = QVBoxLayout(list_panel)  # a screen may add a line above the list
        list_layout.setContentsMargins(0, 0, 0, 0)
        list_layout.addWidget(self.table, 1)
        list_layout.addWidget(self.count_label)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(list_panel)
        self.splitter.addWidget(form_panel)
        # The form is where typing happens: it gets half the width, so its grids show their columns.
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

        self.setStyleSheet(FOCUS_STYLE)
        layout = self.outer_layout = QVBoxLayout(self)
        layout.addLayout(top)
        if self.filter_row is not None:
            layout.addLayout(self.filter_row)
        layout.addWidget(self.splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self._search_timer.start())
        self.period_combo.currentIndexChanged.connect(lambda _index: self.refresh())
        self.new_button.clicked.connect(lambda: self.new_record())
        self.delete_button.clicked.connect(self.delete_record)
        self.save_button.clicked.connect(self.save_record)
        self.cancel_button.clicked.connect(self.cancel_edit)

        for keys, slot in (
            (QKeySequence.StandardKey.New, lambda: self.new_record()),
            (QKeySequence.StandardKey.Save, self.save_record),
            (QKeySequence.StandardKey.Find, self.search_edit.setFocus),
            (QKeySequence(Qt.Key.Key_Escape), self.cancel_edit),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        delete_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete_shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_shortcut.activated.connect(self.delete_record)

    def _on_app_font_changed(self, _font: object) -> None:
        self._style_form_title()

    def _style_form_title(self) -> None:
        # A fifth larger than the text around it, so it grows with 设置 → 字号.
        size = QApplication.font().pointSizeF() * 1.2
        self.form_title.setStyleSheet(f"font-weight: bold; font-size: {size:.1f}pt;")

    @staticmethod
    def _fit_combo(combo: QComboBox) -> None:
        # Long items (English, 125 % text) must not make the top row wider than a 1366-pixel screen.
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)

    def _retranslate(self) -> None:
        self.search_label.setText(_("搜索(&F)："))
        self.search_edit.setPlaceholderText(_(self.spec.search_hint) if self.spec.search_hint else _("输入名称等关键字"))
        self.new_button.setText(_("新建(Ctrl+N)"))
        self.delete_button.setText(_("删除"))
        self.save_button.setText(_("保存(Ctrl+S)"))
        self.cancel_button.setText(_("取消(Esc)"))
        self.period_combo.blockSignals(True)
        index = max(self.period_combo.currentIndex(), 0)
        self.period_combo.clear()
        self.period_combo.addItem(_("当前期间：{period}").format(period=self.context.period.label), "current")
        self.period_combo.addItem(_("全部期间"), "all")
        self.period_combo.setCurrentIndex(index)
        self.period_combo.blockSignals(False)
        for spec in self.spec.filters:
            self.filter_labels[spec.key].setText(_(spec.label) + "：")
            combo = self.filter_combos[spec.key]
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(_("全部"), "")
            for value, label in spec.choices:
                combo.addItem(_(label), value)
            combo.blockSignals(False)
        self._update_title()

    # -- list -------------------------------------------------------------------------------
    def list_query(self, order_by: str | None = None, descending: bool = False) -> ListQuery:
        """Return the query the list shows now."""
        period = self.context.period if self.spec.period_filter and self.period_combo.currentData() == "current" else None
        filters = {key: combo.currentData() for key, combo in self.filter_combos.items()}
        return ListQuery(
            search=self.search_edit.text(), period=period, filters=filters, order_by=order_by, descending=descending
        )

    def _on_shared_timer_timeout(self) -> None:
        """Reload the list when others changed how many records it holds (the form is left alone).

        The count runs off the GUI thread: a server far away or a large table never freezes the window.
        """
        if not self.isVisible() or self._shared_count is not None:
            return
        if not self.model.count_known:
            return  # the list's own count is still coming
        source, query = self.spec.source, self.list_query()
        operation = Operation(self, self.context.sessions, lambda session, _progress: source.count(session, query), "",
                              mode=SessionMode.READ, cancellable=False, quiet=True, small=True)
        operation.succeeded.connect(self._on_shared_count)
        operation.failed.connect(self._on_shared_count_failed)
        operation.done.connect(self._on_shared_count_done)
        self._shared_count = operation.start()

    def _on_shared_count(self, count: object) -> None:
        if self.isVisible() and self.model.count_known and count != self.model.rowCount():
            self.refresh()

    def _on_shared_count_failed(self, error: BaseException) -> None:
        # the server may be briefly away; the next tick tries again
        log.warning("Could not check the list for new records: %s", type(error).__name__,
                    exc_info=(type(error), error, error.__traceback__))

    def _on_shared_count_done(self) -> None:
        operation, self._shared_count = self._shared_count, None
        if operation is not None:
            operation.deleteLater()

    def _start_count(self, deliver: Callable[[int], None]) -> None:
        """Count the list as it is now in the background; ``deliver`` gets the total on the GUI thread."""
        source, query = self.spec.source, self.list_query()
        operation = Operation(self, self.context.sessions, lambda session, _progress: source.count(session, query), "",
                              mode=SessionMode.READ, cancellable=False, quiet=True, small=True)
        operation.succeeded.connect(deliver)
        operation.failed.connect(self._on_count_failed)
        operation.done.connect(operation.deleteLater)
        operation.start()

    def _on_count_failed(self, error: BaseException) -> None:
        # The list is shown; only its total is missing (the server may be briefly away): say so beside it.
        log.warning("Could not count the list: %s", type(error).__name__, exc_info=(type(error), error, error.__traceback__))
        self.count_label.setText(_("未能统计总条数"))

    def _count(self) -> int:
        with self.context.sessions() as session:
            return self.spec.source.count(session, self.list_query())

    def _fetch(self, offset: int, limit: int, order_by: str | None, descending: bool) -> list[dict[str, Any]]:
        with self.context.sessions() as session:
            return self.spec.source.rows(
                session, self.list_query(order_by, descending), offset, limit,
                total=self.model.rowCount() if self.model.count_known else None,
            )

    def refresh(self, select: str | None = None) -> None:
        """Reload the list, keeping (or moving to) the record being edited."""
        self._search_timer.stop()
        try:
            self.model.reload()
        except Exception as exc:  # noqa: BLE001 - a broken query must not take the screen down
            show_error(self, exc)
            return
        if not self.model.count_known:
            self.count_label.setText("")  # filled by _show_count when the count arrives
        self._select_id(select or self.editing_id)

    def _show_count(self, count: int) -> None:
        self.count_label.setText(ngettext("共 {count} 条", "共 {count} 条", count).format(count=count))

    def _select_id(self, record_id: str | None) -> None:
        row = -1
        if record_id is not None and self.model.rowCount():
            self.model.row(0)
            found = self.model.find_cached(record_id)
            row = -1 if found is None else found
        self._current_row = row
        selection = self.table.selectionModel()
        selection.blockSignals(True)
        if row >= 0:
            index = self.model.index(row, 0)
            selection.setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.scrollTo(index)
        else:
            selection.clearSelection()
            selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
        selection.blockSignals(False)

    def _on_table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or current.row() == self._current_row:
            return
        if not self.maybe_leave():
            self._select_id(self.editing_id)
            return
        record_id = self.model.row_id(current.row())
        if record_id is not None:
            self._current_row = current.row()
            self.open_record(record_id)

    def _on_period_changed(self, _period: object) -> None:
        self._retranslate()
        self.refresh()

    # -- form -------------------------------------------------------------------------------
    def _load_choices(self, session: Session, record_id: str | None) -> None:
        for spec in self.spec.fields:
            if spec.dynamic_choices is not None:
                self.form.set_choices(spec.key, spec.dynamic_choices(session, record_id))

    def open_record(self, record_id: str) -> None:
        """Show the record ``record_id`` in the form."""
        try:
            with self.context.sessions() as session:
                self._load_choices(session, record_id)
                values = self.spec.load(session, record_id)
                revision = loaded_revision(session, record_id)
        except Exception as exc:  # noqa: BLE001 - show_error presents any failure (logged with its traceback)
            show_error(self, exc)
            return
        self.editing_id = record_id
        self.editing_revision = revision  # a save refuses the record if someone saved it since
        self.form.set_values(values)
        self._set_clean()
        self._set_status("")

    def new_record(self, ask: bool = True) -> None:
        """Start a new record with the area's defaults (asking first about unsaved changes)."""
        if ask and not self.maybe_leave():
            return
        try:
            with self.context.sessions() as session:
                self._load_choices(session, None)
        except Exception as exc:  # noqa: BLE001 - show_error presents any failure (logged with its traceback)
            show_error(self, exc)
        self.editing_id = None
        self.editing_revision = None
        self.form.set_values(self.spec.defaults(self.context))
        self._set_clean()
        self._select_id(None)
        self._set_status("")
        self.form.focus_first()

    def save_record(self) -> bool:
        """Validate and save the form in one transaction; return whether it was saved."""
        self.form.commit_open_editors()
        values = self.form.values()
        previous_id = self.editing_id
        try:
            with self.context.sessions.begin() as session:
                expect_revision(session, self.editing_id, self.editing_revision)
                record_id = self.spec.save(session, self.context.actor, self.editing_id, values)
        except StaleDataError:
            show_error(self, ChangedMeanwhile(_(CHANGED_AT_ONCE)))
            return False
        except ValidationError as exc:
            if not exc.problems:
                self._set_status("")
                show_error(self, exc)
                return False
            # Each problem is shown once, under its field or on its cell; the status line only counts them.
            count = len(exc.problems)
            self._set_status(
                ngettext("未保存：有 {count} 处需要修改，已标红", "未保存：有 {count} 处需要修改，已标红", count).format(count=count),
                error=True,
            )
            self.form.show_problems(exc.problems)
            return False
        except Exception as exc:  # noqa: BLE001 - show_error presents any failure (logged with its traceback)
            show_error(self, exc)
            return False
        self.editing_id = record_id
        self.dirty = False
        self._drop_draft(previous_id)
        self.refresh(select=record_id)
        self.open_record(record_id)
        self._set_status(_("已保存"))
        self.record_saved.emit(record_id)
        self.context.data_changed.emit(self.spec.key)
        return True

    def delete_record(self) -> None:
        """Mark the selected record deleted after asking."""
        if self.spec.delete is None or self.editing_id is None:
            return
        name = str(self.form.values().get(self.spec.title_key) or "")
        if not confirm(self, _("确定删除“{name}”吗？").format(name=name), _("删除")):
            return
        record_id = self.editing_id
        try:
            with self.context.sessions.begin() as session:
                expect_revision(session, record_id, self.editing_revision)
                self.spec.delete(session, self.context.actor, record_id)
        except Exception as exc:  # noqa: BLE001 - show_error presents any failure (logged with its traceback)
            show_error(self, exc)
            return
        self.dirty = False
        self._drop_draft(record_id)
        self.refresh()
        self.new_record(ask=False)
        self._set_status(_("已删除"))
        self.record_deleted.emit(record_id)
        self.context.data_changed.emit(self.spec.key)

    def cancel_edit(self) -> None:
        """Esc: throw away unsaved typing (after asking) and show the record as saved."""
        if self.dirty and not confirm(self, _("放弃尚未保存的修改吗？"), _("放弃修改")):
            return
        if self.dirty:
            self._drop_draft(self.editing_id)
        if self.editing_id is not None:
            self.open_record(self.editing_id)
            self.form.focus_first()
        else:
            self.new_record(ask=False)

    def maybe_leave(self) -> bool:
        """Return whether the form may be left: saved, discarded, or nothing to lose."""
        self.form.commit_open_editors()
        if not self.dirty:
            return True
        answer = ask_unsaved(self)
        if answer is Unsaved.SAVE:
            return self.save_record()
        if answer is Unsaved.DISCARD:
            self.dirty = False
            self._drop_draft(self.editing_id)
            return True
        return False

    def _on_form_passed_last_field(self) -> None:
        if not self.save_button.isHidden():
            self.save_button.setFocus(Qt.FocusReason.TabFocusReason)

    def _drop_draft(self, record_id: str | None) -> None:
        if self.drafts is not None:
            self.drafts.drop(record_id)

    def has_unsaved_changes(self) -> bool:
        return self.dirty

    def _on_form_changed(self) -> None:
        drafts: DraftKeeper | None = getattr(self, "drafts", None)  # None also while the form is being built
        if drafts is not None:
            drafts.schedule()
        if not self.dirty:
            self.dirty = True
            self._update_title()

    def _set_clean(self) -> None:
        self.dirty = False
        self._update_title()

    def _update_title(self) -> None:
        record = _(self.spec.record_name)
        if self.editing_id is None:
            text = _("新建{record}").format(record=record)
        else:
            name = str(self.form.values().get(self.spec.title_key) or "")
            text = _("编辑{record}：{name}").format(record=record, name=name)
        self.form_title.setText(text + (" *" if self.dirty else ""))

    def _set_status(self, message: str, error: bool = False) -> None:
        self.status_label.setStyleSheet("color: #b00020;" if error else "color: #1b5e20;")
        self.status_label.setText(message)
