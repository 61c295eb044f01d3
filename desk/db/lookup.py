"""Finding a few records by what is typed, at a cost that does not grow with the table.

Choices that grow without bound (beneficiaries, units, leaders, events) are never loaded whole:
the screens ask for the first few matches of what the clerk typed.  ``starts_with`` is a prefix
match an index can serve on SQLite (a range on the column; LIKE decides), so a search reads the
matching rows only, however long the table is.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_
from sqlalchemy.orm import Session

LIMIT = 20  # matches offered per search
_PAST_EVERY_CHARACTER = "\U0010ffff"


def escape_like(text: str) -> str:
    """Return ``text`` with LIKE's wildcards escaped (escape character backslash)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def starts_with(session: Session, column: Any, text: str) -> ColumnElement[bool]:
    """Return a WHERE clause: ``column`` starts with ``text`` (served by the column's index on SQLite)."""
    like: ColumnElement[bool] = column.like(escape_like(text) + "%", escape="\\")
    if session.get_bind().dialect.name == "sqlite":
        # SQLite's LIKE ignores the index; the range uses it and LIKE keeps its exact meaning.
        return and_(column >= text, column < text + _PAST_EVERY_CHARACTER, like)
    return like


def contains(column: Any, text: str) -> ColumnElement[bool]:
    """Return a WHERE clause: ``column`` contains ``text`` anywhere (reads every row: background searches only)."""
    clause: ColumnElement[bool] = column.like("%" + escape_like(text) + "%", escape="\\")
    return clause
