"""The Excel screen: pick a work area, write its template, import a ledger with a preview, export its list."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.background import Chunked
from desk.core.errors import Cancelled, DeskError
from desk.core.i18n import _
from desk.db.listing import ListQuery
from desk.sheets import jobs as sheet_jobs
from desk.sheets.importer import ImportResult, guess_mapping, guess_sheet, missing_required
from desk.sheets.reader import Table, read_table
from desk.sheets.spec import SheetSpec
from desk.sheets.writer import write_template
from ui.common.context import AppContext
from ui.common.messages import show_error
from ui.common.operations import Operation, SessionMode, run_operation

SKIP = ""  # the mapping choice "do not import this column"
WRAP_LIMIT = 500


class SheetsScreen(QWidget):
    """Templates, ledger import (columns mapped, every problem previewed, confirmed) and list export."""

    imported = Signal(str)  # the sheet key, after an import was committed
    opened = Signal()  # a ledger was read and its columns mapped
    checked = Signal()  # a check finished and its preview is shown
    exported = Signal(int)  # the number of records written

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.specs = context.sheets
        self.table_data: Table | None = None
        self.file_path: Path | None = None
        self.preview: ImportResult | None = None
        self.operation: Operation | None = None
        self._build()
        self._retranslate()

    # -- building -------------------------------------------------------------------------------
    def _build(self) -> None:
        self.area_label = QLabel()
        self.area_combo = QComboBox()
        self.area_combo.setObjectName("area")
        for spec in self.specs.values():
            self.area_combo.addItem(_(spec.title), spec.key)
        self.template_button = QPushButton()
        self.search_label = QLabel()
        self.search_edit = QLineEdit()
        self.period_check = QCheckBox()
        self.period_check.setChecked(True)
        self.records_check = QCheckBox()
        self.export_button = QPushButton()
        top = QHBoxLayout()
        top.addWidget(self.area_label)
        top.addWidget(self.area_combo)
        top.addWidget(self.template_button)
        top.addStretch(1)
        self.export_box = QGroupBox()
        export_row = QHBoxLayout(self.export_box)
        export_row.addWidget(self.search_label)
        export_row.addWidget(self.search_edit, 1)
        export_row.addWidget(self.period_check)
        export_row.addWidget(self.records_check)
        export_row.addWidget(self.export_button)

        self.import_box = QGroupBox()
        self.choose_button = QPushButton()
        self.file_label = QLabel()
        self.file_label.setWordWrap(True)
        self.strict_check = QCheckBox()
        self.check_button = QPushButton()
        self.import_button = QPushButton()
        self.summary_label = QLabel()
        self.summary_label.setObjectName("summary")
        self.summary_label.setWordWrap(True)
        self.mapping_table = self._make_table(2)
        self.problem_table = self._make_table(3)
        self.problem_table.setObjectName("problems")
        self.problem_table.setWordWrap(True)
        self.mapping_title = QLabel()
        self.problem_title = QLabel()

        file_row = QHBoxLayout()
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.file_label, 1)
        mapping_panel = QWidget()
        mapping_layout = QVBoxLayout(mapping_panel)
        mapping_layout.setContentsMargins(0, 0, 0, 0)
        mapping_layout.addWidget(self.mapping_title)
        mapping_layout.addWidget(self.mapping_table, 1)
        problem_panel = QWidget()
        problem_layout = QVBoxLayout(problem_panel)
        problem_layout.setContentsMargins(0, 0, 0, 0)
        problem_layout.addWidget(self.problem_title)
        problem_layout.addWidget(self.problem_table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(mapping_panel)
        splitter.addWidget(problem_panel)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        actions = QHBoxLayout()
        actions.addWidget(self.summary_label, 1)
        actions.addWidget(self.strict_check)
        actions.addWidget(self.check_button)
        actions.addWidget(self.import_button)
        box_layout = QVBoxLayout(self.import_box)
        box_layout.addLayout(file_row)
        box_layout.addWidget(splitter, 1)
        box_layout.addLayout(actions)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.export_box)
        layout.addWidget(self.import_box, 1)

        self.area_combo.currentIndexChanged.connect(lambda _index: self._on_area_changed())
        self.template_button.clicked.connect(lambda: self.save_template())
        self.export_button.clicked.connect(lambda: self.export_list())
        self.choose_button.clicked.connect(lambda: self.open_file())
        self.check_button.clicked.connect(self.check)
        self.import_button.clicked.connect(self.import_now)
        self.strict_check.toggled.connect(lambda _on: self._show_preview())
        self._set_ready()

    @staticmethod
    def _make_table(columns: int) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        return table

    def _retranslate(self) -> None:
        self.area_label.setText(_("工作领域"))
        self.template_button.setText(_("下载模板…"))
        self.export_box.setTitle(_("导出列表"))
        self.search_label.setText(_("搜索"))
        self.search_edit.setPlaceholderText(_("按名称等搜索，留空导出全部"))
        self.period_check.setText(_("只导出当前期间"))
        self.records_check.setText(_("按模板的列"))
        self.records_check.setToolTip(_("导出的文件可以再导入；身份证号码、电话等按权限遮盖"))
        self.export_button.setText(_("导出列表…"))
        self.import_box.setTitle(_("导入台账（.xlsx 或 .csv）"))
        self.choose_button.setText(_("选择文件…"))
        self.strict_check.setText(_("有一行有问题就整个文件都不导入"))
        self.check_button.setText(_("检查"))
        self.import_button.setText(_("确认导入"))
        self.mapping_title.setText(_("文件中的列对应哪一项（可以手工修改）"))
        self.problem_title.setText(_("检查结果：有问题的单元格"))
        self.mapping_table.setHorizontalHeaderLabels([_("文件中的列"), _("对应")])
        self.problem_table.setHorizontalHeaderLabels([_("行号"), _("列"), _("问题")])
        self.mapping_table.setColumnWidth(0, 160)
        self.problem_table.setColumnWidth(0, 50)
        self.problem_table.setColumnWidth(1, 150)
        if self.file_path is None:
            self.file_label.setText(_("按列名自动识别，也认得自己的台账；日期可写成 2020-3-3 或 2020年3月3日"))

    # -- the chosen area ------------------------------------------------------------------------
    def spec(self) -> SheetSpec:
        """Return the sheet of the chosen work area."""
        return self.specs[self.area_combo.currentData()]

    def choose_area(self, key: str) -> None:
        """Choose the work area ``key``."""
        self.area_combo.setCurrentIndex(self.area_combo.findData(key))

    def _on_area_changed(self) -> None:
        if self.table_data is not None:
            self._fill_mapping(guess_mapping(self.spec(), self.table_data.header))

    def save_template(self, path: str | None = None) -> None:
        """Write the chosen area's template to ``path`` (asked for when None)."""
        spec = self.spec()
        if path is None:
            name = _("{sheet}导入模板.xlsx").format(sheet=_(spec.title))
            path, _filter = QFileDialog.getSaveFileName(self, _("保存模板"), name, _("Excel 文件 (*.xlsx)"))
            if not path:
                return
        try:
            write_template(spec, path)
        except DeskError as exc:
            show_error(self, exc)
            return
        self.summary_label.setText(_("已保存模板 {path}").format(path=path))

    def export_list(self, path: str | None = None) -> Operation | None:
        """Write the chosen area's list in the background, filtered by the search text and (if ticked) the period.

        ``exported(count)`` follows; a cancelled export leaves no file.
        """
        spec = self.spec()
        if path is None:
            name = _("{sheet}.xlsx").format(sheet=_(spec.title))
            path, _filter = QFileDialog.getSaveFileName(self, _("导出列表"), name, _("Excel 文件 (*.xlsx)"))
            if not path:
                return None
        query = ListQuery(
            search=self.search_edit.text(), period=self.context.period if self.period_check.isChecked() else None
        )
        target = path
        job = partial(sheet_jobs.export_list, actor=self.context.actor, key=spec.key, query=query, path=target,
                      records=self.records_check.isChecked())

        def succeeded(count: int) -> None:
            self.summary_label.setText(_("已导出 {count} 条记录到 {path}").format(count=count, path=target))
            self.exported.emit(count)

        self.operation = run_operation(
            self, self.context.sessions, job, _("正在导出第 {done} / {total} 条记录…"), succeeded,
            lambda error: self._failed(error, _("已取消导出，没有写出文件。")), busy=(self.export_button,), process=True,
        )
        return self.operation

    def _failed(self, error: BaseException, cancelled_text: str) -> None:
        if isinstance(error, Cancelled):
            self.summary_label.setText(cancelled_text)
            return
        show_error(self, error)

    # -- import ---------------------------------------------------------------------------------
    def open_file(self, path: str | None = None) -> Operation | None:
        """Read a ledger in the background, recognise its area and columns, and show the mapping (``opened``).

        Nothing is saved yet.
        """
        if path is None:
            path, _filter = QFileDialog.getOpenFileName(
                self, _("选择要导入的台账"), "", _("表格文件 (*.xlsx *.csv *.txt);;所有文件 (*)")
            )
            if not path:
                return None
        chosen = path
        self.operation = run_operation(
            self, self.context.sessions, lambda _session, _progress: read_table(chosen), _("正在读取 {name}…").format(
                name=Path(chosen).name), lambda table: self._show_table(table, chosen),
            lambda error: self._failed(error, ""), mode=SessionMode.NONE, cancellable=False,
            busy=(self.choose_button, self.check_button),
        )
        return self.operation

    def _show_table(self, table: Table, path: str) -> None:
        self.table_data, self.file_path = table, Path(path)
        guessed = guess_sheet(self.specs, table.header)
        self.area_combo.blockSignals(True)
        if guessed is not None:
            self.choose_area(guessed.key)
        self.area_combo.blockSignals(False)
        lines = [_("{name}：{rows} 行").format(name=self.file_path.name, rows=len(table.rows)), *table.notes]
        self.file_label.setText("\n".join(lines))
        self._fill_mapping(guess_mapping(self.spec(), table.header))
        self.opened.emit()

    def _fill_mapping(self, mapping: dict[int, str]) -> None:
        assert self.table_data is not None
        spec = self.spec()
        self.mapping_table.setRowCount(len(self.table_data.header))
        for index, header in enumerate(self.table_data.header):
            self.mapping_table.setItem(index, 0, QTableWidgetItem(header or _("第{number}列").format(number=index + 1)))
            combo = QComboBox()
            combo.addItem(_("（不导入）"), SKIP)
            for sheet_field in spec.fields:
                combo.addItem(_(sheet_field.header), sheet_field.key)
            combo.setCurrentIndex(max(0, combo.findData(mapping.get(index, SKIP))))
            combo.currentIndexChanged.connect(lambda _index: self._set_ready())
            self.mapping_table.setCellWidget(index, 1, combo)
        self._set_ready()

    def mapping(self) -> dict[int, str]:
        """Return {column index: field key} as the mapping table shows it."""
        result = {}
        for row in range(self.mapping_table.rowCount()):
            combo = self.mapping_table.cellWidget(row, 1)
            key = combo.currentData() if isinstance(combo, QComboBox) else None
            if key:
                result[row] = key
        return result

    def _set_ready(self) -> None:
        """Forget an earlier preview: the mapping, area or file changed."""
        self.preview = None
        self.problem_table.setRowCount(0)
        self.check_button.setEnabled(self.table_data is not None)
        self.import_button.setEnabled(False)
        if self.table_data is not None:
            self.summary_label.setText(_("请先检查，看看哪些行能导入"))

    def _run(self, commit: bool) -> Operation | None:
        """Run the import in the background in one transaction: rolled back for a check, committed for an import."""
        spec, mapping = self.spec(), self.mapping()
        missing = missing_required(spec, mapping)
        if missing:
            self.summary_label.setText(_("还没有对应的必填项：{fields}").format(fields="、".join(missing)))
            return None
        chosen = set(mapping.values())
        if len(chosen) < len(mapping):
            self.summary_label.setText(_("有两列对应了同一项，请改正"))
            return None
        table, path = self.table_data, self.file_path
        if table is None or path is None:  # the buttons are only enabled once a file is read
            return None
        job = partial(sheet_jobs.import_table, actor=self.context.actor, key=spec.key, header=table.header,
                      rows=Chunked(table.rows), source=table.source, mapping=mapping, path=path, commit=commit,
                      strict=self.strict_check.isChecked())

        if commit:
            label, cancelled = _("正在导入第 {done} / {total} 行…"), _("已取消导入，没有写入任何记录。")
            succeeded = self._on_imported
        else:
            label, cancelled = _("正在检查第 {done} / {total} 行…"), _("已取消检查。")
            succeeded = self._on_checked
        self.operation = run_operation(
            self, self.context.sessions, job, label, succeeded, lambda error: self._failed(error, cancelled),
            mode=SessionMode.READ, busy=(self.check_button, self.import_button, self.choose_button, self.mapping_table),
            process=True,
        )
        return self.operation

    def check(self) -> Operation | None:
        """Try the import in a transaction that is rolled back, and show every problem it would meet (``checked``)."""
        if self.table_data is None:
            return None
        return self._run(commit=False)

    def _on_checked(self, result: ImportResult) -> None:
        self.preview = result
        self._show_preview()
        self.checked.emit()

    def _show_preview(self) -> None:
        result = self.preview
        if result is None:
            return
        shown = [*result.problems, *result.warnings]  # warnings: rows imported, with something to check
        self.problem_table.setRowCount(len(shown))
        for row, problem in enumerate(shown):
            for column, text in enumerate((str(problem.row), problem.column, problem.message)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.problem_table.setItem(row, column, item)
        if len(result.problems) <= WRAP_LIMIT:  # long reasons wrap; thousands of rows stay quick
            self.problem_table.resizeRowsToContents()
        blocked = self.strict_check.isChecked() and bool(result.refused_rows)
        self.import_button.setEnabled(result.created > 0 and not blocked)
        text = result.preview_summary
        if blocked:
            text += _("。有问题的行改正后才能导入")
        self.summary_label.setText(text)

    def import_now(self) -> Operation | None:
        """Import the rows the preview showed as valid, in one transaction; cancelling before the end writes nothing."""
        if self.preview is None or self.table_data is None:
            return None
        return self._run(commit=True)

    def _on_imported(self, result: ImportResult) -> None:
        self.import_button.setEnabled(False)
        self.preview = None
        self.summary_label.setText(_("已导入。{summary}").format(summary=result.summary))
        self.imported.emit(self.spec().key)
        self.context.data_changed.emit(self.spec().key)


def make_screen(context: AppContext) -> SheetsScreen:
    """Return the Excel import and export screen."""
    return SheetsScreen(context)
