"""Export: the receiving office, what goes (since the last export or a period), counts, the target folder."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QStorageInfo, Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import Cancelled, DeskError
from desk.core.formatting import format_count
from desk.core.i18n import _
from desk.core.periods import parse_period
from desk.exchange.export import CancelledWhileWriting, export_counts, selection_for
from desk.exchange.jobs import export_to_folder
from desk.exchange.labels import table_label
from desk.exchange.partners import partners
from desk.office.service import get_profile
from ui.common.context import AppContext
from ui.common.messages import show_error
from ui.common.operations import Operation, SessionMode, run_operation

REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/", "/Volumes/")


def storage_folders() -> list[tuple[str, str]]:
    """Return (label, path) of mounted volumes, removable drives (by their mount place) first."""
    removable, fixed = [], []
    for volume in QStorageInfo.mountedVolumes():
        if not volume.isValid() or not volume.isReady() or volume.isReadOnly():
            continue
        root = volume.rootPath()
        name = volume.displayName() or root
        free = volume.bytesAvailable() // (1024 * 1024)
        is_removable = root.startswith(REMOVABLE_ROOTS) or (len(root) >= 2 and root[1] == ":" and root[0].upper() != "C")
        if is_removable:
            removable.append((_("U 盘 {name}（可用 {free} MB）").format(name=name, free=format_count(free)), root))
        elif root in ("/", str(Path.home())) or root.startswith("/home"):
            fixed.append((_("本机 {name}").format(name=name), root))
    return removable + fixed


class ExportTab(QWidget):
    """Choose what goes and where, see the counts, export and verify."""

    exported = Signal(bool)  # after an export ends: whether a verified bundle was written
    counted = Signal()  # the counts table shows the current choice

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.operation: Operation | None = None
        self._counts_wanted = 0
        self.recipient_combo = QComboBox()
        self.since_radio = QRadioButton()
        self.period_radio = QRadioButton()
        self.all_radio = QRadioButton()
        self.mode_group = QButtonGroup(self)
        for button in (self.since_radio, self.period_radio, self.all_radio):
            self.mode_group.addButton(button)
        self.since_radio.setChecked(True)
        self.period_edit = QLineEdit(context.period.code)
        self.period_edit.setMaximumWidth(200)
        self.counts_table = QTableWidget(0, 2)
        self.counts_table.verticalHeader().setVisible(False)
        self.counts_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counts_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.counts_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.declare_empty_check = QCheckBox()
        self.keep_alive_check = QCheckBox()
        self.folder_combo = QComboBox()
        self.folder_combo.setEditable(True)
        self.browse_button = QPushButton()
        self.export_button = QPushButton()
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.status_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recipient_label, self.what_label, self.folder_label = QLabel(), QLabel(), QLabel()

        modes = QHBoxLayout()
        modes.addWidget(self.since_radio)
        modes.addWidget(self.period_radio)
        modes.addWidget(self.period_edit)
        modes.addWidget(self.all_radio)
        modes.addStretch(1)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_combo, 1)
        folder_row.addWidget(self.browse_button)
        form = QFormLayout()
        form.addRow(self.recipient_label, self.recipient_combo)
        form.addRow(self.what_label, modes)
        options = QHBoxLayout()
        options.addWidget(self.declare_empty_check)
        options.addWidget(self.keep_alive_check)
        options.addStretch(1)
        form.addRow("", options)
        form.addRow(self.folder_label, folder_row)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.counts_table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.status_label)

        self.mode_group.buttonClicked.connect(self._on_mode_clicked)
        self.period_edit.editingFinished.connect(self.refresh_counts)
        self.recipient_combo.currentIndexChanged.connect(self.refresh_counts)
        self.browse_button.clicked.connect(self._on_browse_button_clicked)
        self.export_button.clicked.connect(self._on_export_button_clicked)
        self._retranslate()
        self.refresh()

    def _retranslate(self) -> None:
        self.recipient_label.setText(_("发给"))
        self.what_label.setText(_("导出哪些"))
        self.folder_label.setText(_("保存到"))
        self.since_radio.setText(_("上次导出以来的改动"))
        self.period_radio.setText(_("期间"))
        self.all_radio.setText(_("全部记录"))
        self.declare_empty_check.setText(_("本期无数据（声明本单位在所填期间没有数据）"))
        self.keep_alive_check.setText(_("没有新改动也导出空数据包"))
        self.period_edit.setPlaceholderText(_("如 2020H1、2020Q3、2020"))
        self.counts_table.setHorizontalHeaderLabels([_("数据类别"), _("将导出条数")])
        self.browse_button.setText(_("选择文件夹…"))
        self.export_button.setText(_("导出数据包"))

    def refresh(self) -> None:
        """Reload the registered offices (the higher office first) and the folders."""
        with self.context.sessions() as session:
            parent_code = get_profile(session).parent_code
            rows = [(row.code, row.name) for row in partners(session)]
        rows.sort(key=lambda item: item[0] != parent_code)
        self.recipient_combo.blockSignals(True)
        self.recipient_combo.clear()
        for code, name in rows:
            self.recipient_combo.addItem(_("{name}（{code}）").format(name=name, code=code), code)
        self.recipient_combo.blockSignals(False)
        current = self.folder_combo.currentText()
        self.folder_combo.clear()
        for label, path in storage_folders():
            self.folder_combo.addItem(label, path)
        if current:
            self.folder_combo.setEditText(current)
        self.export_button.setEnabled(bool(rows))
        if not rows:
            self.status_label.setText(_("还没有登记任何单位的密钥卡，请先在“密钥卡”中登记上级妇联的密钥卡。"))
        self.refresh_counts()

    def set_folder(self, folder: str) -> None:
        self.folder_combo.setEditText(folder)

    def folder(self) -> str:
        index = self.folder_combo.findText(self.folder_combo.currentText())
        if index >= 0 and self.folder_combo.itemData(index):
            return str(self.folder_combo.itemData(index))
        return self.folder_combo.currentText().strip()

    def refresh_counts(self) -> None:
        """Show how many records of each kind would go now (counted off the GUI thread; ``counted`` follows).

        At a region's size the counts take a while; a newer request makes an older count's answer stale.
        """
        self.counts_table.setRowCount(0)
        self._counts_wanted += 1
        if self.recipient_combo.currentData() is None:
            self.counted.emit()
            return
        code = self.recipient_combo.currentData()
        try:
            period = parse_period(self.period_edit.text()) if self.period_radio.isChecked() else None
        except DeskError as exc:
            self.status_label.setText(exc.message)
            self.counted.emit()
            return
        since_last, wanted, tables = self.since_radio.isChecked(), self._counts_wanted, self.context.travel

        def job(session, _progress):
            return export_counts(session, selection_for(session, code, period, since_last), tables)

        operation = Operation(self, self.context.sessions, job, "", mode=SessionMode.READ, cancellable=False,
                              quiet=True, small=True)
        operation.succeeded.connect(lambda counts: self._show_counts(counts, wanted))
        operation.failed.connect(lambda error: self._counts_failed(error, wanted))
        operation.done.connect(operation.deleteLater)
        operation.start()

    def _show_counts(self, counts: dict[str, int], wanted: int) -> None:
        if wanted != self._counts_wanted:
            return  # the choice changed meanwhile: a newer count is on its way
        rows = [(table_label(name), count) for name, count in counts.items()]
        self.counts_table.setRowCount(len(rows))
        for number, (label, count) in enumerate(rows):
            self.counts_table.setItem(number, 0, QTableWidgetItem(label))
            item = QTableWidgetItem(format_count(count))
            item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.counts_table.setItem(number, 1, item)
        self.counted.emit()

    def _counts_failed(self, error: BaseException, wanted: int) -> None:
        if wanted != self._counts_wanted:
            return
        if isinstance(error, DeskError):
            self.status_label.setText(error.message)
        else:
            show_error(self, error)
        self.counted.emit()

    def export(self) -> Operation | None:
        """Export to the chosen folder in the background; ``exported(written)`` follows.

        Cancelling is possible until the bundle is written; a cancelled export leaves no file and
        uses no sequence number.
        """
        folder = self.folder()
        if not folder:
            show_error(self, DeskError(_("请选择保存数据包的文件夹（U 盘）")))
            return None
        context = self.context
        recipient = self.recipient_combo.currentData()
        try:
            period = parse_period(self.period_edit.text()) if self.period_radio.isChecked() else None
            declared = parse_period(self.period_edit.text()) if self.declare_empty_check.isChecked() else None
        except DeskError as exc:
            show_error(self, exc)
            return None
        job = partial(export_to_folder, actor=context.actor, recipient=recipient, folder=Path(folder), period=period,
                      since_last=self.since_radio.isChecked(), keep_alive=self.keep_alive_check.isChecked(),
                      declared=declared)

        def succeeded(result) -> None:
            if not result.written:
                self.status_label.setText(_("上次导出以来没有新的改动，没有写出数据包，也没有占用编号。"))
                self.exported.emit(False)
                return
            total = sum(result.counts.values())
            note = _("（已声明 {period} 本期无数据）").format(period=result.declared_empty) if result.declared_empty else ""
            self.status_label.setText(note +
                _("已导出第 {sequence} 号数据包（{count} 条记录）：{path}\n已读回校验无误，可以安全拔出 U 盘。").format(
                    sequence=result.sequence, count=format_count(total), path=result.path
                )
            )
            self.refresh_counts()
            self.exported.emit(True)

        def failed(error: BaseException) -> None:
            if isinstance(error, Cancelled):
                self.status_label.setText(error.message if isinstance(error, CancelledWhileWriting) else
                                          _("已取消导出，没有写出数据包，也没有占用编号。"))
            else:
                show_error(self, error)
            self.exported.emit(False)

        self.operation = run_operation(
            self, context.sessions, job, _("正在读取第 {done} / {total} 条记录…"), succeeded, failed,
            busy=(self.export_button,), process=True,
        )
        return self.operation

    def _on_mode_clicked(self, _button) -> None:
        self.period_edit.setEnabled(self.period_radio.isChecked())
        self.refresh_counts()

    def _on_browse_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("选择保存数据包的文件夹"))
        if folder:
            self.set_folder(folder)

    def _on_export_button_clicked(self) -> None:
        self.export()
