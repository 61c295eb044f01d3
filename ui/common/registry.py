"""Screens register themselves: each ``ui/<package>/screen.py`` declares a ``SCREEN`` entry."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtWidgets import QWidget

import ui
from ui.common.context import AppContext


@dataclass(frozen=True)
class ScreenEntry:
    """A navigation entry: key, title message id, position, and how to build the screen."""

    key: str
    title: str
    order: int
    factory: Callable[[AppContext], QWidget]


def discover_screens() -> list[ScreenEntry]:
    """Import every ``ui.<package>.screen`` module and return their SCREEN entries in order."""
    entries = []
    for info in sorted(pkgutil.iter_modules(ui.__path__), key=lambda item: item.name):
        if not info.ispkg or info.name == "common":
            continue
        module_name = f"ui.{info.name}.screen"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        entries.append(module.SCREEN)
    return sorted(entries, key=lambda entry: (entry.order, entry.key))
