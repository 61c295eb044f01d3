"""Registers the Chinese fonts shipped in resources/fonts so a bare machine draws no boxes."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from desk.core.paths import resources_dir

log = logging.getLogger(__name__)

# System fonts first where they exist (Windows, Kylin/UOS), then the shipped ones.
PREFERRED_FAMILIES = ("Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "LXGW WenKai")
BASE_POINT_SIZE = 10
FONT_SCALES = (100, 125, 150)  # the text sizes offered in 设置 → 字号


def register_fonts() -> list[str]:
    """Add the shipped fonts to Qt's font database; return the families they provide."""
    families: list[str] = []
    for path in sorted((resources_dir() / "fonts").glob("*.tt[fc]")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("Qt could not load font %s", path)
            continue
        families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return families


def apply_default_font(app: QApplication, point_size: int = BASE_POINT_SIZE) -> None:
    """Use a Chinese-capable family for the whole application."""
    available = set(QFontDatabase.families())
    chosen = [family for family in PREFERRED_FAMILIES if family in available]
    font = QFont()
    font.setFamilies(chosen or list(PREFERRED_FAMILIES))
    font.setPointSize(point_size)
    app.setFont(font)


def apply_font_scale(app: QApplication, percent: int) -> int:
    """Set the application's text to ``percent`` of the normal size at once; return the percent used.

    Open windows follow at once: Qt hands the new font to every widget that has no font of its own.
    An unknown value (a hand-edited settings file) falls back to 100.
    """
    if percent not in FONT_SCALES:
        log.warning("Unknown font scale %r, using 100", percent)
        percent = 100
    font = app.font()
    font.setPointSizeF(BASE_POINT_SIZE * percent / 100)
    app.setFont(font)
    return percent
