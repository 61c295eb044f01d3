"""The main window: navigation on the left, the chosen screen on the right, menus and status bar."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Protocol, runtime_checkable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from desk.core.errors import DeskError
from desk.core.i18n import _, current_language
from desk.core.periods import half_year, parse_period, quarter, year_period
from desk.core.settings import FONT_SCALE, LANGUAGE, UserSettings
from desk.office.settings import CURRENT_PERIOD, set_setting
from desk.version import __version__
from ui.common.context import AppContext
from ui.common.fonts import FONT_SCALES, apply_font_scale
from ui.common.guide import GuideOpener
from ui.common.messages import show_error
from ui.common.registry import ScreenEntry


@runtime_checkable
class LeavableScreen(Protocol):
    """A screen that may hold unsaved typing: closing the window asks it first."""

    def has_unsaved_changes(self) -> bool: ...

    def maybe_leave(self) -> bool: ...


class _Screens(Mapping[str, QWidget]):
    """The window's screens by key, each built on first use and put in its place in the stack."""

    def __init__(self, window: MainWindow):
        self.window = window
        self._built: dict[str, QWidget] = {}

    def __getitem__(self, key: str) -> QWidget:
        if key not in self._built:
            index = next((n for n, entry in enumerate(self.window.entries) if entry.key == key), None)
            if index is None:
                raise KeyError(key)
            screen = self.window.entries[index].factory(self.window.context)
            placeholder = self.window.stack.widget(index)
            self.window.stack.insertWidget(index, screen)
            if placeholder is not None:
                self.window.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self._built[key] = screen
        return self._built[key]

    def __iter__(self) -> Iterator[str]:
        return iter([entry.key for entry in self.window.entries])

    def __len__(self) -> int:
        return len(self.window.entries)

    def built(self) -> list[QWidget]:
        """Return the screens built so far (only they can hold unsaved typing)."""
        return list(self._built.values())


