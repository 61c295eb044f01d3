"""The registry of work areas: each ``desk/<package>/area.py`` declares an ``AREA``.

An area declares what the rest of the program needs from it without the rest importing it
by name: the lists the CLI can print, its part of the demo data, and (later issues) its
statistics and travelling tables.  Adding an area is adding a package; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from desk.db.listing import ListSource
from desk.db.records import Actor
from desk.plugins import package_modules


@dataclass(frozen=True)
class ListCommand:
    """A list the CLI prints with ``list NAME``: its source and how a row becomes JSON."""

    name: str
    source: ListSource
    to_json: Callable[[dict[str, Any]], dict[str, Any]] = dict


@dataclass(frozen=True)
class Area:
    """What one work area contributes to the shared machinery."""

    key: str
    order: int
    lists: tuple[ListCommand, ...] = ()
    seed_demo: Callable[[Session, Actor], object] | None = None  # what it returns is ignored


def discover_areas() -> list[Area]:
    """Import every ``desk.<package>.area`` module and return their AREA, ordered by ``order``."""
    areas = [module.AREA for module in package_modules("area")]
    return sorted(areas, key=lambda area: (area.order, area.key))


def list_commands() -> dict[str, ListCommand]:
    """Return every registered list by name."""
    return {command.name: command for area in discover_areas() for command in area.lists}
