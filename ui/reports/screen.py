"""The reports screen: choose report, period and scope, edit the summary's narratives, generate in the background, preview."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import Cancelled, DeskError
from desk.core.i18n import N_, _
from desk.core.periods import Period, half_year, parse_period, quarter, year_period
from desk.core.roles import DO_PRINT, require
from desk.office.scope import office_scope
from desk.reports.certificates import CertificateOptions, render_calibration, render_certificates
from desk.reports.preview import render_pages, reports_dir
from desk.reports.register import awards_for, issue, preview_items
from desk.reports.summary import render_summary
from desk.reports.tables import build_tables, tables_pdf, tables_xlsx
from ui.common.context import AppContext
from ui.common.form import PROBLEM_STYLE
from ui.common.messages import show_error
from ui.common.operations import Operation
from ui.reports.narratives import NarrativeEditor
from ui.reports.preview import PreviewPane
from ui.reports.register_list import RegisterList

REPORTS = (("summary", N_("工作总结")), ("tables", N_("统计报表")), ("certificates", N_("荣誉证书")))


def period_options(current: Period) -> list[Period]:
    """Return the periods offered in the period box: recent half years, this year's quarters and years."""
    year = current.start.year
    options = [current]
    for y in range(year, year - 4, -1):
        options += [half_year(y, 1), half_year(y, 2)]
    options += [quarter(year, n) for n in (1, 2, 3, 4)] + [year_period(year), year_period(year - 1)]
    seen: list[Period] = []
    for period in options:
        if period not in seen:
            seen.append(period)
    return seen


