"""Rules between records, declared by the areas: their forms apply them, and so does the exchange import.

A ``LinkRule`` checks a record against the row it links to (a handling step against its petition's
date received, an award against its title); a ``UniqueKey`` names the columns live records of a
table may not share (one person per ID number, a beneficiary once per stipend batch).  An area
declares them by table in its service module (``LINK_RULES``, ``UNIQUE_KEYS``) next to the
field-level ``RECORD_RULES``; ``desk.exchange.checks`` collects them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from desk.core.validation import Checker


@dataclass(frozen=True)
class LinkRule:
    """A rule between a record and the record its ``column`` links to in table ``parent``.

    ``check(checker, values, parent)`` adds problems to ``checker`` (keyed by the record's fields) given the
    record's cleaned values and the parent's ``parent_columns``.
    """

    column: str
    parent: str
    parent_columns: tuple[str, ...]
    check: Callable[[Checker, dict[str, Any], dict[str, Any]], None]


@dataclass(frozen=True)
class UniqueKey:
    """Columns whose values two live records of a table may not share.

    ``message(values, other)`` says why in Chinese, given the record's values and the other live row
    already stored here (a row with the table's columns), or None when the other came in the same
    bundle.  A record whose key holds an empty value is not compared (an optional ID number left empty).
    """

    columns: tuple[str, ...]
    message: Callable[[dict[str, Any], Any], str]

    def key(self, values: dict[str, Any]) -> tuple[Any, ...] | None:
        """Return the record's key, or None if it is deleted or a key column is empty."""
        if values.get("deleted"):
            return None
        key = tuple(values.get(column) for column in self.columns)
        return None if any(part in (None, "") for part in key) else key
