"""A record form built from field declarations: widgets only, never a session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QVBoxLayout, QWidget

from desk.core.i18n import _
from ui.common.fields import Choices, FieldSpec, make_editor

PROBLEM_STYLE = "color: #b00020;"
EDITOR_PROBLEM_STYLE = "border: 1px solid #b00020;"


class RecordForm(QWidget):
    """Shows one record's fields; ``values()`` returns what the user typed, keyed like the specs."""

    changed = Signal()

    def __init__(self, fields: Sequence[FieldSpec], parent: QWidget | None = None):
        super().__init__(parent)
        self.fields = tuple(fields)
        self.editors: dict[str, QWidget] = {}
        self.labels: dict[str, QLabel] = {}
        self.problem_labels: dict[str, QLabel] = {}
        self.layout_ = QFormLayout(self)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        for spec in self.fields:
            editor = make_editor(spec)
            editor.setObjectName(f"field_{spec.key}")
            editor.changed.connect(self.changed)
            problem = QLabel()
            problem.setStyleSheet(PROBLEM_STYLE)
            problem.setWordWrap(True)
            problem.hide()
            holder = QWidget()
            column = QVBoxLayout(holder)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(editor)
            column.addWidget(problem)
            label = QLabel()
            label.setBuddy(editor)
            self.layout_.addRow(label, holder)
            self.editors[spec.key] = editor
            self.labels[spec.key] = label
            self.problem_labels[spec.key] = problem
        self._retranslate()

    def _retranslate(self) -> None:
        for spec in self.fields:
            text = _(spec.label)
            self.labels[spec.key].setText(text + ("*" if spec.required else "") + "：")

    def editor(self, key: str) -> QWidget:
        """Return the editor widget of field ``key``."""
        return self.editors[key]

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show ``values`` (missing keys clear their fields) and clear any problems."""
        for spec in self.fields:
            editor = self.editors[spec.key]
            editor.blockSignals(True)
            editor.set_value(values.get(spec.key))
            editor.blockSignals(False)
        self.show_problems({})

    def values(self) -> dict[str, Any]:
        """Return the typed values keyed by field."""
        return {key: editor.value() for key, editor in self.editors.items()}

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Show each problem under its field and mark the field; clear the others."""
        for key, label in self.problem_labels.items():
            message = problems.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            self.editors[key].setStyleSheet(EDITOR_PROBLEM_STYLE if message else "")
        first = next((key for key in self.editors if key in problems), None)
        if first is not None:
            self.editors[first].setFocus(Qt.FocusReason.OtherFocusReason)

    def problem_text(self, key: str) -> str:
        """Return the problem shown under field ``key`` (empty when none)."""
        label = self.problem_labels[key]
        return label.text() if label.isVisible() or label.text() else ""

    def set_choices(self, key: str, choices: Choices) -> None:
        """Replace the choices of a choice or combo field."""
        editor = self.editors[key]
        editor.blockSignals(True)
        editor.set_choices(choices)
        editor.blockSignals(False)

    def focus_first(self) -> None:
        """Put the cursor into the first field."""
        if self.fields:
            self.editors[self.fields[0].key].setFocus(Qt.FocusReason.OtherFocusReason)
