"""The users-and-audit screen (nav 95): users and backups for administrators, the audit log with filters."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from desk.core import roles
from desk.core.i18n import N_, _
from desk.core.roles import GRANTS, ROLES
from desk.security.users import USERS, save_user_form, user_form_values
from ui.common.context import AppContext
from ui.common.fields import FieldSpec, TextEditor
from ui.common.record_screen import RecordScreen, RecordScreenSpec
from ui.common.table_model import ColumnSpec
from ui.exchange.history_view import TravelledAuditView
from ui.security.audit_view import AuditView
from ui.security.backup_view import BackupView


class PasswordEditor(TextEditor):
    """A password field: typed characters are hidden."""

    def __init__(self) -> None:
        super().__init__(FieldSpec("password", N_("密码"), max_length=128))
        self.setEchoMode(TextEditor.EchoMode.Password)

    def value(self) -> str:
        return self.text()


USER_SPEC = RecordScreenSpec(
    key="users",
    extra={"drafts": False},  # never keep typed passwords aside
    title=N_("用户"),
    record_name=N_("用户"),
    title_key="username",
    fields=(
        FieldSpec("username", N_("用户名"), required=True, max_length=32),
        FieldSpec("full_name", N_("姓名"), max_length=64),
        FieldSpec("password", N_("新密码（不修改请留空）"), kind="custom", editor=PasswordEditor),
        FieldSpec("confirm", N_("再输一次新密码"), kind="custom", editor=PasswordEditor),
        *(FieldSpec(f"role_{key}", label, kind="bool") for key, label in ROLES.items()),
        *(FieldSpec(f"role_{key}", label, kind="bool") for key, label in GRANTS.items()),
        FieldSpec("active", N_("在用"), kind="bool"),
    ),
    columns=(
        ColumnSpec("id", N_("用户名"), width=100),
        ColumnSpec("full_name", N_("姓名"), width=100),
        ColumnSpec("roles_label", N_("角色和权限"), width=220),
        ColumnSpec("active_label", N_("状态"), width=70),
    ),
    source=USERS,
    load=user_form_values,
    save=save_user_form,
    defaults=lambda context: {"active": True, "role_clerk": True},
    search_hint=N_("输入用户名或姓名"),
)


class SecurityScreen(QTabWidget):
    """Tabs for what the user may do here: users (administrators) and the audit log (administrators, reviewers)."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.users: RecordScreen | None = None
        self.audit: AuditView | None = None
        self.backups: BackupView | None = None
        self.travelled: TravelledAuditView | None = None
        if roles.allowed(context.actor, roles.MANAGE_USERS):
            self.users = RecordScreen(context, USER_SPEC)
            self.addTab(self.users, _("用户"))
        if roles.allowed(context.actor, roles.VIEW_AUDIT):
            self.audit = AuditView(context)
            self.addTab(self.audit, _("审计日志"))
            # What other offices did to the records they sent: kept and shown apart from this office's own log.
            self.travelled = TravelledAuditView(context)
            self.addTab(self.travelled, _("下级单位修改记录"))
            self.currentChanged.connect(self._refresh_current)
        if roles.allowed(context.actor, roles.BACKUP):
            self.backups = BackupView(context)
            self.addTab(self.backups, _("备份"))

    def _refresh_current(self, _index: int) -> None:
        current = self.currentWidget()
        if current is self.audit or current is self.travelled:
            current.refresh()

    def maybe_leave(self) -> bool:
        return self.users.maybe_leave() if self.users is not None else True

    def has_unsaved_changes(self) -> bool:
        return self.users.has_unsaved_changes() if self.users is not None else False
