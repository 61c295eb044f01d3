"""Field declarations and the editor widget each kind of field gets.

An area declares its form as a tuple of ``FieldSpec``; ``RecordForm`` turns them into
widgets.  Every editor offers the same small interface (``value()``, ``set_value()``, a
``changed`` signal) so forms never care which widget sits behind a field.  An area that
needs something special (a grid of goods lines) passes an ``editor`` factory returning a
widget with that interface.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from PySide6.QtCore import QDate, QRegularExpression, Qt, Signal, SignalInstance
from PySide6.QtGui import QInputMethodEvent, QIntValidator, QKeyEvent, QRegularExpressionValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from desk.core.fields import Field, RecordKind
from desk.core.formatting import fen_to_yuan, yuan_to_fen
from desk.core.i18n import N_, _
from ui.common.keyboard import ENTER_KEYS, ENTER_MOVES_ON, TypeToSelectCombo, is_plain_enter, move_on, say_why, suggestions
from ui.common.lookup import Lookup, LookupEditor, SuggestEditor

Choices = Sequence[tuple[str, str]]  # (stored value, message id shown translated)


@dataclass(frozen=True)
class FieldSpec:
    """One field of a form.

    ``kind`` is one of text, multiline, int, date, choice, combo (free text with
    suggestions), bool, money (integer fen, typed in yuan) or custom (``editor`` given).
    ``choices`` are fixed (value, label) pairs; ``dynamic_choices`` marks choices the
    screen loads from the database (it calls ``RecordForm.set_choices``): only for short lists.
    A choice that grows without bound has a ``lookup`` (ui/common/lookup.py) instead: a choice
    field becomes a ``LookupEditor``, a combo a ``SuggestEditor``, searched as the clerk types.
    """

    key: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: Choices = ()
    dynamic_choices: Callable[..., Choices] | None = None
    placeholder: str = ""
    max_length: int = 200
    editor: Callable[[], QWidget] | None = None
    translate_choices: bool = True
    read_only: bool = False
    lookup: Lookup | None = None


@runtime_checkable
class FieldEditor(Protocol):
    """What every field's editor offers (the built-in ones below and an area's own ``editor`` factory's)."""

    @property
    def changed(self) -> SignalInstance: ...

    def value(self) -> Any: ...

    def set_value(self, value: Any) -> None: ...


class _LineEditor(QLineEdit):
    changed = Signal()

    def __init__(self, spec: FieldSpec):
        super().__init__()
        self.setMaxLength(spec.max_length)
        self.textEdited.connect(lambda _text: self.changed.emit())
        self.installEventFilter(ENTER_MOVES_ON)

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))


class TextEditor(_LineEditor):
    def value(self) -> str:
        return self.text().strip()


class _NumberKeys(_LineEditor):
    """A number field says so when a key does not fit instead of dropping it silently."""

    refusal_text = ""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        before = self.text()
        super().keyPressEvent(event)
        text = event.text()
        plain = not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if plain and text and text.isprintable() and self.text() == before and not self.hasSelectedText():
            say_why(self, _(self.refusal_text))

    def inputMethodEvent(self, event: QInputMethodEvent) -> None:  # noqa: N802 (Qt override)
        before = self.text()
        super().inputMethodEvent(event)
        if event.commitString() and self.text() == before:
            say_why(self, _(self.refusal_text))


