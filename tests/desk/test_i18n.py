"""Every message in the source has an English translation with the same placeholders."""

from __future__ import annotations

import re
import string
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))

import i18n as catalog_tool  # noqa: E402

from desk.core.i18n import _, set_language  # noqa: E402


def _placeholders(text: str) -> set[str]:
    return {name for _literal, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_message_is_translated_with_the_same_placeholders():
    problems = []
    for domain, messages in catalog_tool.extract().items():
        path = catalog_tool.po_path("en", domain)
        assert path.exists(), f"missing catalog {path}"
        with path.open("rb") as fp:
            catalog = read_po(fp)
        for (key, context), message in messages.items():
            entry = catalog.get(key, context=context)
            sources = message if isinstance(message, tuple) else (message,)
            targets = entry.string if entry and isinstance(entry.string, tuple) else ((entry.string,) if entry else ("",))
            if not all(targets):
                problems.append(f"{domain}: untranslated {key!r}")
                continue
            expected = set().union(*(_placeholders(source) for source in sources))
            for target in targets:
                if _placeholders(target) != expected:
                    problems.append(f"{domain}: placeholders differ in {key!r} → {target!r}")
    assert problems == []


def test_no_fstrings_inside_translation_calls():
    pattern = re.compile(r"\b_\(\s*f[\"']")
    offenders = [
        str(path.relative_to(ROOT))
        for path in catalog_tool.source_files()
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_english_catalog_is_used():
    set_language("en")
    assert _("保存") == "Save"
    set_language("zh_CN")
    assert _("保存") == "保存"


def english_texts() -> dict[tuple[str, str | None], dict[str, str]]:
    """Return (msgid, context) → catalogue → English text, over every English catalogue."""
    texts: dict[tuple[str, str | None], dict[str, str]] = {}
    for path in sorted((ROOT / "resources" / "locale" / "en" / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as fp:
            for message in read_po(fp):
                if message.id:
                    plain = message.id[0] if isinstance(message.id, tuple) else message.id
                    string = message.string[0] if isinstance(message.string, tuple) else message.string
                    texts.setdefault((plain, message.context), {})[path.stem] = string
    return texts


def test_one_message_id_has_one_english_text_in_every_catalogue():
    # The catalogues are chained, so a second English text for the same id would silently lose
    # to whichever file sorts first.  A Chinese text with two meanings takes a message context.
    clashes = {key: by_file for key, by_file in english_texts().items() if len(set(by_file.values())) > 1}
    assert clashes == {}


def test_the_same_chinese_text_with_two_meanings_shows_each_meaning():
    from desk.security.audit import DELETE, KINDS

    set_language("en")
    try:
        assert _("删除") == "Delete"  # the button
        assert _(KINDS[DELETE]) == "Deleted"  # what the audit log says happened
        assert _("对象") == "Awardee"
    finally:
        set_language("zh_CN")
    assert _(KINDS[DELETE]) == "删除"  # Chinese shows the text itself, never the context
