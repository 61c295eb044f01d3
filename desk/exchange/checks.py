"""The checks an incoming record passes besides its column types: the same as its area's own form.

Each kind's fields are declared once (``desk/<area>/fields.py``, read through ``kinds_by_table``):
an incoming record of a declared table has every declared column cleaned by ``Checker.field``
as the form cleans it (choices, lengths, limits, dates, phone numbers), every field declared as
an ID number passes the check digit and agrees with the record's sex and birth date, and the
rules between fields that the area's form applies run too: an area lists them by table in its
service module's ``RECORD_RULES`` (``rule(checker, cleaned)``).  Rules that depend on this
office's own settings (which day leaders receive petitioners) or on other records are left out:
the sending office applied its own when the record was typed, and foreign keys are checked by
the import plan.  Any table's file names must be plain names inside the attachments folder.

The rules between records (``desk.core.crossrules``: each area's ``LINK_RULES`` and ``UNIQUE_KEYS``)
are applied by ``CrossChecks`` a chunk at a time, as the import is streamed: a record against the
row it links to (from the bundle, remembered by id, or looked up here a chunk at a time), and a
register key against the bundle's other records and this office's live rows.  A clash with a row
here that the same bundle may still change is only suspected until that table's last chunk.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from desk.core.crossrules import LinkRule, UniqueKey
from desk.core.fields import ID_NUMBER, RecordKind, kinds_by_table
from desk.core.i18n import _
from desk.core.people import check_id_agrees, check_id_number
from desk.core.validation import Checker

RecordRule = Callable[[Checker, dict[str, Any]], None]
# Columns holding the name of a file: a plain name, never a path.
FILE_NAME_COLUMNS = frozenset({"file_name"})
# Columns holding where a copy lives inside the attachments folder: "<subfolder>/<plain name>".
STORED_NAME_COLUMNS = frozenset({"stored_name"})
# Declared kinds of field that are not checked as values here: references are foreign keys, lines are their own rows.
_NOT_VALUES = ("ref", "list", "lines")


def plain_file_name(name: str) -> bool:
    """Return whether ``name`` is a plain file name: no folder, no drive, no parent, no control character."""
    if not name or len(name) > 255 or name in (".", "..") or name != name.strip():
        return False
    if any(ch in name for ch in "/\\:") or any(unicodedata.category(ch)[0] == "C" for ch in name):
        return False
    return True


def _stored_name(value: str) -> bool:
    parts = value.split("/")
    return len(parts) == 2 and all(plain_file_name(part) for part in parts)


@cache
def record_rules() -> dict[str, RecordRule]:
    """Return the areas' rules between fields by table (each service module's ``RECORD_RULES``)."""
    from desk.plugins import package_modules

    rules: dict[str, RecordRule] = {}
    for module in package_modules("service"):
        rules.update(getattr(module, "RECORD_RULES", {}))
    return rules


@cache
def link_rules() -> dict[str, tuple[LinkRule, ...]]:
    """Return the areas' rules between a record and the row it links to, by table (``LINK_RULES``)."""
    return _declared("LINK_RULES")


@cache
def unique_keys() -> dict[str, tuple[UniqueKey, ...]]:
    """Return the keys live records may not share, by table: the areas' ``UNIQUE_KEYS``, and each line field
    declared ``once`` within its parent (a beneficiary once per stipend batch)."""
    found = {table: list(keys) for table, keys in _declared("UNIQUE_KEYS").items()}
    for kind in kinds_by_table().values():
        for item in kind.fields:
            lines = item.lines
            if item.kind != "lines" or lines is None or len(lines.columns) != 1:
                continue
            parent_column = next(iter(lines.columns))
            for line_field in lines.fields:
                if line_field.once:
                    found.setdefault(lines.table, []).append(UniqueKey(
                        (parent_column, line_field.column_name), _once_message(line_field.label, kind.label)))
    return {table: tuple(keys) for table, keys in found.items()}


def _once_message(field: str, parent: str) -> Callable[[dict[str, Any], Any], str]:
    return lambda values, other: _("{field}在同一{parent}中重复了").format(field=_(field), parent=_(parent))


def _declared(name: str) -> dict[str, tuple[Any, ...]]:
    from desk.plugins import package_modules

    found: dict[str, list[Any]] = defaultdict(list)
    for module in package_modules("service"):
        for table, items in getattr(module, name, {}).items():
            found[table].extend(items)
    return {table: tuple(items) for table, items in found.items()}


