"""Finding the modules that packages of desk/ contribute (``area``, ``cli``, ``model``) by name."""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType

import desk


def package_modules(name: str) -> list[ModuleType]:
    """Import ``desk.<package>.<name>`` for every package that has one; return them sorted by package."""
    modules = []
    for info in sorted(pkgutil.iter_modules(desk.__path__), key=lambda item: item.name):
        if not info.ispkg:
            continue
        module_name = f"desk.{info.name}.{name}"
        try:
            modules.append(importlib.import_module(module_name))
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
    return modules
