"""A rotating log file in the user's data folder; log messages are English, never translated."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from desk.core.paths import log_dir

_configured: Path | None = None


def setup_logging(level: int = logging.INFO) -> Path:
    """Attach a rotating file handler to the root logger once; return the log file's path."""
    global _configured
    if _configured is not None:
        return _configured
    path = log_dir() / "desk.log"
    handler = logging.handlers.RotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(level)
    _configured = path
    return path


def log_file() -> Path:
    """Return the log file's path (the file may not exist yet)."""
    return _configured or (log_dir() / "desk.log")
