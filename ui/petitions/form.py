"""The petition form's special parts: the handling-steps grid and cell problems shown on it."""

from __future__ import annotations

from collections.abc import Mapping

from desk.core.i18n import N_
from desk.petitions.model import ACTIONS
from ui.common.fields import Choices
from ui.common.form import RecordForm
from ui.common.grid import GridColumn, LineGrid

STEP_COLUMNS = (
    GridColumn("step_on", N_("日期"), width=95),
    GridColumn("action", N_("办理方式"), kind="choice", choices=tuple(ACTIONS.items()), width=120),
    GridColumn("handler", N_("经办人"), width=80),
    GridColumn("unit", N_("转交单位"), kind="combo", width=150),
    GridColumn("notes", N_("办理情况"), width=160),
)


class StepsGrid(LineGrid):
    """Handling steps typed as lines; the form's suggestions go to the unit column."""

    def __init__(self) -> None:
        super().__init__(STEP_COLUMNS)
        self.setObjectName("steps_grid")

    def set_choices(self, choices: Choices) -> None:
        self.set_column_choices("unit", choices)


class PetitionForm(RecordForm):
    """The record form plus per-cell problems of the steps grid (keys ``steps.<row>.<column>``)."""

    def show_problems(self, problems: Mapping[str, str]) -> None:
        super().show_problems(problems)
        grid = self.editors.get("steps")
        if not isinstance(grid, LineGrid):
            return
        cells = {}
        for key, message in problems.items():
            parts = key.split(".")
            if len(parts) == 3 and parts[0] == "steps" and parts[1].isdigit():
                cells[(int(parts[1]), parts[2])] = message
        grid.show_cell_problems(cells)
