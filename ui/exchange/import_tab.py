"""Import: choose a bundle, see the dry-run per area (new, updated, unchanged, conflicts, rejected, deleted), import."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import Cancelled, DeskError
from desk.core.formatting import format_count
from desk.core.i18n import _
from desk.exchange.jobs import PlanSummary, check_bundle_file, import_bundle_data
from desk.exchange.labels import table_label
from desk.exchange.plan import CATEGORIES
from ui.common.context import AppContext
from ui.common.messages import show_error
from ui.common.operations import Operation, SessionMode, run_operation


class ImportTab(QWidget):
    """Check a bundle first, then import it in one transaction."""

    imported = Signal()
    checked = Signal(bool)  # after a check: whether the bundle may be imported

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.path: Path | None = None
        self.data: bytes | None = None
        self.plan: PlanSummary | None = None
        self.operation: Operation | None = None
        self.choose_button = QPushButton()
        self.file_label = QLabel()
        self.header_label = QLabel()
        self.header_label.setWordWrap(True)
        self.summary_table = QTableWidget(0, len(CATEGORIES) + 1)
        self.summary_table.verticalHeader().setVisible(False)
        self.summary_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.summary_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.rejected_edit = QPlainTextEdit()
        self.rejected_edit.setReadOnly(True)
        self.rejected_edit.setMaximumHeight(120)
        self.import_button = QPushButton()
        self.import_button.setEnabled(False)
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addWidget(self.file_label, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.import_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.header_label)
        layout.addWidget(self.summary_table, 1)
        layout.addWidget(self.rejected_edit)
        layout.addLayout(bottom)
        layout.addWidget(self.status_label)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.import_button.clicked.connect(self._on_import_button_clicked)
        self._retranslate()
        self.rejected_edit.hide()

    def _retranslate(self) -> None:
        self.choose_button.setText(_("选择数据包…"))
        self.file_label.setText(_("还没有选择数据包"))
        self.summary_table.setHorizontalHeaderLabels([_("数据类别")] + [_(label) for label in CATEGORIES.values()])
        self.import_button.setText(_("确认导入"))

    def check_file(self, path: Path) -> Operation:
        """Read and dry-run the bundle at ``path`` in the background; show the summary (``checked`` tells if it may go).

        Return the running operation: it writes nothing (its transaction is rolled back) and may be cancelled.
        """
        self._clear()
        self.file_label.setText(str(path))
        context = self.context
        job = partial(check_bundle_file, actor=context.actor, path=path)

        def succeeded(outcome) -> None:
            data, plan = outcome
            self.path, self.data, self.plan = path, data, plan
            self._show_plan(plan)
            self.checked.emit(not plan.rejected and not plan.already_imported)

        def failed(error: BaseException) -> None:
            self._refused(error)
            self.checked.emit(False)

        self.operation = run_operation(
            self, context.sessions, job, _("正在检查数据包…"), succeeded, failed,
            mode=SessionMode.READ, busy=(self.choose_button, self.import_button), process=True,
        )
        return self.operation

    def _clear(self) -> None:
        self.path = self.data = self.plan = None
        self.summary_table.setRowCount(0)
        self.rejected_edit.clear()
        self.rejected_edit.hide()
        self.header_label.clear()
        self.status_label.clear()
        self.import_button.setEnabled(False)

    def _refused(self, error: BaseException) -> None:
        if isinstance(error, Cancelled):
            self.status_label.setText(_("已取消，数据库没有任何改动。"))
            return
        message = error.message if isinstance(error, DeskError) else _("出现意外错误，数据库没有改动")
        self.status_label.setText(_("不能导入：{message}").format(message=message))
        show_error(self, error)

    def _show_plan(self, plan: PlanSummary) -> None:
        header = _("发送单位：{name}（{code}），第 {sequence} 号数据包").format(
            name=plan.sender_name, code=plan.sender_code, sequence=plan.sequence)
        if plan.gap:
            header += "　" + _("注意：缺少第 {numbers} 号数据包，可能没有收到").format(numbers=plan.gap)
        self.header_label.setText(header)
        rows = sorted(plan.counts.items())
        self.summary_table.setRowCount(len(rows))
        for number, (table, counts) in enumerate(rows):
            self.summary_table.setItem(number, 0, QTableWidgetItem(table_label(table)))
            for column, key in enumerate(CATEGORIES, start=1):
                item = QTableWidgetItem(format_count(counts.get(key, 0)))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.summary_table.setItem(number, column, item)
        if plan.rejected:
            self.rejected_edit.setPlainText("\n".join(
                _("{table} {id}：{reason}").format(table=table_label(table), id=record_id, reason=reason)
                for table, record_id, reason in plan.rejected[:500]
            ))
            self.rejected_edit.show()
            self.status_label.setText(_("有不合格的记录，这个数据包不能导入。请把原因告诉发送单位。"))
        elif plan.already_imported:
            self.status_label.setText(_("这个数据包以前已经导入过，再导入也不会有任何改动。"))
        else:
            self.status_label.setText(_("以上是预检结果，数据库还没有改动。核对无误后请点“确认导入”。"))
            self.import_button.setEnabled(True)

    def import_checked(self) -> Operation | None:
        """Import the checked bundle in the background, in one transaction; ``imported`` follows success.

        Cancelling before the commit rolls everything back: the database stays as it was.
        """
        if self.data is None or self.path is None:
            return None
        context = self.context
        job = partial(import_bundle_data, actor=context.actor, data=self.data, name=self.path.name)

        def succeeded(result) -> None:
            self.import_button.setEnabled(False)
            conflicts = result.totals.get("conflict", 0)
            text = _("已导入。")
            if conflicts:
                text += _("有 {count} 条冲突等待处理，请到“冲突”中逐条选择。").format(count=conflicts)
            self.status_label.setText(text)
            self.imported.emit()
            context.data_changed.emit("exchange")

        self.operation = run_operation(
            self, context.sessions, job, _("正在导入数据包…"), succeeded, self._refused,
            busy=(self.choose_button, self.import_button), process=True,
        )
        return self.operation

    def _on_choose_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("选择数据包"), "", _("数据包 (*.deskbundle)"))
        if path:
            self.check_file(Path(path))

    def _on_import_button_clicked(self) -> None:
        self.import_checked()
