"""Extract translatable messages per area and keep the English catalogs in step.

Usage:
    python scripts/i18n.py update    # add new messages to resources/locale/en/LC_MESSAGES/<domain>.po
    python scripts/i18n.py missing   # list messages without a translation (exit 1 if any)
    python scripts/i18n.py compile   # write .mo files next to the .po files (Babel)

A message's domain is the package it lives in: desk/<pkg> and ui/<pkg> go to <pkg>;
desk/core, desk/db, ui/common and top-level modules go to "core".  Each area owns its
file, so areas built in parallel never edit the same catalog.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "resources" / "locale"
LANGUAGES = ("en",)
# pgettext/NP_ take a message context first: one Chinese text with two meanings gets two entries.
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "NP_": ((1, "c"), 2)}
SHARED = {"core", "db", "common", "__init__.py"}


def domain_of(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    if len(parts) >= 3 and parts[0] in ("desk", "ui") and parts[1] not in SHARED:
        return parts[1]
    return "core"


def source_files() -> list[Path]:
    files = [ROOT / "main.py"]
    for top in ("desk", "ui"):
        files += sorted((ROOT / top).rglob("*.py"))
    return [path for path in files if "migrations" not in path.parts]


Key = tuple[str, str | None]  # (msgid, message context)


def extract() -> dict[str, dict[Key, tuple[str, ...] | str]]:
    """Return domain → (msgid, context) → msgid (or plural tuple), from the source files."""
    messages: dict[str, dict] = defaultdict(dict)
    for path in source_files():
        for _lineno, message, _comments, context in extract_from_file(
            "python", str(path), keywords=KEYWORDS
        ):
            key = message[0] if isinstance(message, tuple) else message
            if key:
                messages[domain_of(path)][(key, context)] = message
    return messages


def po_path(language: str, domain: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / f"{domain}.po"


def load(path: Path, language: str, domain: str) -> Catalog:
    if path.exists():
        with path.open("rb") as fp:
            return read_po(fp, locale=language, domain=domain)
    return Catalog(locale=language, domain=domain, project="Federation Desk", charset="utf-8")


def update() -> None:
    for language in LANGUAGES:
        for domain, messages in extract().items():
            path = po_path(language, domain)
            catalog = load(path, language, domain)
            for (key, context), message in messages.items():
                if catalog.get(key, context=context) is None:
                    catalog.add(message, string=("", "") if isinstance(message, tuple) else "", context=context)
            for key, context in [(m.id, m.context) for m in catalog if m.id]:
                plain = key[0] if isinstance(key, tuple) else key
                if (plain, context) not in messages:
                    catalog.delete(key, context=context)
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("wb") as fp:
                write_po(fp, catalog, width=0, sort_output=True, omit_header=False)
            print(f"{path.relative_to(ROOT)}: {len(messages)} messages")


def missing() -> int:
    count = 0
    for language in LANGUAGES:
        for domain, messages in extract().items():
            catalog = load(po_path(language, domain), language, domain)
            for key, context in messages:
                entry = catalog.get(key, context=context)
                string = entry.string if entry else ""
                if not string or (isinstance(string, tuple) and not all(string)):
                    print(f"{language}/{domain}: {key}" + (f" [{context}]" if context else ""))
                    count += 1
    return 1 if count else 0


def compile_all() -> None:
    for path in sorted(LOCALE.glob("*/LC_MESSAGES/*.po")):
        with path.open("rb") as fp:
            catalog = read_po(fp)
        with path.with_suffix(".mo").open("wb") as fp:
            write_mo(fp, catalog)


if __name__ == "__main__":
    action = sys.argv[1] if len(sys.argv) > 1 else "update"
    if action == "update":
        update()
    elif action == "missing":
        sys.exit(missing())
    elif action == "compile":
        compile_all()
    else:
        sys.exit(__doc__)