class MainWindow(QMainWindow):
    """Holds one instance of every registered screen."""

    def __init__(self, context: AppContext, settings: UserSettings, entries: list[ScreenEntry] | None = None):
        super().__init__()
        self.context = context
        self.settings = settings
        from ui.security.permissions import screen_allowed

        entries = entries if entries is not None else list(context.registry.screens)
        self.entries = [entry for entry in entries if screen_allowed(context.actor, entry.key)]
        self.screens = _Screens(self)
        self.nav_list = QListWidget()
        self.nav_list.setObjectName("navigation")
        self.nav_list.setMinimumWidth(130)
        self.stack = QStackedWidget()
        for entry in self.entries:
            # A cheap placeholder now; the screen is built when first shown, so launch stays quick.
            self.stack.addWidget(QWidget())
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            self.nav_list.addItem(item)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.nav_list)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        splitter.setSizes([170, 1030])
        self.setCentralWidget(splitter)
        self.office_label = QLabel()
        self.period_label = QLabel()
        self.statusBar().addWidget(self.office_label)
        self.statusBar().addPermanentWidget(self.period_label)
        self._build_menus()
        self.nav_list.currentRowChanged.connect(self._on_nav_list_row_changed)
        context.period_changed.connect(lambda _period: self._retranslate())
        self._retranslate()
        self.fit_to_screen()
        if self.entries:
            self.nav_list.setCurrentRow(0)

    def fit_to_screen(self) -> None:
        """Open at 1366×760, or smaller on a smaller screen (a 1366×768 laptop loses some height to the taskbar)."""
        screen = self.screen() or QApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        width, height = 1366, 760
        if available is not None:
            width, height = min(width, available.width()), min(height, available.height() - 30)  # the title bar
        self.resize(width, height)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("")
        self.new_action = QAction(self)
        self.save_action = QAction(self)
        self.quit_action = QAction(self)
        # Screens own Ctrl+N/Ctrl+S; the menu shows the keys without claiming them (no ambiguity).
        for action, keys, slot in (
            (self.new_action, QKeySequence.StandardKey.New, lambda: self._call_screen("new_record")),
            (self.save_action, QKeySequence.StandardKey.Save, lambda: self._call_screen("save_record")),
        ):
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(slot)
            self.file_menu.addAction(action)
        self.file_menu.addSeparator()
        self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.quit_action)

        self.settings_menu = bar.addMenu("")
        self.period_action = QAction(self)
        self.period_action.setShortcut(QKeySequence("Ctrl+P"))
        self.period_action.triggered.connect(self.choose_period)
        self.settings_menu.addAction(self.period_action)
        self.password_action = QAction(self)
        self.password_action.triggered.connect(self.change_password)
        self.settings_menu.addAction(self.password_action)
        self.language_menu = self.settings_menu.addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code, label in (("zh_CN", "中文"), ("en", "English")):
            action = QAction(label, self, checkable=True)
            action.setChecked(code == current_language())
            action.triggered.connect(lambda _checked, code=code: self._on_language_chosen(code))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action

        self.font_menu = self.settings_menu.addMenu("")
        font_group = QActionGroup(self)
        self.font_actions: dict[int, QAction] = {}
        current_scale = self.settings.get(FONT_SCALE)
        for percent in FONT_SCALES:
            action = QAction(f"{percent}%", self, checkable=True)
            action.setChecked(percent == current_scale)
            action.triggered.connect(lambda _checked, percent=percent: self.set_font_scale(percent))
            font_group.addAction(action)
            self.font_menu.addAction(action)
            self.font_actions[percent] = action

        self.help_menu = bar.addMenu("")
        self.guide_opener = GuideOpener(self)
        self.guide_action = QAction(self)
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.guide_action.triggered.connect(self.guide_opener.open_guide)
        self.help_menu.addAction(self.guide_action)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        self.help_menu.addAction(self.about_action)

    def _retranslate(self) -> None:
        from ui.security.startup import plain_marker

        self.setWindowTitle(_("妇联工作台 — {office}").format(office=self.context.office.name)
                            + plain_marker(self.context.database))
        self.file_menu.setTitle(_("文件(&F)"))
        self.new_action.setText(_("新建记录"))
        self.save_action.setText(_("保存记录"))
        self.quit_action.setText(_("退出(&Q)"))
        self.settings_menu.setTitle(_("设置(&S)"))
        self.period_action.setText(_("选择工作期间…"))
        from ui.security.password_dialog import MENU_TEXT

        self.password_action.setText(_(MENU_TEXT))
        self.language_menu.setTitle(_("界面语言"))
        self.font_menu.setTitle(_("字号"))
        self.help_menu.setTitle(_("帮助(&H)"))
        self.guide_action.setText(_("用户手册"))
        self.about_action.setText(_("关于妇联工作台"))
        for row, entry in enumerate(self.entries):
            self.nav_list.item(row).setText(_(entry.title))
        self.office_label.setText(self.context.office.name)
        self.period_label.setText(_("当前期间：{period}").format(period=self.context.period.label))

    # -- navigation ----------------------------------------------------------------------------
    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    def show_screen(self, key: str) -> None:
        """Switch to the screen ``key`` (asking about unsaved changes first)."""
        for row, entry in enumerate(self.entries):
            if entry.key == key:
                self.nav_list.setCurrentRow(row)
                return

    def _on_nav_list_row_changed(self, row: int) -> None:
        if row < 0:
            return
        current = self.stack.currentWidget()
        target = self.screens[self.entries[row].key]
        if current is not None and current is not target and hasattr(current, "maybe_leave"):
            if not current.maybe_leave():
                self.nav_list.blockSignals(True)
                self.nav_list.setCurrentRow(self.stack.currentIndex())
                self.nav_list.blockSignals(False)
                return
        self.stack.setCurrentWidget(target)

    def _call_screen(self, method: str) -> None:
        screen = self.stack.currentWidget()
        if screen is not None and hasattr(screen, method):
            getattr(screen, method)()

    # -- settings -------------------------------------------------------------------------------
    def choose_period(self) -> None:
        """Ask for the period the office works in and store it in the database."""
        today_year = self.context.period.start.year
        options = []
        for year in range(today_year + 1, today_year - 6, -1):
            options += [half_year(year, 2), half_year(year, 1)]
        options += [quarter(today_year, n) for n in (1, 2, 3, 4)] + [year_period(today_year)]
        labels = [f"{period.label}  ({period.code})" for period in options]
        current = next((n for n, p in enumerate(options) if p == self.context.period), 0)
        text, ok = QInputDialog.getItem(
            self, _("选择工作期间"), _("期间（也可输入 2020H1、2020Q3、2020 或 2020-03-01..2020-06-30）："),
            labels, current, True,
        )
        if not ok:
            return
        try:
            chosen = options[labels.index(text)] if text in labels else parse_period(text)
            with self.context.sessions.begin() as session:
                set_setting(session, CURRENT_PERIOD, chosen.code)
        except DeskError as exc:
            show_error(self, exc)
            return
        self.context.set_period(chosen)

    def change_password(self) -> None:
        """Let the logged-in user change her own password."""
        from ui.security.password_dialog import DONE_TEXT, TITLE, PasswordDialog

        if PasswordDialog(self.context, self).exec():
            QMessageBox.information(self, _(TITLE), _(DONE_TEXT))

    def _on_language_chosen(self, code: str) -> None:
        self.settings.set(LANGUAGE, code)
        QMessageBox.information(self, _("界面语言"), _("界面语言将在下次启动时切换。"))

    def set_font_scale(self, percent: int) -> None:
        """Make all text ``percent`` of the normal size, at once, and remember it."""
        app = QApplication.instance()
        assert isinstance(app, QApplication)  # the window lives in a QApplication
        percent = apply_font_scale(app, percent)
        self.settings.set(FONT_SCALE, percent)
        self.font_actions[percent].setChecked(True)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("关于妇联工作台"),
            _("妇联工作台 {version}\n为各级妇联记录工作、打印总结和证书、逐级报送数据。").format(version=__version__),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        for screen in self.screens.built():
            if isinstance(screen, LeavableScreen) and screen.has_unsaved_changes():
                self.stack.setCurrentWidget(screen)
                if not screen.maybe_leave():
                    event.ignore()
                    return
        event.accept()
