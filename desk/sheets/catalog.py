"""Every area's sheets, discovered: each ``desk/<area>/sheets.py`` declares ``SHEETS``; this package names no area."""

from __future__ import annotations

from functools import cache

from desk.plugins import package_modules
from desk.sheets.spec import SheetSpec


@cache
def _discover() -> tuple[SheetSpec, ...]:
    specs = [spec for module in package_modules("sheets") for spec in getattr(module, "SHEETS", ())]
    return tuple(sorted(specs, key=lambda spec: spec.order))


def sheet_specs() -> dict[str, SheetSpec]:
    """Return every sheet by key, in the order the screen offers them."""
    return {spec.key: spec for spec in _discover()}


def forget_sheets() -> None:
    """Discover again at the next call (a test that adds an area)."""
    _discover.cache_clear()