class IntEditor(_NumberKeys):
    refusal_text = N_("这里只能输入整数")

    def __init__(self, spec: FieldSpec):
        super().__init__(spec)
        self.setValidator(QIntValidator(-2_000_000_000, 2_000_000_000, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def value(self) -> int | None:
        text = self.text().strip()
        return int(text) if text and text.lstrip("-").isdigit() else None


class MoneyEditor(_NumberKeys):
    """Typed in yuan with up to two decimals, stored as integer fen."""

    refusal_text = N_("金额只能输入数字，最多两位小数，如 1500.5")

    def __init__(self, spec: FieldSpec):
        super().__init__(spec)
        self.setValidator(QRegularExpressionValidator(QRegularExpression(r"^\d{0,10}(\.\d{0,2})?$"), self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight)

    def value(self) -> int | None:
        try:
            return yuan_to_fen(self.text())
        except (ValueError, ArithmeticError):
            return None

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(fen_to_yuan(int(value))))


class MultilineEditor(QPlainTextEdit):
    """Several lines: Enter moves on like everywhere else; Ctrl+Enter or Shift+Enter starts a new line."""

    changed = Signal()

    def __init__(self, spec: FieldSpec):
        super().__init__()
        self.setTabChangesFocus(True)
        self.setMinimumHeight(70)
        self.textChanged.connect(self.changed)
        self.setToolTip(_("回车到下一栏；Ctrl+回车或 Shift+回车换行"))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        if is_plain_enter(event):
            move_on(self)
            return
        if event.key() in ENTER_KEYS:
            self.insertPlainText("\n")
            return
        super().keyPressEvent(event)

    def value(self) -> str:
        return self.toPlainText().strip()

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        self.setPlainText("" if value is None else str(value))
        self.blockSignals(False)


class DateEditor(QDateEdit):
    """A date with a calendar; the minimum date stands for "no date" when the field is optional."""

    changed = Signal()
    EMPTY = QDate(1900, 1, 1)

    def __init__(self, spec: FieldSpec):
        super().__init__()
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(self.EMPTY)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.optional = not spec.required
        if self.optional:
            self.setSpecialValueText(" ")
        self.setDate(self.EMPTY if self.optional else QDate.currentDate())
        self.dateChanged.connect(lambda _date: self.changed.emit())
        self.installEventFilter(ENTER_MOVES_ON)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        text = event.text()
        control = event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if text and text.isprintable() and not text.isdigit() and text not in "-/. " and not control:
            say_why(self, _("日期请只输入数字，如 20200602：年月日依次填入"))
            return
        if text.isdigit() and self.date() == self.EMPTY:
            # An empty optional date shows no parts to type into: start from today, year selected.
            self.setDate(QDate.currentDate())
            self.setCurrentSection(QDateEdit.Section.YearSection)
            self.setSelectedSection(QDateEdit.Section.YearSection)
        super().keyPressEvent(event)

    def value(self) -> dt.date | None:
        date = self.date()
        if date == self.EMPTY:
            return None
        return dt.date(date.year(), date.month(), date.day())

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        if value is None or value == "":
            self.setDate(self.EMPTY if self.optional else QDate.currentDate())
        else:
            if isinstance(value, str):
                value = dt.date.fromisoformat(value)
            self.setDate(QDate(value.year, value.month, value.day))
        self.blockSignals(False)


class ChoiceEditor(TypeToSelectCombo):
    """A fixed list that selects as you type (pinyin initials too); optional fields start with an empty entry."""

    changed = Signal()

    def __init__(self, spec: FieldSpec):
        super().__init__()
        self.spec = spec
        self.installEventFilter(ENTER_MOVES_ON)
        # A long item must not make the form wider than the screen: the list opens as wide as it needs.
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(6)
        self.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.set_choices(spec.choices)

    def set_choices(self, choices: Choices) -> None:
        current = self.value()
        self.blockSignals(True)
        self.clear()
        if not self.spec.required:
            self.addItem("", "")
        for value, label in choices:
            self.addItem(_(label) if self.spec.translate_choices else label, value)
        self.blockSignals(False)
        self.set_value(current)

    def value(self) -> str:
        data = self.currentData()
        return "" if data is None else str(data)

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        index = self.findData("" if value is None else value)
        self.setCurrentIndex(index if index >= 0 else (0 if self.count() else -1))
        self.blockSignals(False)


class ComboEditor(QComboBox):
    """Free text with suggestions from a reusable list (units, leaders, places)."""

    changed = Signal()

    def __init__(self, spec: FieldSpec):
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(6)
        line = self.lineEdit()
        assert line is not None  # an editable combo box always has its line edit
        line.setMaxLength(spec.max_length)
        line.textEdited.connect(lambda _text: self.changed.emit())
        self.activated.connect(lambda _index: self.changed.emit())
        line.installEventFilter(ENTER_MOVES_ON)
        self.installEventFilter(ENTER_MOVES_ON)
        # Suggestions in a list that changes nothing until one is picked: what was typed is kept.
        suggestions(self, QCompleter(self.model(), self), line)
        self.set_choices(spec.choices)

    def set_choices(self, choices: Choices) -> None:
        text = self.currentText()
        self.blockSignals(True)
        self.clear()
        for value, _label in choices:
            self.addItem(value)
        self.setEditText(text)
        self.blockSignals(False)

    def value(self) -> str:
        return self.currentText().strip()

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        self.setEditText("" if value is None else str(value))
        self.blockSignals(False)


class BoolEditor(QCheckBox):
    """A check box: Space ticks it, Enter moves on; any other key says so instead of vanishing."""

    changed = Signal()

    def __init__(self, spec: FieldSpec):
        super().__init__()
        self.toggled.connect(lambda _checked: self.changed.emit())
        self.installEventFilter(ENTER_MOVES_ON)
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, True)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        text = event.text()
        if text and text.isprintable() and text != " " and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            say_why(self, _("这是勾选框：按空格键勾选或取消，回车到下一栏"))
            return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event) -> None:  # noqa: N802 (Qt override)
        if event.commitString():
            say_why(self, _("这是勾选框：按空格键勾选或取消，回车到下一栏"))
        event.accept()

    def value(self) -> bool:
        return self.isChecked()

    def set_value(self, value: Any) -> None:
        self.blockSignals(True)
        self.setChecked(bool(value))
        self.blockSignals(False)


