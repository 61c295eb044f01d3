"""The petition form's special parts: the handling-steps grid and cell problems shown on it."""

from __future__ import annotations

from collections.abc import Mapping

from desk.petitions.fields import STEP
from ui.common.directory import UNITS
from ui.common.form import RecordForm
from ui.common.grid import LineGrid, grid_columns

STEP_COLUMNS = grid_columns(STEP, {"step_on": 95, "action": 120, "handler": 80, "unit": 150, "notes": 160},
                            unit={"kind": "combo", "lookup": UNITS})


class StepsGrid(LineGrid):
    """Handling steps typed as lines; the unit column suggests the units typed before."""

    def __init__(self) -> None:
        super().__init__(STEP_COLUMNS)
        self.setObjectName("steps_grid")


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
