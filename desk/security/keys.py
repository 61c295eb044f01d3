"""The database key: a random SQLCipher key made at encryption, kept only wrapped by each user's password.

The key file ``<database>.keys`` next to the database holds, for every user, the random key
encrypted (XSalsa20-Poly1305, PyNaCl SecretBox) with a key derived from the user's password by
Argon2id.  A stolen copy of the database and key file is unreadable without a user's password;
at login the user's password unwraps the key and opens the database.  The file also counts
failed unlocks so that guessing meets the same growing delays as a login.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import logging
import os
import secrets
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox
from sqlalchemy.orm import Session

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.db.base import utcnow
from desk.security.delays import delay_after, wait_left, wait_message

log = logging.getLogger(__name__)

TIME_COST = 3
MEMORY_KIB = 65536
PARALLELISM = 4


class UnlockError(DeskError):
    """The password does not unwrap the database key (or the user must wait)."""


def key_file(db_path: Path) -> Path:
    """Return the path of the key file of the database at ``db_path``."""
    return db_path.with_name(db_path.name + ".keys")


def is_encrypted(db_path: Path) -> bool:
    """Return whether the database at ``db_path`` is encrypted (has a key file)."""
    return key_file(Path(db_path)).exists()


def new_key() -> str:
    """Return a new random raw SQLCipher key in the ``x'…'`` form ``PRAGMA key`` takes."""
    return "x'" + secrets.token_hex(32) + "'"


def _derive(password: str, salt: bytes, params: dict[str, int]) -> bytes:
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=params["t"], memory_cost=params["m"],
                           parallelism=params["p"], hash_len=32, type=Type.ID)


def wrap(key: str, password: str) -> dict[str, Any]:
    """Return the key file entry holding ``key`` encrypted with ``password``."""
    params = {"t": TIME_COST, "m": MEMORY_KIB, "p": PARALLELISM}
    salt = secrets.token_bytes(16)
    box = SecretBox(_derive(password, salt, params))
    return {**params, "salt": base64.b64encode(salt).decode(), "box": base64.b64encode(box.encrypt(key.encode())).decode()}


def unwrap(entry: dict[str, Any], password: str) -> str | None:
    """Return the key in ``entry`` if ``password`` opens it, else None."""
    try:
        box = SecretBox(_derive(password, base64.b64decode(entry["salt"]), entry))
        return box.decrypt(base64.b64decode(entry["box"])).decode()
    except (CryptoError, KeyError, ValueError):
        return None


def read_keys(path: Path) -> dict[str, Any]:
    """Return the key file's content (``users`` and ``failures``)."""
    data = json.loads(key_file(path).read_text(encoding="utf-8"))
    data.setdefault("users", {})
    data.setdefault("failures", {})
    return data


def write_keys(path: Path, data: dict[str, Any]) -> None:
    """Write the key file atomically: a temporary file, fsync, rename."""
    target = key_file(path)
    temp = target.with_name(target.name + ".tmp")
    with temp.open("w", encoding="utf-8") as out:
        json.dump(data, out, indent=1)
        out.flush()
        os.fsync(out.fileno())
    os.replace(temp, target)


def unlock(path: Path, username: str, password: str, clock=utcnow) -> str:
    """Return the database key for ``username``'s password; raise UnlockError (counted, with growing delays)."""
    data = read_keys(path)
    failures = data["failures"].get(username, {"count": 0, "last": None})
    now = clock()
    last = dt.datetime.fromisoformat(failures["last"]) if failures.get("last") else None
    left = wait_left(failures["count"], last, now)
    if left:
        raise UnlockError(wait_message(left))
    entry = data["users"].get(username)
    key = unwrap(entry, password) if entry else None
    if key is None:
        count = failures["count"] + 1
        data["failures"][username] = {"count": count, "last": now.isoformat()}
        write_keys(path, data)
        log.warning("Failed unlock of the database for user %r (%d in a row)", username, count)
        message = _("用户名或密码不对")
        if delay_after(count):
            message += "。" + wait_message(delay_after(count))
        raise UnlockError(message)
    if username in data["failures"]:
        del data["failures"][username]
        write_keys(path, data)
    return key


def wrap_for(session: Session, username: str, password: str) -> None:
    """Store the open database's key wrapped with ``username``'s new password (nothing for a plain database)."""
    bind = session.get_bind()
    info = getattr(getattr(bind, "engine", bind), "info", {}) or {}
    key, path = info.get("key"), info.get("path")
    if not key or path is None:
        return
    data = read_keys(path)
    data["users"][username] = wrap(key, password)
    data["failures"].pop(username, None)
    write_keys(path, data)


def drop_for(session: Session, username: str) -> None:
    """Remove ``username``'s wrapped key (a deactivated user); a later password reset gives it back."""
    bind = session.get_bind()
    info = getattr(getattr(bind, "engine", bind), "info", {}) or {}
    key, path = info.get("key"), info.get("path")
    if not key or path is None:
        return
    data = read_keys(path)
    if data["users"].pop(username, None) is not None:
        write_keys(path, data)


def encrypt_database(path: Path, username: str, password: str) -> None:
    """Convert the plain database at ``path`` to SQLCipher once, keyed for ``username``'s password.

    The encrypted copy is written beside the original, checked, and only then put in place;
    the plain original is then overwritten and removed so no readable copy stays on disk.
    Other users get the key when the administrator next resets their password.
    """
    import sqlcipher3

    path = Path(path)
    if is_encrypted(path):
        raise DeskError(_("数据库已经加密"))
    key = new_key()
    encrypted = path.with_name(path.name + ".encrypting")
    encrypted.unlink(missing_ok=True)
    connection = sqlcipher3.connect(str(path))
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(encrypted), key))
        connection.execute("SELECT sqlcipher_export('encrypted')")
        connection.execute("DETACH DATABASE encrypted")
    finally:
        connection.close()
    check = sqlcipher3.connect(str(encrypted))
    try:
        check.execute("PRAGMA key = \"" + key + "\"")
        result = check.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        check.close()
    if result != "ok":
        encrypted.unlink(missing_ok=True)
        raise DeskError(_("加密后的数据库检查未通过，原数据库未改动"))
    with encrypted.open("rb") as handle:
        os.fsync(handle.fileno())
    write_keys(path, {"users": {username: wrap(key, password)}, "failures": {}})
    plain = path.with_name(path.name + ".plain")
    os.replace(path, plain)
    os.replace(encrypted, path)
    shred(plain)
    for suffix in ("-wal", "-shm"):
        shred(Path(str(path) + suffix))
    log.info("Encrypted %s", path)


def shred(path: Path) -> None:
    """Overwrite a file with zeros, then remove it (best effort on flash media)."""
    if not path.exists():
        return
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.write(b"\0" * size)
        handle.flush()
        os.fsync(handle.fileno())
    path.unlink()
