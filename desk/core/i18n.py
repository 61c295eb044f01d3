"""Translations: ``_`` and ``ngettext`` over Babel-compiled gettext catalogs in resources/locale.

Message ids are the Simplified Chinese texts the program shows by default; the English
catalogs translate them.  Each area keeps its own ``.po`` file in
``resources/locale/<lang>/LC_MESSAGES/``; all files of a language are chained together, so a
message id means one thing everywhere and has one English text (tests/desk/test_i18n.py
fails otherwise).  A Chinese text with two meanings (删除 the button, 删除 the audited action)
takes a message context: ``pgettext("audit action", "删除")``, or ``NP_(...)`` for a constant
translated later with ``_()``.
A ``.mo`` compiled by ``pybabel compile`` is used when it is newer than its ``.po``;
otherwise the ``.po`` is compiled in memory so a fresh checkout works too.
"""

from __future__ import annotations

import gettext
import io
import logging
from pathlib import Path

from desk.core.paths import resources_dir

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = ("zh_CN", "en")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def locale_dir() -> Path:
    """Return the folder holding ``<lang>/LC_MESSAGES/*.po``."""
    return resources_dir() / "locale"


def _load_one(po_path: Path) -> gettext.GNUTranslations:
    mo_path = po_path.with_suffix(".mo")
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as fp:
            return gettext.GNUTranslations(fp)
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fp:
        catalog = read_po(fp)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def load_catalogs(language: str) -> gettext.NullTranslations:
    """Return the chained catalogs of ``language`` (a null catalog for Chinese)."""
    folder = locale_dir() / language / "LC_MESSAGES"
    chain: gettext.NullTranslations = gettext.NullTranslations()
    if language == DEFAULT_LANGUAGE or not folder.is_dir():
        return chain
    first: gettext.NullTranslations | None = None
    for po_path in sorted(folder.glob("*.po")):
        translations = _load_one(po_path)
        if first is None:
            first = translations
        else:
            first.add_fallback(translations)
    return first or chain


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` ("zh_CN" or "en")."""
    global _translations, _language
    if language not in LANGUAGES:
        log.warning("Unknown language %r, falling back to %s", language, DEFAULT_LANGUAGE)
        language = DEFAULT_LANGUAGE
    _translations = load_catalogs(language)
    _language = language


def current_language() -> str:
    """Return the language code in use."""
    return _language


def babel_locale() -> str:
    """Return the Babel locale name matching the current language."""
    return "zh_CN" if _language == "zh_CN" else "en_GB"


_CONTEXT_SEPARATOR = "\x04"  # gettext's own separator between a message context and its id


def _(message: str) -> str:
    """Translate ``message`` (a message id, or one marked with ``NP_``) into the current language."""
    if _CONTEXT_SEPARATOR in message:
        context, _sep, text = message.partition(_CONTEXT_SEPARATOR)
        return _translations.pgettext(context, text)
    return _translations.gettext(message)


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` in ``context``: for a Chinese text that means different things in different places."""
    return _translations.pgettext(context, message)


def NP_(context: str, message: str) -> str:  # noqa: N802 - the gettext name, with a context
    """Mark ``message`` in ``context`` for extraction; ``_()`` of the result translates it later."""
    return f"{context}{_CONTEXT_SEPARATOR}{message}"


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count."""
    return _translations.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext name for a marked, untranslated id
    """Mark ``message`` for extraction without translating it now (for module constants)."""
    return message
