"""Pinyin initials for search: ``srmyy`` finds 市人民医院."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=65536)  # an import names the same receivers, units and places row after row
def initials(text: str) -> str:
    """Return the lower-case pinyin initials of ``text`` (letters and digits kept as they are)."""
    if not text:
        return ""
    # pypinyin loads its phrase dictionary on import (about 0.4 s): only when a key is first computed.
    from pypinyin import Style, lazy_pinyin

    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors="default", strict=False)
    return "".join(letters).lower().replace(" ", "")


def search_key(*texts: str) -> str:
    """Return the text stored in a ``search_key`` column: initials of each text, space-separated."""
    return " ".join(initials(text) for text in texts if text)
