"""Key cards: this office's fingerprint, saving its card, and registering another office's card."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import DeskError
from desk.core.i18n import N_, NP_, _
from desk.exchange.keys import KeyCard, own_card, parse_card, write_card_file
from desk.exchange.partners import register_card
from desk.exchange.queries import PARTNERS
from ui.common.context import AppContext
from ui.common.messages import show_error
from ui.common.table_model import ColumnSpec
from ui.exchange.lists import make_list

PARTNER_COLUMNS = (
    ColumnSpec("name", NP_("office", "单位名称"), width=180),
    ColumnSpec("code", N_("单位代码"), width=110),
    ColumnSpec("fingerprint", N_("指纹"), width=220),
    ColumnSpec("registered_at", N_("登记日期"), kind="date", width=130),
    ColumnSpec("last_sequence", N_("已发出数据包"), kind="int", width=100),
)


def ask_fingerprint(parent: QWidget, card: KeyCard) -> bool:
    """Show the card's fingerprint and ask whether it matches what the other office read out."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("登记密钥卡"))
    box.setText(
        _("单位：{name}（{code}）\n\n指纹：{fingerprint}\n\n请打电话给对方，请对方逐组念出本单位密钥卡上的指纹。完全一致吗？").format(
            name=card.name, code=card.code, fingerprint=card.fingerprint
        )
    )
    yes = box.addButton(_("一致，登记"), QMessageBox.ButtonRole.AcceptRole)
    no = box.addButton(_("不一致，不登记"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)
    box.exec()
    return box.clickedButton() is yes


class KeysTab(QWidget):
    """This office's card and the cards registered from other offices."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.own_group = QGroupBox()
        self.fingerprint_label = QLabel()
        self.fingerprint_label.setObjectName("fingerprint")
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self._on_save_button_clicked)
        own = QVBoxLayout(self.own_group)
        own.addWidget(self.fingerprint_label)
        own.addWidget(self.hint_label)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addStretch(1)
        own.addLayout(row)

        self.partners_group = QGroupBox()
        self.register_button = QPushButton()
        self.register_button.clicked.connect(self._on_register_button_clicked)
        self.partners_view, self.partners_model = make_list(context, PARTNERS, PARTNER_COLUMNS)
        partners = QVBoxLayout(self.partners_group)
        partners.addWidget(self.partners_view)
        row = QHBoxLayout()
        row.addWidget(self.register_button)
        row.addStretch(1)
        partners.addLayout(row)
        self.status_label = QLabel()

        layout = QVBoxLayout(self)
        layout.addWidget(self.own_group)
        layout.addWidget(self.partners_group, 1)
        layout.addWidget(self.status_label)
        self._retranslate()
        self.refresh()

    def _retranslate(self) -> None:
        self.own_group.setTitle(_("本单位的密钥卡"))
        self.hint_label.setText(_("把密钥卡文件交给上级（或下级）单位登记，并打印密钥卡页以便电话核对指纹。"))
        self.save_button.setText(_("保存密钥卡和打印页…"))
        self.partners_group.setTitle(_("已登记的对方单位"))
        self.register_button.setText(_("登记对方的密钥卡…"))

    def refresh(self) -> None:
        """Show this office's fingerprint (making its keys on first use) and the registered cards."""
        with self.context.sessions.begin() as session:
            card = own_card(session)
        self.card = card
        self.fingerprint_label.setText(_("本单位：{name}（{code}）　指纹：{fingerprint}").format(
            name=card.name, code=card.code, fingerprint=card.fingerprint))
        self.partners_model.reload()

    def save_card_to(self, folder: Path) -> Path:
        """Write the card file and its printable page into ``folder``; return the card file's path."""
        path = write_card_file(self.card, folder)
        from desk.exchange.card_pdf import write_card_pdf  # ReportLab loads when a card is first printed

        write_card_pdf(self.card, folder / _("{code}-密钥卡.pdf").format(code=self.card.code))
        self.status_label.setText(_("已保存密钥卡到 {folder}").format(folder=folder))
        return path

    def register_file(self, path: Path, confirmed: bool | None = None) -> bool:
        """Read a card file, show its fingerprint, and register it if the user confirms; return whether it was."""
        try:
            card = parse_card(path.read_bytes()[: 64 * 1024 + 1])
        except OSError as exc:
            show_error(self, DeskError(_("无法读取文件 {path}：{reason}").format(path=path, reason=exc.strerror or exc)))
            return False
        except DeskError as exc:
            show_error(self, exc)
            return False
        if confirmed is None:
            confirmed = ask_fingerprint(self, card)
        if not confirmed:
            self.status_label.setText(_("没有登记。"))
            return False
        try:
            with self.context.sessions.begin() as session:
                register_card(session, self.context.actor, card, card.fingerprint)
        except Exception as exc:  # noqa: BLE001 (show_error logs anything that is not a DeskError)
            show_error(self, exc)
            return False
        self.status_label.setText(_("已登记“{name}”的密钥卡").format(name=card.name))
        self.partners_model.reload()
        self.context.data_changed.emit("exchange")
        return True

    def _on_save_button_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("选择保存密钥卡的文件夹"))
        if folder:
            try:
                self.save_card_to(Path(folder))
            except OSError as exc:
                show_error(self, DeskError(_("无法写入：{reason}").format(reason=exc.strerror or exc)))

    def _on_register_button_clicked(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("选择对方的密钥卡"), "", _("密钥卡 (*.deskkey)"))
        if path:
            self.register_file(Path(path))
