"""The idle lock: after the idle time the window hides every record and asks for the password again."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QApplication, QHBoxLayout, QLabel, QLineEdit, QMainWindow, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.security.users import authenticate
from ui.common.context import AppContext

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel}


class LockPanel(QWidget):
    """What a locked window shows: the office, the user, and a password field."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.title = QLabel(_("妇联工作台已锁定"))
        self.title.setStyleSheet("font-weight: bold; font-size: 14pt;")
        self.who = QLabel(_("用户 {user} 离开时屏幕已锁定。请输入密码继续。").format(user=context.actor.user))
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("unlock_password")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaximumWidth(260)
        self.unlock_button = QPushButton(_("解锁"))
        self.message_label = QLabel()
        self.message_label.setStyleSheet("color: #b00020;")
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(QLabel(_("密码：")))
        row.addWidget(self.password_edit)
        row.addWidget(self.unlock_button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        for label in (self.title, self.who, self.message_label):
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(label)
        layout.addLayout(row)
        layout.addStretch(2)


class IdleLock(QObject):
    """Watches the application for input; after ``idle_ms`` without any, locks ``window``."""

    def __init__(self, window: QMainWindow, context: AppContext, idle_ms: int, clock=None):
        super().__init__(window)
        self.window = window
        self.context = context
        self.clock = clock
        self.locked = False
        self.panel = LockPanel(context)
        content = window.centralWidget()
        assert content is not None, "the window has its screens before it gets a lock"
        self.content = content
        self.holder = QStackedWidget()
        window.takeCentralWidget()
        self.holder.addWidget(self.content)
        self.holder.addWidget(self.panel)
        window.setCentralWidget(self.holder)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(idle_ms)
        self.timer.timeout.connect(self.lock)
        self.panel.unlock_button.clicked.connect(self.try_unlock)
        self.panel.password_edit.returnPressed.connect(self.try_unlock)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if not self.locked and event.type() in _ACTIVITY:
            self.timer.start()
        return False

    def lock(self) -> None:
        """Hide every record: the screens, the menus and any open dialog of the window."""
        if self.locked:
            return
        self.locked = True
        self.content.setVisible(False)
        self.holder.setCurrentWidget(self.panel)
        self.window.menuBar().setEnabled(False)
        for dialog in QApplication.topLevelWidgets():
            if dialog is not self.window and dialog.isVisible() and dialog.isModal():
                dialog.hide()
        self.panel.message_label.clear()
        self.panel.password_edit.clear()
        self.panel.password_edit.setFocus()

    def try_unlock(self) -> None:
        """Check the password of the user who locked; unlock on success."""
        kwargs = {"clock": self.clock} if self.clock else {}
        try:
            authenticate(self.context.sessions, self.context.actor.user, self.panel.password_edit.text(), **kwargs)
        except DeskError as exc:
            self.panel.message_label.setText(exc.message)
            self.panel.password_edit.clear()
            return
        self.locked = False
        self.holder.setCurrentWidget(self.content)
        self.content.setVisible(True)
        self.window.menuBar().setEnabled(True)
        self.timer.start()

    def stop(self) -> None:
        """Stop watching (the window closes)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.timer.stop()