def record_problems(session: Session, table_name: str, values: dict[str, Any]) -> list[str]:
    """Return why an incoming record of ``table_name`` breaks the rules its own form enforces (empty if none)."""
    problems = []
    for column in FILE_NAME_COLUMNS & values.keys():
        if values[column] is not None and not plain_file_name(str(values[column])):
            problems.append(_("{field}必须是一个文件名，不能带文件夹或路径").format(field=_("文件名")))
    for column in STORED_NAME_COLUMNS & values.keys():
        if values[column] is not None and not _stored_name(str(values[column])):
            problems.append(_("{field}必须是附件文件夹中的一个文件，不能带其他路径").format(field=_("附件")))
    kind = kinds_by_table().get(table_name)
    if kind is not None:
        problems.extend(declared_problems(kind, values).values())
    elif values.get("id_number"):
        try:
            check_id_number(str(values["id_number"]))
        except ValueError as exc:
            problems.append(str(exc))
    return problems


def declared_problems(kind: RecordKind, values: dict[str, Any]) -> dict[str, str]:
    """Return {field key: problem} of a stored row of ``kind`` (keyed by column) checked as its form checks it."""
    declared = [item for item in kind.fields if item.kind not in _NOT_VALUES and item.column_name in values]
    checker = Checker({item.key: values[item.column_name] for item in declared})
    cleaned = {item.key: checker.field(item) for item in declared}
    for item in declared:
        number = cleaned.get(item.key)
        if item.sensitive != ID_NUMBER or not number or item.key in checker.problems:
            continue
        try:
            facts = check_id_number(str(number))
        except ValueError as exc:
            checker.add(item.key, str(exc))
            continue
        for key, message in check_id_agrees(facts, cleaned.get("birth_date"), cleaned.get("sex") or None).items():
            if key in cleaned:
                checker.add(key, message)
    rule = record_rules().get(kind.table)
    if rule is not None:
        rule(checker, cleaned)
    return dict(checker.problems)


LOOKUP = 500  # ids or keys looked up here at once


