"""This office's voice in print: the derived self-names (我县 / 全县 / 县妇联 / 县) and the administrator's corrections."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desk.core.errors import ValidationError
from desk.core.i18n import _
from desk.office.service import get_profile
from desk.office.voice import VOICE_SETTINGS, derive_voice, save_voice, voice_labels, voice_settings
from ui.common.context import AppContext
from ui.common.messages import Unsaved, ask_unsaved, show_error


class VoicePanel(QWidget):
    """Shows how the office names itself in reports and certificates; an empty field keeps the derived form."""

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.intro_label = QLabel()
        self.intro_label.setWordWrap(True)
        self._stored: dict[str, str] = {}
        self.edits: dict[str, QLineEdit] = {key: QLineEdit() for key in VOICE_SETTINGS}
        self.form_labels: dict[str, QLabel] = {key: QLabel() for key in VOICE_SETTINGS}
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet("color: #b00020;")
        self.status_label = QLabel()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self.save_record)
        form = QFormLayout()
        for key, edit in self.edits.items():
            edit.setObjectName(f"voice_{key}")
            edit.setMaxLength(20)
            edit.returnPressed.connect(self.focusNextChild)
            form.addRow(self.form_labels[key], edit)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self.save_button)
        layout.addWidget(self.status_label)
        layout.addStretch(1)
        self._retranslate()
        self.load()

    def _retranslate(self) -> None:
        self.save_button.setText(_("保存（Ctrl+S）"))
        for key, label in voice_labels().items():
            self.form_labels[key].setText(_(label))

    def load(self) -> None:
        """Show the stored corrections, with the derived forms as placeholders."""
        try:
            with self.context.sessions() as session:
                profile = get_profile(session)
                derived = derive_voice(profile.name, profile.level)
                stored = voice_settings(session)
        except Exception as exc:  # noqa: BLE001 (one presenter)
            show_error(self, exc)
            return
        self.intro_label.setText(_(
            "工作总结、统计表、首页和荣誉证书中，本单位自称“{self_name}妇联”，辖区称“{whole}”，本级荣誉称号前缀为“{prefix}”。"
            "这些称呼由单位名称“{name}”和层级推算；不合适时在下面改正，留空则用推算的称呼。"
        ).format(self_name=derived.self_name, whole=derived.whole, prefix=derived.prefix, name=profile.name))
        for key, edit in self.edits.items():
            edit.setPlaceholderText(getattr(derived, key))
            edit.setText(stored[key])
        self._stored = dict(stored)

    def values(self) -> dict[str, str]:
        return {key: edit.text() for key, edit in self.edits.items()}

    def save_record(self) -> bool:
        """Store the corrections; return False and show the problem when one is refused."""
        try:
            with self.context.sessions.begin() as session:
                voice = save_voice(session, self.context.actor, self.values())
        except ValidationError as exc:
            self.problem_label.setText(exc.message)
            return False
        except Exception as exc:  # noqa: BLE001 (one presenter)
            show_error(self, exc)
            return False
        self.problem_label.setText("")
        self._stored = {key: value.strip() for key, value in self.values().items()}
        self.status_label.setText(_("已保存：本单位自称“{self_name}”，辖区称“{whole}”，简称“{federation}”，称号前缀“{prefix}”").format(
            self_name=voice.self_name, whole=voice.whole, federation=voice.federation, prefix=voice.prefix))
        self.context.data_changed.emit("office")
        return True

    def has_unsaved_changes(self) -> bool:
        return {key: value.strip() for key, value in self.values().items()} != self._stored

    def maybe_leave(self) -> bool:
        """Return whether the panel may be left (asking first when there are unsaved corrections)."""
        if not self.has_unsaved_changes():
            return True
        answer = ask_unsaved(self)
        if answer is Unsaved.SAVE:
            return self.save_record()
        if answer is Unsaved.DISCARD:
            self.load()
            return True
        return False

    def new_record(self) -> None:
        """Nothing to start: the panel edits one set of forms (Ctrl+N does nothing here)."""