class ReportsScreen(QWidget):
    """Report, period, scope; the chosen report's options; the preview of what was generated."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.task: Operation | None = None
        self.last_error: BaseException | None = None
        self.finalise: Callable[[], Path | None] | None = None  # set while a certificate preview is made (see generate)
        self._build()
        self._retranslate()
        self._fill_periods(context.period)
        context.period_changed.connect(self._on_context_period_changed)
        context.data_changed.connect(lambda _area: self._on_period_or_scope_changed())
        self.narratives.set_period(context.period, False)

    # -- building -----------------------------------------------------------------------------
    def _build(self) -> None:
        self.report_label = QLabel()
        self.report_combo = QComboBox()
        self.report_combo.setObjectName("report")
        self.report_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for key, _label in REPORTS:
            self.report_combo.addItem("", key)
        self.period_label = QLabel()
        self.period_combo = QComboBox()
        self.period_combo.setObjectName("period")
        self.period_combo.setEditable(True)
        self.period_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.period_combo.setMinimumWidth(190)
        self.scope_label = QLabel()
        self.scope_combo = QComboBox()
        self.scope_combo.setObjectName("scope")
        self.scope_combo.addItem("", False)
        self.scope_combo.addItem("", True)
        self.generate_button = QPushButton()
        self.generate_button.setObjectName("generate")
        self.generate_button.setDefault(True)
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        self.problem_label.setWordWrap(True)
        self.problem_label.hide()
        top = QHBoxLayout()
        for label, widget in ((self.report_label, self.report_combo), (self.period_label, self.period_combo),
                              (self.scope_label, self.scope_combo)):
            label.setBuddy(widget)
            top.addWidget(label)
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.generate_button)

        self.narratives = NarrativeEditor(self.context)
        self.tables_page = QWidget()
        tables_form = QFormLayout(self.tables_page)
        self.format_label = QLabel()
        self.format_combo = QComboBox()
        self.format_combo.setObjectName("format")
        self.format_combo.addItem("Excel (XLSX)", "xlsx")
        self.format_combo.addItem("PDF", "pdf")
        tables_form.addRow(self.format_label, self.format_combo)
        self.tables_hint = QLabel()
        self.tables_hint.setWordWrap(True)
        tables_form.addRow(self.tables_hint)

        self.certificates_page = QWidget()
        cert_layout = QVBoxLayout(self.certificates_page)
        cert_form = QFormLayout()
        self.portrait_check = QCheckBox()
        self.preprinted_check = QCheckBox()
        self.offset_x_spin = QDoubleSpinBox()
        self.offset_y_spin = QDoubleSpinBox()
        for spin in (self.offset_x_spin, self.offset_y_spin):
            spin.setRange(-30.0, 30.0)
            spin.setSingleStep(0.5)
            spin.setDecimals(1)
            spin.setMaximumWidth(110)
        self.offset_x_label = QLabel()
        self.offset_y_label = QLabel()
        self.calibration_button = QPushButton()
        cert_form.addRow(self.portrait_check)
        cert_form.addRow(self.preprinted_check)
        cert_form.addRow(self.offset_x_label, self.offset_x_spin)
        cert_form.addRow(self.offset_y_label, self.offset_y_spin)
        cert_form.addRow(self.calibration_button)
        cert_layout.addLayout(cert_form)
        self.register_list = RegisterList(self.context)
        self.register_list.reprint_requested.connect(self._on_reprint_requested)
        cert_layout.addWidget(self.register_list, 1)

        self.options_stack = QStackedWidget()
        self.options_stack.addWidget(self.narratives)
        self.options_stack.addWidget(self.tables_page)
        self.options_stack.addWidget(self.certificates_page)
        self.preview = PreviewPane()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.options_stack)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.problem_label)
        layout.addWidget(splitter, 1)

        self.report_combo.currentIndexChanged.connect(self.options_stack.setCurrentIndex)
        self.scope_combo.currentIndexChanged.connect(lambda _index: self._on_period_or_scope_changed())
        self.period_combo.activated.connect(lambda _index: self._on_period_or_scope_changed())
        period_line = self.period_combo.lineEdit()
        assert period_line is not None  # the period box is editable
        period_line.editingFinished.connect(self._on_period_or_scope_changed)
        self.generate_button.clicked.connect(self.generate)
        self.calibration_button.clicked.connect(self.print_calibration)
        self.preprinted_check.toggled.connect(self._on_preprinted_toggled)
        self._on_preprinted_toggled(False)
        QShortcut(QKeySequence.StandardKey.Save, self).activated.connect(self.narratives.save)
        QShortcut(QKeySequence("Ctrl+G"), self).activated.connect(self.generate)

    def _retranslate(self) -> None:
        for index, (_key, label) in enumerate(REPORTS):
            self.report_combo.setItemText(index, _(label))
        self.report_label.setText(_("报表："))
        self.period_label.setText(_("期间："))
        self.scope_label.setText(_("范围："))
        self.scope_combo.setItemText(0, _("本单位"))
        self.scope_combo.setItemText(1, _("本单位及所有下级"))
        self.generate_button.setText(_("生成(&G)"))
        self.format_label.setText(_("格式："))
        self.tables_hint.setText(_("每个工作领域一张表，含合计；范围为“本单位及所有下级”时每个下级组织一行。"))
        self.portrait_check.setText(_("纵向证书（默认横向）"))
        self.preprinted_check.setText(_("套打在印好的证书纸上（不印边框和标题）"))
        self.offset_x_label.setText(_("向右偏移（毫米）："))
        self.offset_y_label.setText(_("向下偏移（毫米）："))
        self.calibration_button.setText(_("打印校准页…"))

    def _fill_periods(self, current: Period) -> None:
        self.period_combo.blockSignals(True)
        self.period_combo.clear()
        for period in period_options(current):
            self.period_combo.addItem(f"{period.label}（{period.code}）", period.code)
        self.period_combo.setCurrentIndex(0)
        self.period_combo.blockSignals(False)

    # -- state ----------------------------------------------------------------------------------
    def chosen_period(self) -> Period:
        """Return the period in the box (a listed one or typed text); raise DeskError if it cannot be read."""
        text = self.period_combo.currentText().strip()
        index = self.period_combo.findText(text)
        if index >= 0:
            return parse_period(self.period_combo.itemData(index))
        return parse_period(text)

    def tree(self) -> bool:
        return bool(self.scope_combo.currentData())

    def report_key(self) -> str:
        return self.report_combo.currentData()

    def options(self) -> CertificateOptions:
        return CertificateOptions(
            orientation="portrait" if self.portrait_check.isChecked() else "landscape",
            preprinted=self.preprinted_check.isChecked(),
            offset_x_mm=self.offset_x_spin.value(),
            offset_y_mm=self.offset_y_spin.value(),
        )

    def _show_problem(self, message: str) -> None:
        self.problem_label.setText(message)
        self.problem_label.setVisible(bool(message))

    def _on_preprinted_toggled(self, checked: bool) -> None:
        for widget in (self.offset_x_spin, self.offset_y_spin, self.calibration_button):
            widget.setEnabled(checked)

    def _on_context_period_changed(self, period: Period) -> None:
        self._fill_periods(period)
        self._on_period_or_scope_changed()

    def _on_period_or_scope_changed(self) -> None:
        try:
            period = self.chosen_period()
        except DeskError as exc:
            self._show_problem(exc.message)
            return
        self._show_problem("")
        self.narratives.set_period(period, self.tree())
        self.register_list.set_period(period)

    def has_unsaved_changes(self) -> bool:
        return self.narratives.dirty

    def maybe_leave(self) -> bool:
        """Save typed narrative before leaving; stay if it cannot be saved."""
        return self.narratives.save_if_dirty()

    # -- generating -------------------------------------------------------------------------------
    def generate(self) -> None:
        """Make the chosen report in the background and preview it."""
        if self.task is not None:
            return
        try:
            require(self.context.actor, DO_PRINT)  # reports are printouts: the print grant
            period = self.chosen_period()
        except DeskError as exc:
            self._show_problem(exc.message)
            return
        self._show_problem("")
        if not self.narratives.save_if_dirty():
            return
        key, tree, office = self.report_key(), self.tree(), self.context.office.name
        options = self.options()
        suffix = self.format_combo.currentData() if key == "tables" else "pdf"
        target = reports_dir() / f"{key}-{period.code.replace('..', '_')}.{suffix}"
        reports = self.context.reports  # taken here, on the GUI thread

        def job(session, progress):
            scope = office_scope(session, tree=tree)
            if key == "summary":
                data = render_summary(session, period, scope, office, progress=progress, reports=reports)
            elif key == "tables":
                tables = build_tables(session, period, scope, office, reports=reports)
                data = tables_xlsx(tables) if suffix == "xlsx" else tables_pdf(tables, office, period.label)
            else:  # a preview: numbers are taken and the register written only on saving or printing
                items = preview_items(session, awards_for(session, period, reports=reports))
                data = render_certificates(items, replace(options, preview=True), progress=progress)
            return _write_and_render(target, data, progress)

        self.finalise = (lambda: self._issue_certificates(period, options)) if key == "certificates" else None
        self._run(job, _("正在生成{report}…").format(report=self.report_combo.currentText()))

    def _issue_certificates(self, period: Period, options: CertificateOptions) -> Path | None:
        """Number and register the period's certificates and write the final PDF; None (error shown) if refused."""
        target = reports_dir() / f"certificates-{period.code.replace('..', '_')}-issued.pdf"
        try:
            with self.context.sessions.begin() as session:
                items = issue(session, self.context.actor, awards_for(session, period, reports=self.context.reports))
                data = render_certificates(items, options)
                tmp = target.with_name(target.name + ".tmp")
                tmp.write_bytes(data)
                tmp.replace(target)  # written before the register commits: a failed write registers nothing
        except (DeskError, OSError) as exc:
            show_error(self, exc)
            return None
        self.register_list.refresh()
        self.context.data_changed.emit("reports")
        return target

    def print_calibration(self) -> None:
        options = self.options()
        target = reports_dir() / "certificate-calibration.pdf"
        self._run(lambda session, progress: _write_and_render(target, render_calibration(options), progress),
                  _("正在生成校准页…"))

    def _on_reprint_requested(self, numbers: list) -> None:
        from desk.reports.register import registered

        options = self.options()
        target = reports_dir() / "certificates-reprint.pdf"
        self.finalise = lambda: self._count_reprint(numbers, options)  # counted only when saved or printed
        self._run(lambda session, progress: _write_and_render(
            target, render_certificates(registered(session, numbers), options, progress=progress), progress),
            _("正在重印证书…"))

    def _count_reprint(self, numbers: list, options: CertificateOptions) -> Path | None:
        """Count a reprint in the register and write its file; None (error shown) if refused."""
        from desk.reports.register import reprint

        target = reports_dir() / "certificates-reprint-printed.pdf"
        try:
            with self.context.sessions.begin() as session:
                target.write_bytes(render_certificates(reprint(session, numbers), options))
        except (DeskError, OSError) as exc:
            show_error(self, exc)
            return None
        self.register_list.refresh()
        self.context.data_changed.emit("reports")
        return target

    def _run(self, job, label: str) -> None:
        self.generate_button.setEnabled(False)
        self.last_error = None
        self.task = Operation(self, self.context.sessions, job, label)
        self.task.succeeded.connect(self._on_task_succeeded)
        self.task.failed.connect(self._on_task_failed)
        self.task.done.connect(self._on_task_done)
        self.task.start()

    def _on_task_succeeded(self, result: tuple[Path, list[Path]]) -> None:
        path, pages = result
        finalise, self.finalise = self.finalise, None
        self.preview.show_file(path, pages, finalise)
        self.register_list.refresh()

    def _on_task_failed(self, error: BaseException) -> None:
        self.last_error = error
        if isinstance(error, Cancelled):
            self._show_problem(_("已取消，没有生成文件。"))
            return
        if isinstance(error, DeskError):
            self._show_problem(error.message)
            return
        show_error(self, error)

    def _on_task_done(self) -> None:
        if self.task is not None:
            self.task.deleteLater()
        self.task = None
        self.finalise = None  # consumed by a successful certificate preview; a failed one leaves nothing behind
        self.generate_button.setEnabled(True)


def _write_and_render(target: Path, data: bytes, progress) -> tuple[Path, list[Path]]:
    """Write ``data`` to ``target`` (atomically) and return it with its preview pages (PDF only)."""
    tmp = target.with_name(target.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    if target.suffix != ".pdf" or not progress(1, 1):
        return target, []
    return target, render_pages(target, target.parent / (target.stem + "-pages"), dpi=60, last=30)
