"""The ui registry: what the ui packages contribute (screens, toolbar hooks), collected once and handed on.

Each ui package declares a ``SCREEN`` entry in its ``__init__.py`` whose factory names the
screen's module without importing it (``Deferred("ui.awards.screen", "make_screen")``): the
screen's module, and what it imports (the services, ReportLab, openpyxl ...), loads when the
screen is first shown, so launch imports only the first screen.  A package may instead declare
``SCREEN`` in ``ui/<package>/screen.py`` (imported at start).  A package may declare a
``TOOLBAR_HOOK(screen, layout)`` (in ``__init__.py``, deferred the same way, or in
``buttons.py``) that adds controls to every record screen's top row (ui/sheets adds
导入Excel/导出Excel).  ``build_registry()`` collects them into a ``UiRegistry`` that the program
builds once at start and passes in its ``AppContext``; a test's context gets a fresh one, so no
test depends on what another imported before it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QWidget

import ui

ToolbarHook = Callable[[Any, QHBoxLayout], None]


@dataclass(frozen=True)
class Deferred:
    """A callable named by its module and attribute: the module is imported on the first call."""

    module: str
    name: str

    def __call__(self, *args: Any) -> Any:
        return getattr(importlib.import_module(self.module), self.name)(*args)


@dataclass(frozen=True)
class ScreenEntry:
    """A navigation entry: key, title message id, position, and how to build the screen from an AppContext."""

    key: str
    title: str
    order: int
    factory: Callable[[Any], QWidget]


@dataclass(frozen=True)
class UiRegistry:
    """The screens in navigation order and the hooks every record screen calls for its top row."""

    screens: tuple[ScreenEntry, ...] = ()
    toolbar_hooks: tuple[ToolbarHook, ...] = ()


def _packages() -> list[str]:
    return [info.name for info in sorted(pkgutil.iter_modules(ui.__path__), key=lambda item: item.name)
            if info.ispkg and info.name != "common"]


def _declared(attribute: str, module_name: str) -> list[Any]:
    """Return ``attribute`` of every ui package that declares it in its ``__init__.py``, else in ``ui.<package>.<module_name>``."""
    found = []
    for package in _packages():
        declared = getattr(importlib.import_module(f"ui.{package}"), attribute, None)
        if declared is None:
            module = _package_module(package, module_name)
            declared = getattr(module, attribute, None) if module is not None else None
        if declared is not None:
            found.append(declared)
    return found


def _package_module(package: str, name: str) -> ModuleType | None:
    module_name = f"ui.{package}.{name}"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name != module_name:
            raise
    return None


def _package_modules(name: str) -> list[ModuleType]:
    """Import ``ui.<package>.<name>`` for every package that has one, sorted by package."""
    modules = []
    for package in _packages():
        module_name = f"ui.{package}.{name}"
        try:
            modules.append(importlib.import_module(module_name))
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
    return modules


def discover_screens() -> list[ScreenEntry]:
    """Return every ui package's SCREEN entry in order (screen modules declared as Deferred are not imported)."""
    entries = _declared("SCREEN", "screen")
    return sorted(entries, key=lambda entry: (entry.order, entry.key))


def build_registry() -> UiRegistry:
    """Return a new registry of every screen and toolbar hook the ui packages declare."""
    hooks = tuple(_declared("TOOLBAR_HOOK", "buttons"))
    return UiRegistry(screens=tuple(discover_screens()), toolbar_hooks=hooks)
