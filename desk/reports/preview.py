"""Page images of a PDF for the in-program preview, drawn by poppler's ``pdftoppm`` when it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from desk.core.paths import data_dir


def can_render_pages() -> bool:
    """Return whether page images can be made on this machine (poppler-utils installed)."""
    return shutil.which("pdftoppm") is not None


def render_pages(pdf_path: Path, out_dir: Path, dpi: int = 60, first: int = 1, last: int | None = None) -> list[Path]:
    """Return PNG images of the PDF's pages (``first``..``last``) written into ``out_dir``; [] without pdftoppm."""
    if not can_render_pages():
        return []
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("page-*.png"):
        old.unlink()
    command = ["pdftoppm", "-r", str(dpi), "-png", "-f", str(first)]
    if last is not None:
        command += ["-l", str(last)]
    subprocess.run(command + [str(pdf_path), str(out_dir / "page")], capture_output=True, check=True, timeout=300)
    return sorted(out_dir.glob("page-*.png"), key=lambda path: int(path.stem.rsplit("-", 1)[1]))


def reports_dir() -> Path:
    """Return the folder where generated reports are kept (in the user's data folder)."""
    path = data_dir() / "reports"
    path.mkdir(parents=True, exist_ok=True)
    return path
