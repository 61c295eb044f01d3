"""Editing each summary section's narrative, with the sentences written from statistics shown above it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk.core.errors import ValidationError
from desk.core.i18n import _
from desk.core.periods import Period
from desk.office.scope import office_scope
from desk.reports.summary import generated_sentences, load_narratives, save_narrative
from ui.common.context import AppContext
from ui.common.form import PROBLEM_STYLE
from ui.common.messages import show_error


class NarrativeEditor(QWidget):
    """A list of sections; the chosen one's generated sentences (read only) and its narrative (typed)."""

    saved = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.period: Period = context.period
        self.tree = False
        self.current_key: str | None = None
        self.dirty = False
        self.narratives: dict[str, str] = {}
        self.section_list = QListWidget()
        self.section_list.setObjectName("sections")
        self.section_list.setFixedWidth(max(150, self.section_list.fontMetrics().horizontalAdvance("下阶段工作安排") + 30))
        self.sentences_label = QLabel()
        self.sentences_label.setWordWrap(True)
        self.sentences_view = QLabel()
        self.sentences_view.setObjectName("generated")
        self.sentences_view.setWordWrap(True)
        self.sentences_view.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.sentences_view.setStyleSheet("background: #f4f4f4; padding: 6px;")
        self.narrative_label = QLabel()
        self.narrative_label.setWordWrap(True)
        self.narrative_edit = QPlainTextEdit()
        self.narrative_edit.setObjectName("narrative")
        self.narrative_label.setBuddy(self.narrative_edit)
        self.problem_label = QLabel()
        self.problem_label.setStyleSheet(PROBLEM_STYLE)
        self.problem_label.hide()
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: #555;")
        self.save_button = QPushButton()
        self.save_button.setObjectName("save_narrative")

        right = QVBoxLayout()
        right.addWidget(self.sentences_label)
        right.addWidget(self.sentences_view)
        right.addWidget(self.narrative_label)
        right.addWidget(self.narrative_edit, 1)
        right.addWidget(self.problem_label)
        right.addWidget(self.hint_label)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        right.addLayout(buttons)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.section_list)
        layout.addLayout(right, 1)

        for entry in self.context.reports.sections():
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            self.section_list.addItem(item)
        self.section_list.currentRowChanged.connect(self._on_section_list_row_changed)
        self.narrative_edit.textChanged.connect(self._on_narrative_edit_changed)
        self.save_button.clicked.connect(self.save)
        self._retranslate()

    def _retranslate(self) -> None:
        for row in range(self.section_list.count()):
            item = self.section_list.item(row)
            key = item.data(Qt.ItemDataRole.UserRole)
            item.setText(_(self.context.reports.section_name(key)))
        self._place_labels()
        self.hint_label.setText(_("没有生成句子也没有文字的部分不会打印。"))
        self.save_button.setText(_("保存文字"))

    def _place_labels(self) -> None:
        """Say where the generated sentences print: at the section's start, or closing its first paragraph."""
        after = self.context.reports.section(self.current_key).sentences_after if self.current_key else 0
        if after:
            self.sentences_label.setText(_("由统计数据生成的句子（接在本部分第一段末尾）："))
            self.narrative_label.setText(_("本期文字（生成的句子接在第一段末尾；每行一段，以“（一）”开头的行排为二级标题）："))
        else:
            self.sentences_label.setText(_("由统计数据生成的句子（打印在本部分开头）："))
            self.narrative_label.setText(_("本期文字（接在生成的句子之后；每行一段，以“（一）”开头的行排为二级标题）："))

    def set_period(self, period: Period, tree: bool) -> bool:
        """Show ``period`` (saving typed text first); return False if the typed text could not be saved."""
        if not self.save_if_dirty():
            return False
        self.period = period
        self.tree = tree
        with self.context.sessions() as session:
            self.narratives = load_narratives(session, period)
        if self.section_list.currentRow() < 0:
            self.section_list.setCurrentRow(0)
        else:
            self._show(self.current_key)
        return True

    def _show(self, key: str | None) -> None:
        self.current_key = key
        if key is None:
            return
        self._place_labels()
        with self.context.sessions() as session:
            sentences = generated_sentences(session, self.period, office_scope(session, tree=self.tree), key,
                                            reports=self.context.reports)
        self.sentences_view.setText("".join(sentences) or _("（本部分暂无由统计数据生成的句子）"))
        self.narrative_edit.blockSignals(True)
        self.narrative_edit.setPlainText(self.narratives.get(key, ""))
        self.narrative_edit.blockSignals(False)
        self.dirty = False
        self.problem_label.hide()

    def _on_section_list_row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self.section_list.item(row).data(Qt.ItemDataRole.UserRole)
        if key == self.current_key:
            return
        if not self.save_if_dirty():
            self.section_list.blockSignals(True)
            self.section_list.setCurrentRow(self._row_of(self.current_key))
            self.section_list.blockSignals(False)
            return
        self._show(key)

    def _row_of(self, key: str | None) -> int:
        for row in range(self.section_list.count()):
            if self.section_list.item(row).data(Qt.ItemDataRole.UserRole) == key:
                return row
        return -1

    def _on_narrative_edit_changed(self) -> None:
        self.dirty = True

    def save_if_dirty(self) -> bool:
        """Save typed text if any; return False (the text stays in the editor) when it cannot be saved."""
        return self.save() if self.dirty else True

    def save(self) -> bool:
        """Store the narrative of the current section; show a problem and return False if refused."""
        if self.current_key is None:
            return True
        text = self.narrative_edit.toPlainText()
        try:
            with self.context.sessions.begin() as session:
                save_narrative(session, self.context.actor, self.current_key, self.period, text, reports=self.context.reports)
        except ValidationError as exc:
            self.problem_label.setText(exc.problems.get("narrative", exc.message))
            self.problem_label.show()
            return False
        except Exception as exc:  # noqa: BLE001 (shown by the one error presenter; the text stays)
            show_error(self, exc)
            return False
        self.narratives[self.current_key] = text.strip()
        self.dirty = False
        self.problem_label.hide()
        self.saved.emit(self.current_key)
        return True
