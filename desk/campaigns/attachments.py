"""Copying an event's photos and scans into the database's attachments folder, and finding them again."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.core.paths import attachments_dir

SUBFOLDER = "events"


def copy_attachment(source: str | Path, db_path: Path | None) -> dict[str, str]:
    """Copy ``source`` into the attachments folder; return {"file_name", "stored_name"}; raise DeskError."""
    source = Path(source)
    if not source.is_file():
        raise DeskError(_("找不到文件“{path}”").format(path=source))
    folder = attachments_dir(db_path) / SUBFOLDER
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = f"{SUBFOLDER}/{uuid.uuid4().hex}{source.suffix.lower()}"
    try:
        shutil.copy2(source, attachments_dir(db_path) / stored_name)
    except OSError as exc:
        raise DeskError(_("无法复制文件“{name}”：{reason}").format(name=source.name, reason=exc.strerror or exc)) from exc
    return {"file_name": source.name, "stored_name": stored_name}


def attachment_path(stored_name: str, db_path: Path | None) -> Path:
    """Return where the copy ``stored_name`` lives."""
    return attachments_dir(db_path) / stored_name
