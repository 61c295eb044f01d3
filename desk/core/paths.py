"""Where the program keeps its files: data folder, default database, logs, resources."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from desk.version import APP_NAME


def resources_dir() -> Path:
    """Return the folder holding fonts, translations and demo data (also when frozen)."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"


def data_dir() -> Path:
    """Return the user's data folder, created if missing; ``DESK_DATA_DIR`` overrides it."""
    override = os.environ.get("DESK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def config_dir() -> Path:
    """Return the folder for the per-user settings file (inside the data folder when overridden)."""
    override = os.environ.get("DESK_DATA_DIR")
    path = Path(override) if override else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_path() -> Path:
    """Return the path of the default local database file."""
    return data_dir() / "desk.db"


def log_dir() -> Path:
    """Return the folder of the rotating log file."""
    path = data_dir() / "logs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def attachments_dir(db_path: Path | None = None) -> Path:
    """Return the folder where attachments of a database are copied to."""
    base = db_path.parent if db_path else data_dir()
    path = base / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path
