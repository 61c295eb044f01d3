"""First start: ask for this office and create the first administrator; a database file is created encrypted,
and the wizard shows the recovery key and says plainly what is lost without it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget, QWizard, QWizardPage

from desk.core.errors import DeskError, ValidationError
from desk.core.i18n import N_, _
from desk.db.database import Database
from desk.office.model import LEVELS
from desk.office.service import check_admin_values, check_office_values, init_office
from desk.office.voice import derive_voice
from desk.security.keys import new_recovery_code
from ui.common.fields import FieldSpec
from ui.common.form import RecordForm
from ui.common.keyboard import ENTER_MOVES_ON, FOCUS_STYLE
from ui.common.messages import show_error
from ui.security.recovery import RecoveryPanel

OFFICE_FIELDS = (
    FieldSpec("name", N_("本单位名称"), required=True, max_length=100, placeholder=N_("如 北流市妇女联合会")),
    FieldSpec("code", N_("单位代码"), required=True, max_length=32, placeholder=N_("行政区划代码，如 450981")),
    FieldSpec("level", N_("层级"), kind="choice", required=True, choices=tuple(LEVELS.items())),
    FieldSpec("parent_name", N_("上级妇联名称"), max_length=100, placeholder=N_("如 玉林市妇女联合会")),
    FieldSpec("parent_code", N_("上级妇联代码"), max_length=32),
)


class OfficePage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.form = RecordForm(OFFICE_FIELDS)
        self.form.set_values({"level": "city"})
        self.voice_label = QLabel()
        self.voice_label.setWordWrap(True)
        self.form.changed.connect(self._show_voice)
        layout = QFormLayout(self)
        layout.addRow(self.form)
        layout.addRow(self.voice_label)
        self._show_voice()
        self.setTitle(_("本单位"))
        self.setSubTitle(_("请填写使用本程序的妇联组织。这些信息会印在工作总结和证书上。"))
        self.shown_problems: dict[str, str] = {}
        # Enter after the last field goes to the next page (which checks this one first).
        self.form.passed_last_field.connect(lambda: self.wizard().next())
        self.form.changed.connect(self._on_form_changed)

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self.form.focus_first()

    def _show_voice(self) -> None:
        values = self.form.values()
        voice = derive_voice(str(values.get("name") or ""), str(values.get("level") or ""))
        self.voice_label.setText(_("报表和证书中本单位自称“{self_name}妇联”，辖区称“{whole}”，本级荣誉称号前缀“{prefix}”；"
                                   "不合适时可在“下级组织”的“本单位称呼”中改正。").format(
            self_name=voice.self_name, whole=voice.whole, prefix=voice.prefix))

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        try:
            check_office_values(self.form.values())
        except ValidationError as exc:
            self.shown_problems = dict(exc.problems)
            self.form.show_problems(exc.problems)
            return False
        self.shown_problems = {}
        self.form.show_problems({})
        return True

    def _on_form_changed(self) -> None:
        # A problem disappears as soon as it is fixed; no new ones appear while typing.
        if not self.shown_problems:
            return
        try:
            check_office_values(self.form.values())
            remaining: dict[str, str] = {}
        except ValidationError as exc:
            remaining = {key: message for key, message in exc.problems.items() if key in self.shown_problems}
        if remaining.keys() != self.shown_problems.keys():
            self.shown_problems = remaining
            focus = self.focusWidget()
            self.form.show_problems(remaining)
            if focus is not None:
                focus.setFocus(Qt.FocusReason.OtherFocusReason)  # keep typing where one was


class AdminPage(QWizardPage):
    def __init__(self):
        super().__init__()
        self.username_edit = QLineEdit("admin")
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.confirm_edit = QLineEdit()
        self.confirm_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet("color: #b00020;")
        self.problem_label.setWordWrap(True)
        layout = QFormLayout(self)
        layout.addRow(_("用户名："), self.username_edit)
        layout.addRow(_("密码："), self.password_edit)
        layout.addRow(_("再输一次密码："), self.confirm_edit)
        layout.addRow(self.problem_label)
        self.shown_problems: dict[str, str] = {}
        self.edits = (self.username_edit, self.password_edit, self.confirm_edit)
        for edit in self.edits:
            edit.installEventFilter(ENTER_MOVES_ON)
            edit.textEdited.connect(self._on_text_edited)
        self.setTitle(_("管理员账户"))
        self.setSubTitle(_("创建第一个管理员。密码只以不可还原的方式保存，请牢记。"))

    def initializePage(self) -> None:  # noqa: N802 (Qt override)
        self.username_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.username_edit.selectAll()

    def focus_after(self, widget: QWidget) -> bool:
        """Enter moves field to field; from the last one it finishes (the wizard checks the page first)."""
        if widget not in self.edits:
            return False
        index = self.edits.index(widget)
        if index + 1 < len(self.edits):
            self.edits[index + 1].setFocus(Qt.FocusReason.TabFocusReason)
        else:
            self.wizard().button(QWizard.WizardButton.FinishButton).click()
        return True

    def validatePage(self) -> bool:  # noqa: N802 (Qt override)
        try:
            check_admin_values(self.username_edit.text(), self.password_edit.text(), self.confirm_edit.text())
        except ValidationError as exc:
            self.shown_problems = dict(exc.problems)
            self.problem_label.setText(exc.message)
            first = next((edit for key, edit in zip(("username", "password", "confirm"), self.edits)
                          if key in exc.problems), None)
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)
            return False
        self.shown_problems = {}
        self.problem_label.setText("")
        return True

    def _on_text_edited(self, _text: str) -> None:
        # A message goes as soon as what it complained about is fixed; no new ones appear while typing.
        if not self.shown_problems:
            return
        try:
            check_admin_values(self.username_edit.text(), self.password_edit.text(), self.confirm_edit.text())
            problems: dict[str, str] = {}
        except ValidationError as exc:
            problems = dict(exc.problems)
        self.shown_problems = {key: message for key, message in problems.items() if key in self.shown_problems}
        self.problem_label.setText("；".join(self.shown_problems.values()))


class RecoveryPage(QWizardPage):
    """The recovery key of the new encrypted database, the printable sheet, and what is lost without it."""

    def __init__(self, code: str, office_name: Callable[[], str], target: Path):
        super().__init__()
        self.setTitle(_("恢复密钥"))
        self.setSubTitle(_("数据库会加密保存：没有用户的密码，谁也读不出里面的姓名和身份证号。"))
        self.panel = RecoveryPanel(code, office_name, target)
        self.panel.kept_changed.connect(lambda _on: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)

    def isComplete(self) -> bool:  # noqa: N802 (Qt override)
        return self.panel.kept_check.isChecked()


class SetupWizard(QWizard):
    """Writes the office profile and the first administrator when finished.

    Given a file path, the database is created there encrypted (with a recovery page); given an
    open ``Database`` (a server database), the office is written into it.
    """

    def __init__(self, target: Database | str | Path):
        super().__init__()
        self.database: Database | None = target if isinstance(target, Database) else None
        self.target = None if isinstance(target, Database) else Path(target)
        self.recovery_code = ""
        self.setWindowTitle(_("妇联工作台：首次设置"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.office_page = OfficePage()
        self.admin_page = AdminPage()
        self.addPage(self.office_page)
        self.addPage(self.admin_page)
        self.recovery_page: RecoveryPage | None = None
        if self.target is not None:
            self.recovery_code = new_recovery_code()
            self.recovery_page = RecoveryPage(self.recovery_code, lambda: self.office_page.form.values().get("name") or "",
                                              self.target)
            self.addPage(self.recovery_page)
        self.setButtonText(QWizard.WizardButton.NextButton, _("下一步"))
        self.setButtonText(QWizard.WizardButton.BackButton, _("上一步"))
        self.setButtonText(QWizard.WizardButton.FinishButton, _("完成"))
        self.setButtonText(QWizard.WizardButton.CancelButton, _("取消"))
        self.resize(620, 460)
        self.setStyleSheet(FOCUS_STYLE)
        self.admin_user = ""
        # Beside this PC's own file: the office's shared PostgreSQL server (ui/server_dialog.py).
        self.server_url = ""
        if self.target is not None:
            self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
            self.setButtonText(QWizard.WizardButton.CustomButton1, _("连接单位服务器…"))
            self.customButtonClicked.connect(self._on_custom_button_clicked)

    SERVER_CHOSEN = 2  # exec() result: use self.server_url instead of this PC's file

    def _on_custom_button_clicked(self, which: int) -> None:
        from ui.server_dialog import ServerDialog

        dialog = ServerDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.url:
            self.server_url = dialog.url
            self.done(self.SERVER_CHOSEN)

    def accept(self) -> None:
        # QWizard checks the last page only after accept() returns: check it before writing anything.
        if not self.currentPage().validatePage():
            return
        office = self.office_page.form.values()
        user, password = self.admin_page.username_edit.text(), self.admin_page.password_edit.text()
        try:
            if self.target is not None:
                from desk.security.newdb import create_encrypted_office

                self.database, _code = create_encrypted_office(self.target, office, user, password, self.recovery_code)
            else:
                assert self.database is not None  # given when there is no target
                with self.database.sessions.begin() as session:
                    init_office(session, office, user, password)
        except DeskError as exc:
            show_error(self, exc)
            return
        self.admin_user = self.admin_page.username_edit.text()
        super().accept()
