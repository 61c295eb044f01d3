"""A record form built from field declarations: widgets only, never a session."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desk.core.i18n import _
from ui.common.fields import Choices, FieldEditor, FieldSpec, make_editor
from ui.common.keyboard import FOCUS_STYLE

PROBLEM_STYLE = "color: #b00020;"
# Scoped by object name so a grid's cells and headers keep their own look; focus stays visible.
EDITOR_PROBLEM_STYLE = "#{name} {{ border: 1px solid #b00020; }} #{name}:focus {{ border: 2px solid #b00020; }}"


def field_editor(widget: QWidget) -> FieldEditor:
    """Return ``widget`` as a field editor; raise TypeError for a widget without that interface."""
    if not isinstance(widget, FieldEditor):
        raise TypeError(f"{type(widget).__name__} is not a field editor (value, set_value, changed)")
    return widget


def cell_problem_key(key: str) -> tuple[str, int, str] | None:
    """Return (field, row index, column) of a grid cell's problem key (``steps.0.unit`` or ``goods:0:quantity``)."""
    for separator in (".", ":"):
        parts = key.split(separator)
        if len(parts) == 3 and parts[1].isdigit():
            return parts[0], int(parts[1]), parts[2]
    return None


class RecordForm(QWidget):
    """Shows one record's fields; ``values()`` returns what the user typed, keyed like the specs.

    Enter moves from field to field in the order declared (which is the order shown); Enter in
    the last field emits ``passed_last_field`` so the screen can offer its save button.
    """

    changed = Signal()
    passed_last_field = Signal()

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
            field_editor(editor).changed.connect(self.changed)
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
        previous = None
        for editor in self.editors.values():
            if previous is not None:
                QWidget.setTabOrder(previous, editor)
            previous = editor
        self.setStyleSheet(FOCUS_STYLE)
        self._retranslate()

    def _retranslate(self) -> None:
        for spec in self.fields:
            text = _(spec.label)
            self.labels[spec.key].setText(text + ("*" if spec.required else "") + "：")

    def bind(self, sessions) -> None:
        """Give the editors that search as the clerk types (and grids with such columns) their sessions."""
        for editor in self.editors.values():
            bind = getattr(editor, "bind", None)
            if callable(bind):
                bind(sessions)

    def editor(self, key: str) -> QWidget:
        """Return the editor widget of field ``key``."""
        return self.editors[key]

    def field(self, key: str) -> FieldEditor:
        """Return the editor of field ``key`` as a field editor (its value, ``set_value`` and ``changed``)."""
        return field_editor(self.editors[key])

    def set_values(self, values: Mapping[str, Any]) -> None:
        """Show ``values`` (missing keys clear their fields) and clear any problems."""
        for spec in self.fields:
            editor = self.editors[spec.key]
            editor.blockSignals(True)
            field_editor(editor).set_value(values.get(spec.key))
            editor.blockSignals(False)
        self.show_problems({})

    def values(self) -> dict[str, Any]:
        """Return the typed values keyed by field."""
        return {key: field_editor(editor).value() for key, editor in self.editors.items()}

    def show_problems(self, problems: Mapping[str, str]) -> None:
        """Show each problem under its field or on its grid cell and focus the first one; clear the others."""
        cells: dict[str, dict[tuple[int, str], str]] = {}
        for key, message in problems.items():
            cell = cell_problem_key(key)
            if cell is not None and cell[0] in self.editors:
                cells.setdefault(cell[0], {})[(cell[1], cell[2])] = message
        for key, label in self.problem_labels.items():
            message = problems.get(key, "")
            label.setText(message)
            label.setVisible(bool(message))
            editor = self.editors[key]
            editor.setStyleSheet(EDITOR_PROBLEM_STYLE.format(name=editor.objectName()) if message else "")
            if key in cells and hasattr(editor, "show_cell_problems"):
                editor.show_cell_problems(cells[key])
        first = next((key for key in self.editors if key in problems or key in cells), None)
        if first is None:
            return
        editor = self.editors[first]
        if first in cells and hasattr(editor, "focus_cell"):
            editor.focus_cell(*min(cells[first]))
        else:
            editor.setFocus(Qt.FocusReason.OtherFocusReason)
        self.reveal(editor)

    def problem_text(self, key: str) -> str:
        """Return the problem shown under field ``key`` (empty when none)."""
        label = self.problem_labels[key]
        return label.text() if label.isVisible() or label.text() else ""

    def set_choices(self, key: str, choices: Choices) -> None:
        """Replace the choices of a choice or combo field."""
        editor = self.editors[key]
        set_choices = getattr(editor, "set_choices", None)
        if not callable(set_choices):
            raise TypeError(f"field {key} has no choices to set")
        editor.blockSignals(True)
        set_choices(choices)
        editor.blockSignals(False)

    def focus_first(self) -> None:
        """Scroll to the top and put the cursor into the first field that takes typing."""
        scroll = self._scroll_area()
        if scroll is not None:
            scroll.verticalScrollBar().setValue(0)
            scroll.horizontalScrollBar().setValue(0)
        first = next((target for target in map(self._focus_target, self.editors.values()) if target), None)
        if first is not None:
            first.setFocus(Qt.FocusReason.OtherFocusReason)

    def focus_after(self, widget: QWidget) -> bool:
        """Move focus to the field after the one holding ``widget``; return False if none holds it."""
        editors = list(self.editors.values())
        holder = next((n for n, editor in enumerate(editors) if editor is widget or editor.isAncestorOf(widget)), None)
        if holder is None:
            return False
        following = next((editor for editor in editors[holder + 1:] if self._focus_target(editor)), None)
        if following is None:
            self.passed_last_field.emit()
            return True
        target = self._focus_target(following)
        assert target is not None  # ``following`` was chosen for having one
        target.setFocus(Qt.FocusReason.TabFocusReason)
        if hasattr(following, "enter_from_above"):
            following.enter_from_above()
        self.reveal(following)
        return True

    def commit_open_editors(self) -> None:
        """Finish any cell being edited in a grid, so what it shows is what ``values()`` returns."""
        for editor in self.editors.values():
            commit = getattr(editor, "commit_open_editor", None)
            if callable(commit):
                commit()

    def reveal(self, editor: QWidget) -> None:
        """Scroll the form so ``editor`` is in sight."""
        scroll = self._scroll_area()
        if scroll is not None:
            scroll.ensureWidgetVisible(editor, 10, 10)

    def _scroll_area(self) -> QScrollArea | None:
        parent = self.parentWidget()
        while parent is not None and not isinstance(parent, QScrollArea):
            parent = parent.parentWidget()
        return parent

    @staticmethod
    def _focus_target(editor: QWidget) -> QWidget | None:
        """Return the widget Tab would stop at for ``editor`` (itself, or its first part that takes focus)."""
        if not editor.isEnabled() or editor.isHidden():
            return None
        if editor.focusPolicy() & Qt.FocusPolicy.TabFocus:
            return editor
        widget = editor.nextInFocusChain()
        while widget is not None and widget is not editor and editor.isAncestorOf(widget):
            if widget.isEnabled() and not widget.isHidden() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                return widget
            widget = widget.nextInFocusChain()
        return None
