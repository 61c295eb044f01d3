"""Reading the problems of a relief form's line grids back to their cells, and raising them with one summary.

Row problems travel in ``ValidationError.problems`` twice (``Checker.lines``): once under the grid's
field key (a sentence naming the row, shown under the grid) and once per cell as ``field:row:column``
so the screen can mark the cell.
"""

from __future__ import annotations

from desk.core.errors import ValidationError


def parse_cell_key(key: str) -> tuple[str, int, str] | None:
    """Return (field, row index, column) of a cell problem key, or None for a field key."""
    parts = key.split(":")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    return parts[0], int(parts[1]), parts[2]


def raise_problems(problems: dict[str, str]) -> None:
    """Raise ValidationError when there are problems; the summary leaves out per-cell keys."""
    if problems:
        summary = "；".join(message for key, message in problems.items() if parse_cell_key(key) is None)
        raise ValidationError(problems, summary or None)
