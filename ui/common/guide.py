"""帮助 → 用户手册: opens the guide's PDF in the system viewer, building it first in the background if needed."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QProgressDialog, QWidget

from desk.core.errors import DeskError
from desk.core.i18n import _
from ui.common.messages import show_error

log = logging.getLogger(__name__)


def _default_locate() -> Path:
    from desk.reports.guide import guide_pdf

    return guide_pdf()


class GuideOpener(QObject):
    """Finds (or builds, off the GUI thread) the guide's PDF and hands it to the system viewer.

    ``locate`` returns the PDF's path and may take seconds the first time; ``open_url`` is
    QDesktopServices.openUrl unless a test replaces it.
    """

    opened = Signal(Path)
    failed = Signal(str)

    def __init__(self, parent: QWidget, locate: Callable[[], Path] | None = None,
                 open_url: Callable[[QUrl], bool] | None = None):
        super().__init__(parent)
        self._parent = parent
        self._locate = locate or _default_locate
        self._open_url = open_url or QDesktopServices.openUrl
        self._thread: threading.Thread | None = None
        self._result: Path | BaseException | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._progress: QProgressDialog | None = None

    def open_guide(self) -> None:
        """Start finding the guide; a second request while one runs is ignored."""
        if self._thread is not None:
            return
        self._result = None
        self._thread = threading.Thread(target=self._work, name="guide", daemon=True)
        self._thread.start()
        self._timer.start()
        self._progress = QProgressDialog(_("正在准备用户手册…"), "", 0, 0, self._parent)
        self._progress.setCancelButton(None)
        self._progress.setWindowTitle(_("用户手册"))
        self._progress.setWindowModality(Qt.WindowModality.NonModal)
        self._progress.setMinimumDuration(300)

    def _work(self) -> None:
        try:
            self._result = self._locate()
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI thread, shown there
            self._result = exc

    def _on_timer_timeout(self) -> None:
        if self._thread is None or self._thread.is_alive():
            return
        self._thread = None
        self._timer.stop()
        if self._progress is not None:
            self._progress.reset()
            self._progress.deleteLater()
            self._progress = None
        result = self._result
        if isinstance(result, Path):
            if not self._open_url(QUrl.fromLocalFile(str(result))):
                message = _("无法打开用户手册。请用PDF阅读器打开文件：{path}").format(path=result)
                show_error(self._parent, DeskError(message))
                self.failed.emit(message)
                return
            log.info("Opened the user guide %s", result)
            self.opened.emit(result)
        elif isinstance(result, BaseException):
            show_error(self._parent, result)
            self.failed.emit(str(result))
