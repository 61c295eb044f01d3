"""The preview of a generated PDF: its pages as images, and buttons to open, save a copy or print it."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk.core.i18n import _
from desk.reports.preview import can_render_pages, render_pages
from ui.common.messages import show_error


class PreviewPane(QWidget):
    """Shows the pages of the last generated file (PDF) or says where the file (XLSX) was written."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.path: Path | None = None
        # For a certificate preview: makes the final, numbered and registered file when the clerk saves or
        # prints; returns its path, or None when that failed (the error was shown).
        self.finalise: Callable[[], Path | None] | None = None
        self.page_labels: list[QLabel] = []
        self.pages_widget = QWidget()
        self.pages_layout = QVBoxLayout(self.pages_widget)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(self.pages_widget)
        self.scroll_area.setStyleSheet("QScrollArea { background: #8a8a8a; }")
        self.pages_widget.setStyleSheet("background: #8a8a8a;")
        self.path_label = QLabel()
        self.path_label.setObjectName("output_path")
        self.path_label.setWordWrap(True)
        self.path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton()
        self.save_as_button = QPushButton()
        self.print_button = QPushButton()
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.save_as_button)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area, 1)
        layout.addWidget(self.path_label)
        layout.addLayout(buttons)
        self.open_button.clicked.connect(self.open_external)
        self.save_as_button.clicked.connect(self.save_as)
        self.print_button.clicked.connect(self.print_file)
        self._retranslate()
        self.show_file(None)

    def _retranslate(self) -> None:
        self.open_button.setText(_("用系统程序打开"))
        self.save_as_button.setText(_("另存为…"))
        self.print_button.setText(_("打印…"))

    def show_file(self, path: Path | None, pages: list[Path] | None = None,
                  finalise: Callable[[], Path | None] | None = None) -> None:
        """Show ``path``: its page images if given, otherwise a line saying where it is.

        With ``finalise`` the file is a preview: saving or printing first calls it for the final file.
        """
        self.path = path
        self.finalise = finalise
        for label in self.page_labels:
            label.deleteLater()
        self.page_labels = []
        for button in (self.open_button, self.save_as_button):
            button.setEnabled(path is not None)
        self.print_button.setEnabled(path is not None and path.suffix == ".pdf")
        if path is None:
            self.path_label.setText("")
            label = QLabel(_("选好报表、期间和范围后点“生成”，生成的报表在这里预览。"))
            label.setWordWrap(True)
            label.setStyleSheet("color: white; padding: 24px;")
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
            return
        self.path_label.setText(_("已保存到：{path}").format(path=path))
        if not pages:
            label = QLabel(_("本机无法在程序内预览（没有安装 poppler 的 pdftoppm）；请点“用系统程序打开”。")
                           if path.suffix == ".pdf" else _("表格文件已生成；请点“用系统程序打开”查看。"))
            label.setWordWrap(True)
            label.setStyleSheet("background: white; padding: 12px;")
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
            return
        for page in pages:
            label = QLabel()
            label.setObjectName("page")
            label.setProperty("source", QPixmap(str(page)))
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        self._fit_pages()

    def _fit_pages(self) -> None:
        """Scale the page images to the width of the pane (never larger than drawn)."""
        width = max(200, self.scroll_area.viewport().width() - 40)
        for label in self.page_labels:
            source = label.property("source")
            if isinstance(source, QPixmap) and not source.isNull():
                label.setPixmap(source.scaledToWidth(min(width, source.width()), Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_pages()

    def page_count(self) -> int:
        return sum(1 for label in self.page_labels if label.objectName() == "page")

    def open_external(self) -> None:
        if self.path is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.path)))

    def save_as(self) -> None:
        if self.path is None:
            return
        target, _filter = QFileDialog.getSaveFileName(self, _("另存为"), str(Path.home() / self.path.name))
        if target and self._final_path() is not None:
            try:
                shutil.copyfile(self.path, target)
            except OSError as exc:
                show_error(self, exc)

    def _final_path(self) -> Path | None:
        """Return the file to save or print: for a preview, the final one made now (registered once)."""
        if self.finalise is not None:
            finalise, self.finalise = self.finalise, None
            path = finalise()
            if path is None:
                self.finalise = finalise  # nothing was registered; the next try makes it again
                return None
            self.path = path
        return self.path

    def print_file(self) -> None:
        """Print the PDF through Qt's print dialog, page by page as 300 dpi images; else hand it to the system."""
        if self.path is None:
            return
        if not can_render_pages():
            if self._final_path() is not None:
                self.open_external()
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if QPrintDialog(printer, self).exec() != QPrintDialog.DialogCode.Accepted:
            return
        if self._final_path() is None:
            return
        try:
            with tempfile.TemporaryDirectory() as folder:
                pages = render_pages(self.path, Path(folder), dpi=300)
                painter = QPainter(printer)
                for number, page in enumerate(pages):
                    if number:
                        printer.newPage()
                    image = QImage(str(page))
                    target = painter.viewport()
                    size = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
                    painter.setViewport(target.x(), target.y(), size.width(), size.height())
                    painter.setWindow(image.rect())
                    painter.drawImage(0, 0, image)
                    painter.setViewport(target)
                painter.end()
        except (OSError, subprocess.SubprocessError) as exc:
            show_error(self, exc)