EDITORS: dict[str, Callable[[FieldSpec], QWidget]] = {
    "text": TextEditor,
    "int": IntEditor,
    "money": MoneyEditor,
    "multiline": MultilineEditor,
    "date": DateEditor,
    "choice": ChoiceEditor,
    "combo": ComboEditor,
    "bool": BoolEditor,
}


def make_editor(spec: FieldSpec) -> QWidget:
    """Return the editor widget for ``spec``."""
    if spec.editor is not None:
        return spec.editor()
    if spec.lookup is not None:
        return LookupEditor(spec.lookup) if spec.kind == "choice" else SuggestEditor(spec.lookup, max_length=spec.max_length)
    editor = EDITORS[spec.kind](spec)
    if spec.read_only:
        editor.setEnabled(False)
    if spec.placeholder and isinstance(editor, QLineEdit):
        editor.setPlaceholderText(_(spec.placeholder))
    return editor


_FORM_KINDS = {"ref": "choice", "list": "custom", "lines": "custom"}


def form_field(declared: Field, **overrides: Any) -> FieldSpec:
    """Return the form field of a declared field (desk/<area>/fields.py): label, type, choices, limits, hint.

    ``overrides`` are what only the screen knows: a combo's suggestions, a grid editor, read-only.
    """
    values: dict[str, Any] = {
        "key": declared.key,
        "label": declared.label,
        "kind": _FORM_KINDS.get(declared.kind, declared.kind),
        "required": declared.required,
        "choices": tuple((declared.choices or {}).items()),
        "placeholder": declared.placeholder,
        "max_length": declared.max_length,
    }
    values.update(overrides)
    return FieldSpec(**values)


def form_fields(kind: RecordKind, *items: str | FieldSpec, **overrides: dict[str, Any]) -> tuple[FieldSpec, ...]:
    """Return a form's fields in order: a key takes the declared field of ``kind``; a FieldSpec is screen-only.

    ``overrides`` maps a key to FieldSpec attributes (``kind="combo"``, ``dynamic_choices=...``).
    """
    chosen = items or kind.keys()
    return tuple(
        item if isinstance(item, FieldSpec) else form_field(kind[item], **overrides.get(item, {})) for item in chosen
    )
