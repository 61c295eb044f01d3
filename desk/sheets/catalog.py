"""Every area's sheets: each ``desk/<area>/sheets.py`` declares ``SHEETS``; this package names no area."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from desk.plugins import package_modules
from desk.sheets.spec import SheetSpec


class SheetCatalog(Mapping[str, SheetSpec]):
    """The sheets by key, in the order the screen offers them.

    Discovered once per run (``discover_sheets``) and carried by CliContext and AppContext; a test gets
    its own from the ``sheets`` fixture, and one that adds an area discovers again: nothing is cached.
    """

    def __init__(self, specs: Iterable[SheetSpec]) -> None:
        self._specs = {spec.key: spec for spec in sorted(specs, key=lambda spec: spec.order)}

    def __getitem__(self, key: str) -> SheetSpec:
        return self._specs[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __repr__(self) -> str:
        return f"SheetCatalog({', '.join(self._specs)})"


def discover_sheets() -> SheetCatalog:
    """Return the sheets every package of desk/ declares now (imports each ``desk/<area>/sheets.py``)."""
    return SheetCatalog(spec for module in package_modules("sheets") for spec in getattr(module, "SHEETS", ()))
