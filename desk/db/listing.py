"""Lazy lists: a declared query that counts and reads one page at a time, never every row.

Screens and the CLI read lists through a ``ListSource``.  Sorting and filtering happen in
SQL because a list may hold a million rows; a Qt proxy model would need them all in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, SQLColumnExpression, and_, func, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators

from desk.core.periods import Period
from desk.db.fulltext import narrowing
from desk.db.scan import unindexed


@dataclass(frozen=True)
class ListQuery:
    """What the user asked the list to show: search text, period, extra filters, sort."""

    search: str = ""
    period: Period | None = None
    filters: Mapping[str, Any] = field(default_factory=dict)
    order_by: str | None = None
    descending: bool = False
    office_codes: frozenset[str] | None = None  # None: every office in the database


# A mapped attribute (``Petition.title``) or any SQL expression (``func.count(...)``, ``.desc()``).
Column = SQLColumnExpression[Any]


@dataclass
class ListSource:
    """How one list reads from the database.

    ``columns`` maps row keys to SQL expressions (the first must be the record id);
    ``search`` lists the expressions searched with LIKE; ``date_column`` is matched against
    the period; ``filters`` maps filter keys to functions building a WHERE clause from the
    chosen value; ``finish`` turns a raw row mapping into what the list shows (masking).
    """

    model: Any
    columns: Mapping[str, Column]
    search: Sequence[Column] = ()
    date_column: Column | None = None
    date_end_column: Column | None = None
    default_order: Sequence[Column] = ()
    filters: Mapping[str, Callable[[Any], SQLColumnExpression[bool]]] = field(default_factory=dict)
    joins: Sequence[tuple[Any, SQLColumnExpression[bool]]] = ()
    finish: Callable[[dict[str, Any]], dict[str, Any]] | None = None

    def _where(self, query: ListQuery, dialect: str = "") -> list[SQLColumnExpression[bool]]:
        clauses: list[SQLColumnExpression[bool]] = []
        text = query.search.strip()
        # The full-text index narrows a 3+ character search to its candidates (a few rows by rowid); the
        # other conditions are then checked on those rows, kept off the indexes (``+column`` on SQLite) so
        # that SQLite without statistics does not walk every live row of an index led by ``deleted``.
        candidates = narrowing(self.search, text, dialect) if text and self.search else None
        checked = unindexed if candidates is not None else _as_is
        if hasattr(self.model, "deleted"):
            clauses.append(checked(self.model.deleted).is_(False))
        if query.office_codes is not None and hasattr(self.model, "origin_office"):
            clauses.append(checked(self.model.origin_office).in_(sorted(query.office_codes)))
        if query.period is not None and self.date_column is not None:
            if self.date_end_column is not None:
                # A range record (a course) belongs to a period it overlaps.
                clauses.append(checked(self.date_column) <= query.period.end)
                clauses.append(func.coalesce(self.date_end_column, self.date_column) >= query.period.start)
            else:
                clauses.append(checked(self.date_column).between(query.period.start, query.period.end))
        if text and self.search:
            pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            if candidates is not None:
                clauses.append(candidates)
            clauses.append(or_(*(column.like(pattern, escape="\\") for column in self.search)))
        for key, value in query.filters.items():
            if value is None or value == "" or key not in self.filters:
                continue
            clauses.append(self.filters[key](value))
        return clauses

    def _from(self, statement: Select[Any]) -> Select[Any]:
        statement = statement.select_from(self.model)
        for target, on in self.joins:
            statement = statement.outerjoin(target, on)
        return statement

    def count(self, session: Session, query: ListQuery) -> int:
        """Return how many rows the list holds for ``query``."""
        where = and_(True, *self._where(query, _dialect(session)))
        statement = select(func.count()).select_from(self.model).where(where)
        if len(statement.get_final_froms()) > 1:  # the conditions name a joined table (a search over a person's name)
            statement = self._from(select(func.count())).where(where)
        # Otherwise the joins are left out: each reaches at most one row per record (a list shows each record
        # once), so they cannot change the count, and SQLite would still look every joined row up.
        return int(session.execute(statement).scalar_one())

    def rows(
        self, session: Session, query: ListQuery, offset: int = 0, limit: int | None = 200, total: int | None = None
    ) -> list[dict[str, Any]]:
        """Return rows ``offset`` .. ``offset+limit`` of the list as dicts keyed like ``columns``.

        With ``total`` (the list's count), a page in the back half is read in the reverse order
        from the end: SQLite steps over every skipped row, so the last page of a million rows
        would otherwise skip a million.
        """
        labelled: list[Any] = [expression.label(key) for key, expression in self.columns.items()]
        statement = self._from(select(*labelled)).where(and_(True, *self._where(query, _dialect(session))))
        order: list[tuple[Any, bool]] = []  # (expression, descending)
        if query.order_by and query.order_by in self.columns:
            order.append((self.columns[query.order_by], query.descending))
        order.extend(_direction(expression) for expression in self.default_order)
        order.append((next(iter(self.columns.values())), False))  # the id makes the order total
        backwards = False
        if total is not None and limit is not None and offset > total // 2:
            backwards = True
            end = min(offset + limit, total)
            offset, limit = total - end, end - offset
        statement = statement.order_by(
            *((expression.desc() if descending != backwards else expression.asc()) for expression, descending in order)
        ).offset(offset)
        if limit is not None:
            statement = statement.limit(limit)
        result = [dict(row._mapping) for row in session.execute(statement)]
        if backwards:
            result.reverse()
        if self.finish is not None:
            result = [self.finish(row) for row in result]
        return result


def _dialect(session: Session) -> str:
    """Return the name of the database dialect ``session`` talks to."""
    return session.get_bind().dialect.name


def _direction(expression: Any) -> tuple[Any, bool]:
    """Split an ORDER BY item into its column and whether it sorts descending."""
    modifier = getattr(expression, "modifier", None)
    if modifier is operators.desc_op:
        return expression.element, True
    if modifier is operators.asc_op:
        return expression.element, False
    return expression, False


def _as_is(column: Any) -> Any:
    return column
