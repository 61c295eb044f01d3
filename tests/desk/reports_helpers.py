"""Helpers for the report tests: reading PDFs back with poppler when it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest


def need(tool: str) -> None:
    """Skip the test cleanly when a poppler tool is missing."""
    if shutil.which(tool) is None:
        pytest.skip(f"{tool} (poppler-utils) is not installed")


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    """Return the text of ``pdf`` as pdftotext reads it (skips without poppler)."""
    need("pdftotext")
    path = tmp_path / "read.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def pdf_fonts(pdf: bytes, tmp_path: Path) -> list[list[str]]:
    """Return pdffonts' rows (name, type, encoding, emb, sub, uni, ...) of ``pdf``."""
    need("pdffonts")
    path = tmp_path / "fonts.pdf"
    path.write_bytes(pdf)
    output = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in output.splitlines()[2:] if line.strip()]


def page_count(pdf: bytes) -> int:
    """Return the number of pages (counted from the page objects)."""
    return pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")


def libreoffice_csv(workbook: Path, tmp_path: Path) -> str:
    """Return ``workbook`` as LibreOffice Calc reads it, as UTF-8 CSV text (skips without Calc)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    if not (Path(soffice).resolve().parent / "libsclo.so").exists():
        pytest.skip("LibreOffice is installed without Calc (libreoffice-calc), which reads the workbook")
    # A private profile: a LibreOffice already running elsewhere would otherwise take the job and drop it.
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={(tmp_path / 'lo-profile').as_uri()}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(workbook)],
        capture_output=True, text=True, timeout=120,
    )
    csv = workbook.with_suffix(".csv")
    assert result.returncode == 0 and csv.exists(), result.stdout + result.stderr
    return csv.read_text(encoding="utf-8", errors="replace")
