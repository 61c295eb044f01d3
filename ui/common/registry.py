"""The ui registry: what the ui packages contribute (screens, toolbar hooks), collected once and handed on.

Each ``ui/<package>/screen.py`` declares a ``SCREEN`` entry; a ``ui/<package>/buttons.py`` may
declare a ``TOOLBAR_HOOK(screen, layout)`` that adds controls to every record screen's top row
(ui/sheets adds 导入Excel/导出Excel).  ``build_registry()`` collects them into a ``UiRegistry``
that the program builds once at start and passes in its ``AppContext``; a test's context gets a
fresh one, so no test depends on what another imported before it.
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


def _package_modules(name: str) -> list[ModuleType]:
    """Import ``ui.<package>.<name>`` for every package that has one, sorted by package."""
    modules = []
    for info in sorted(pkgutil.iter_modules(ui.__path__), key=lambda item: item.name):
        if not info.ispkg or info.name == "common":
            continue
        module_name = f"ui.{info.name}.{name}"
        try:
            modules.append(importlib.import_module(module_name))
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
    return modules


def discover_screens() -> list[ScreenEntry]:
    """Import every ``ui.<package>.screen`` module and return their SCREEN entries in order."""
    entries = [module.SCREEN for module in _package_modules("screen")]
    return sorted(entries, key=lambda entry: (entry.order, entry.key))


def build_registry() -> UiRegistry:
    """Return a new registry of every screen and toolbar hook the ui packages declare."""
    hooks = tuple(module.TOOLBAR_HOOK for module in _package_modules("buttons"))
    return UiRegistry(screens=tuple(discover_screens()), toolbar_hooks=hooks)
