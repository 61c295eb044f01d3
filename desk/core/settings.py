"""Per-user settings declared once with type and default, stored as JSON in the config folder.

Settings that belong to an office's database (deadlines, thresholds, the current period)
live in the database instead: see ``desk.office.settings``.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

from desk.core.paths import config_dir

log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One declared setting: its key, Python type and default."""

    key: str
    type: type
    default: T


LANGUAGE = Setting("language", str, "zh_CN")
LAST_DATABASE = Setting("last_database", str, "")
# The office server this PC works on (a postgresql:// URL without password), chosen in the
# first-run wizard; the window opens it when no --db is given.
SERVER_DATABASE = Setting("server_database", str, "")
# Text size in percent of the normal size, for clerks who read small print badly: 100, 125 or 150.
FONT_SCALE = Setting("font_scale", int, 100)
ALL_SETTINGS = (LANGUAGE, LAST_DATABASE, SERVER_DATABASE, FONT_SCALE)


class UserSettings:
    """Reads and writes the per-user settings file; unknown or mistyped values fall back to defaults."""

    def __init__(self, path: Path | None = None):
        self.path = path or (config_dir() / "settings.json")
        self._values: dict[str, Any] = {}
        if self.path.exists():
            try:
                self._values = json.loads(self.path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                log.warning("Settings file %s unreadable, using defaults", self.path)

    def get(self, setting: Setting[T]) -> T:
        value = self._values.get(setting.key, setting.default)
        return cast(T, value) if isinstance(value, setting.type) else setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        if not isinstance(value, setting.type):
            raise TypeError(f"setting {setting.key} expects {setting.type.__name__}")
        self._values[setting.key] = value
        self._save()

    def _save(self) -> None:
        # Written to a temporary file and renamed, so a power cut never leaves half a file.
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fp:
            json.dump(self._values, fp, ensure_ascii=False, indent=2)
            fp.flush()
            os.fsync(fp.fileno())
        os.replace(tmp, self.path)