class CrossChecks:
    """The rules between records over one streamed import, a chunk of one table at a time.

    Memory grows only with what the rules need of the bundle's records: the linked-to columns of
    parent rows (a petition's date received by id) and the register keys of live records.
    """

    def __init__(self, session: Session, tables: dict[str, Table]):
        self.session, self.tables = session, tables
        self.links, self.unique = link_rules(), unique_keys()
        wanted: dict[str, list[str]] = defaultdict(list)
        for rules in self.links.values():
            for rule in rules:
                wanted[rule.parent].extend(rule.parent_columns)
        self.wanted = {parent: tuple(dict.fromkeys(columns)) for parent, columns in wanted.items()}
        self.facts: dict[str, dict[str, tuple[Any, ...]]] = defaultdict(dict)  # parent table → id → wanted columns
        self.keys: dict[tuple[str, int], dict[tuple[Any, ...], str]] = defaultdict(dict)  # (table, key) → key → id
        # Clashes with rows here that the bundle may still bring: the row's table → (table, id, the row's id, reason).
        self.suspects: dict[str, list[tuple[str, str, str, str]]] = defaultdict(list)
        self.children: dict[str, list[tuple[str, LinkRule]]] = defaultdict(list)  # parent table → (table, rule)
        for child, rules in self.links.items():
            for rule in rules:
                self.children[rule.parent].append((child, rule))

    def check_chunk(self, table: str, records: list[dict[str, Any]], seen: set[str]) -> dict[str, str]:
        """Return {record id: reason} of the chunk's records breaking a rule between records.

        ``records`` passed their own checks; ``seen`` holds the ids of the table's records in the
        bundle so far (this chunk's included): rows here with those ids are judged as the bundle has them.
        """
        problems: dict[str, str] = {}
        for rule in self.links.get(table, ()):
            self._check_links(rule, records, problems)
        for position, key in enumerate(self.unique.get(table, ())):
            self._check_key(table, position, key, [values for values in records if values["id"] not in problems],
                            seen, problems)
        columns = self.wanted.get(table)
        if columns:
            facts = self.facts[table]
            for values in records:
                if values["id"] not in problems:
                    facts[values["id"]] = tuple(values.get(column) for column in columns)
            for child, rule in self.children.get(table, ()):
                self._check_children(table, child, rule, [values for values in records if values["id"] not in problems])
        return problems

    def settle(self, table: str, seen: set[str]) -> dict[str, dict[str, str]]:
        """Return {table: {record id: reason}} of the clashes with rows of ``table`` here the bundle left as they are.

        Called once every record of ``table`` in the bundle has been weighed (``seen``: their ids).
        """
        found: dict[str, dict[str, str]] = defaultdict(dict)
        for rejected_table, record_id, other, reason in self.suspects.pop(table, ()):
            if other not in seen:
                found[rejected_table].setdefault(record_id, reason)
        return found

    def unsettled(self) -> list[str]:
        """Return the tables whose rows here some record still clashes with (settled when the bundle ends)."""
        return list(self.suspects)

    def _check_children(self, table: str, child: str, rule: LinkRule, records: list[dict[str, Any]]) -> None:
        """Suspect a record whose live rows linked to it here break ``rule`` with its new values (a petition
        received after its handling steps here), unless the bundle brings those rows too."""
        stored = self.tables.get(child)
        parents = {values["id"]: values for values in records if not values.get("deleted")}
        if stored is None or not parents:
            return
        from desk.core.fields import kinds_by_table

        kind = kinds_by_table().get(child)
        label = _(kind.label) if kind is not None else child
        for chunk in _pieces(sorted(parents)):
            statement = select(stored).where(stored.c[rule.column].in_(chunk), stored.c.deleted.is_(False))
            for row in self.session.execute(statement).mappings():
                values = dict(row)
                checker = Checker(values)
                rule.check(checker, values, parents[row[rule.column]])
                if checker.problems:
                    reason = _("{kind}：{problem}").format(kind=label, problem="；".join(checker.problems.values()))
                    self.suspects[child].append((table, row[rule.column], row["id"], reason))

    def _check_links(self, rule: LinkRule, records: list[dict[str, Any]], problems: dict[str, str]) -> None:
        live = [values for values in records if not values.get("deleted") and values.get(rule.column) is not None]
        if not live:
            return
        columns = self.wanted[rule.parent]
        known = self.facts.get(rule.parent, {})
        parents = {values[rule.column]: known[values[rule.column]] for values in live if values[rule.column] in known}
        table = self.tables.get(rule.parent)
        missing = sorted({values[rule.column] for values in live} - parents.keys())
        if table is not None and missing:
            selected = [table.c.id, *(table.c[column] for column in columns)]
            for chunk in _pieces(missing):
                for row in self.session.execute(select(*selected).where(table.c.id.in_(chunk))):
                    parents[row[0]] = tuple(row[1:])
        for values in live:
            found = parents.get(values[rule.column])
            if found is None:
                continue  # a link to nothing is the import plan's to refuse
            checker = Checker(values)
            rule.check(checker, values, dict(zip(columns, found)))
            if checker.problems:
                problems.setdefault(values["id"], "；".join(checker.problems.values()))

    def _check_key(self, table: str, position: int, unique: UniqueKey, records: list[dict[str, Any]], seen: set[str],
                   problems: dict[str, str]) -> None:
        held = self.keys[(table, position)]
        keyed: dict[tuple[Any, ...], dict[str, Any]] = {}
        for values in records:
            key = unique.key(values)
            if key is None:
                continue
            other = held.get(key)
            if other is not None and other != values["id"]:
                problems[values["id"]] = unique.message(values, None)
                continue
            held[key] = values["id"]
            keyed[key] = values
        stored = self.tables.get(table)
        if stored is None or not keyed:
            return
        first = stored.c[unique.columns[0]]
        clashes: list[tuple[dict[str, Any], str]] = []
        for chunk in _pieces(sorted({key[0] for key in keyed})):
            statement = select(stored.c.id, *(stored.c[column] for column in unique.columns)).where(
                first.in_(chunk), stored.c.deleted.is_(False))
            for row in self.session.execute(statement):
                match = keyed.get(tuple(row[1:]))
                if match is None or row.id == match["id"] or row.id in seen:
                    continue  # not the same key, the same record, or a row the bundle brings as it now is
                clashes.append((match, row.id))
        for values, other in clashes:  # rare: the whole row is read only for the message
            row = self.session.execute(select(stored).where(stored.c.id == other)).one()
            self.suspects[table].append((table, values["id"], other, unique.message(values, row)))


def _pieces(items: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(items), LOOKUP):
        yield items[start:start + LOOKUP]
