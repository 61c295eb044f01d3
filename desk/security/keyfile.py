"""Where an encrypted database's key file lives, and whether a database is encrypted: plain paths only.

Kept apart from desk.security.keys (Argon2, NaCl, SQLAlchemy) so that a start can tell an encrypted
database from a plain one, and show the login dialog, before any of those load.
"""

from __future__ import annotations

from pathlib import Path


def key_file(db_path: Path) -> Path:
    """Return the path of the key file of the database at ``db_path``."""
    return db_path.with_name(db_path.name + ".keys")


def is_encrypted(db_path: Path) -> bool:
    """Return whether the database at ``db_path`` is encrypted (has a key file)."""
    return key_file(Path(db_path)).exists()
