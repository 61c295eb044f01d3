"""The database key: a random SQLCipher key made with the database, kept only wrapped by each user's password.

The key file ``<database>.keys`` next to the database holds, for every user, the random key
encrypted (XSalsa20-Poly1305, PyNaCl SecretBox) with a key derived from the user's password by
Argon2id.  A stolen copy of the database and key file is unreadable without a user's password;
at login the user's password unwraps the key and opens the database.  The file also counts
failed unlocks so that guessing meets the same growing delays as a login.

The key is wrapped once more by the office's recovery key (30 letters and digits printed on the
recovery sheet, kept in the office safe), which opens the database when every password is lost.

When a plain database is converted, the users other than the one converting have no new
password yet: their key is wrapped with their existing Argon2id password hash (recomputed from
the password they type at their next login, never stored outside the now encrypted database),
and at that login it is wrapped again with a fresh Argon2id salt.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import logging
import os
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from nacl.exceptions import CryptoError
from nacl.secret import SecretBox
from sqlalchemy.orm import Session

from desk.core.errors import DeskError
from desk.core.i18n import _
from desk.db.base import utcnow
from desk.db.database import database_of
from desk.security.delays import delay_after, wait_left, wait_message
from desk.security.keyfile import is_encrypted as is_encrypted  # re-exported: where the callers always found it
from desk.security.keyfile import key_file as key_file

log = logging.getLogger(__name__)

TIME_COST = 3
MEMORY_KIB = 65536
PARALLELISM = 4


class UnlockError(DeskError):
    """The password does not unwrap the database key (or the user must wait)."""


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
        salt = base64.b64decode(entry["salt"])
        if entry is not None and entry.get("kind") == "hash":  # wrapped with the user's password hash at conversion
            raw = hash_secret_raw(password.encode("utf-8"), salt, time_cost=entry["t"], memory_cost=entry["m"],
                                  parallelism=entry["p"], hash_len=entry["len"], type=Type.ID)
            secret = hashlib.blake2b(raw, digest_size=32).digest()
        else:
            secret = _derive(password, salt, entry)
        return SecretBox(secret).decrypt(base64.b64decode(entry["box"])).decode()
    except (CryptoError, KeyError, ValueError, TypeError):
        return None


def wrap_with_hash(key: str, password_hash: str) -> dict[str, Any] | None:
    """Return a key file entry opened by the password behind an Argon2id ``password_hash`` (None if unusable)."""
    parts = password_hash.split("$")
    if len(parts) != 6 or parts[1] != "argon2id":
        return None
    try:
        params = dict(item.split("=") for item in parts[3].split(","))
        salt = base64.b64decode(parts[4] + "=" * (-len(parts[4]) % 4))
        raw = base64.b64decode(parts[5] + "=" * (-len(parts[5]) % 4))
        entry = {"kind": "hash", "t": int(params["t"]), "m": int(params["m"]), "p": int(params["p"]), "len": len(raw)}
    except (KeyError, ValueError):
        return None
    box = SecretBox(hashlib.blake2b(raw, digest_size=32).digest())
    return {**entry, "salt": base64.b64encode(salt).decode(), "box": base64.b64encode(box.encrypt(key.encode())).decode()}


# -- the recovery key ---------------------------------------------------------------------------------------------

RECOVERY_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read aloud and typed from paper
RECOVERY_GROUPS, RECOVERY_GROUP = 6, 5
RECOVERY_USER = "\x00recovery"  # where failed recovery attempts are counted


def new_recovery_code() -> str:
    """Return a new recovery key: 30 characters (150 random bits) in 6 groups of 5, like ``7KQ2M-…``."""
    text = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_GROUPS * RECOVERY_GROUP))
    return group_code(text)


def group_code(text: str) -> str:
    """Return a recovery key written in its groups."""
    return "-".join(text[start:start + RECOVERY_GROUP] for start in range(0, len(text), RECOVERY_GROUP))


def normalise_code(text: str) -> str:
    """Return a typed recovery key without spaces or dashes, in capitals; raise UnlockError if malformed."""
    cleaned = "".join(char for char in (text or "").upper() if char.isalnum())
    cleaned = cleaned.replace("O", "0").replace("I", "1")
    if len(cleaned) != RECOVERY_GROUPS * RECOVERY_GROUP or any(char not in RECOVERY_ALPHABET for char in cleaned):
        raise UnlockError(_("恢复密钥应为{count}个字母和数字（{groups}组，每组{size}个，不含0、O、1、I）").format(
            count=RECOVERY_GROUPS * RECOVERY_GROUP, groups=RECOVERY_GROUPS, size=RECOVERY_GROUP))
    return cleaned


def set_recovery(path: Path, key: str, code: str) -> None:
    """Wrap ``key`` with the recovery key ``code`` in the key file (replacing an earlier recovery key)."""
    data = read_keys(path)
    data["recovery"] = wrap(key, normalise_code(code))
    write_keys(path, data)


def has_recovery(path: Path) -> bool:
    """Return whether the key file holds a recovery entry."""
    return bool(read_keys(path).get("recovery"))


def unlock_with_recovery(path: Path, code: str, clock: Callable[[], dt.datetime] = utcnow) -> str:
    """Return the database key for the recovery key ``code``; raise UnlockError (counted, with growing delays)."""
    return unlock(path, RECOVERY_USER, normalise_code(code), clock)


def create_key_file(path: Path, username: str, password: str, recovery_code: str) -> str:
    """Make the key of a new database at ``path``, wrapped for its first user and the recovery key; return it."""
    if key_file(path).exists():
        raise DeskError(_("数据库的密钥文件已经存在：{path}").format(path=key_file(path)))
    key = new_key()
    write_keys(path, {"users": {username: wrap(key, password)}, "failures": {},
                      "recovery": wrap(key, normalise_code(recovery_code))})
    return key


def read_keys(path: Path) -> dict[str, Any]:
    """Return the key file's content (``users`` and ``failures``)."""
    data: dict[str, Any] = json.loads(key_file(path).read_text(encoding="utf-8"))
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


def unlock(path: Path, username: str, password: str, clock: Callable[[], dt.datetime] = utcnow) -> str:
    """Return the database key for ``username``'s password; raise UnlockError (counted, with growing delays)."""
    data = read_keys(path)
    failures = data["failures"].get(username, {"count": 0, "last": None})
    now = clock()
    last = dt.datetime.fromisoformat(failures["last"]) if failures.get("last") else None
    left = wait_left(failures["count"], last, now)
    if left:
        raise UnlockError(wait_message(left))
    entry = data.get("recovery") if username == RECOVERY_USER else data["users"].get(username)
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
    changed = data["failures"].pop(username, None) is not None
    if entry is not None and entry.get("kind") == "hash":  # the first login after conversion: a fresh Argon2id wrap
        data["users"][username] = wrap(key, password)
        changed = True
        log.info("Wrapped the database key anew for %r after the conversion", username)
    if changed:
        write_keys(path, data)
    return key


def wrap_for(session: Session, username: str, password: str) -> None:
    """Store the open database's key wrapped with ``username``'s new password (nothing for a plain database)."""
    database = database_of(session)
    key, path = (database.key, database.path) if database is not None else (None, None)
    if not key or path is None:
        return
    data = read_keys(path)
    data["users"][username] = wrap(key, password)
    data["failures"].pop(username, None)
    write_keys(path, data)


def drop_for(session: Session, username: str) -> None:
    """Remove ``username``'s wrapped key (a deactivated user); a later password reset gives it back."""
    database = database_of(session)
    key, path = (database.key, database.path) if database is not None else (None, None)
    if not key or path is None:
        return
    data = read_keys(path)
    if data["users"].pop(username, None) is not None:
        write_keys(path, data)


def encrypt_database(path: Path, username: str, password: str, recovery_code: str | None = None) -> None:
    """Convert the plain database at ``path`` to SQLCipher once, keyed for ``username``'s password.

    The encrypted copy is written beside the original, checked, and only then put in place;
    the plain original is then overwritten and removed so no readable copy stays on disk.
    The other active users can log in with their passwords as before (wrapped with their
    password hashes, see above); ``recovery_code`` (if given) opens it too.
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
        others = _password_hashes(connection, username)
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
    users = {name: entry for name, entry in ((name, wrap_with_hash(key, hashed)) for name, hashed in others) if entry}
    users[username] = wrap(key, password)
    data: dict[str, Any] = {"users": users, "failures": {}}
    if recovery_code:
        data["recovery"] = wrap(key, normalise_code(recovery_code))
    write_keys(path, data)
    plain = path.with_name(path.name + ".plain")
    os.replace(path, plain)
    os.replace(encrypted, path)
    shred(plain)
    for suffix in ("-wal", "-shm"):
        shred(Path(str(path) + suffix))
    log.info("Encrypted %s", path)


def _password_hashes(connection: Any, username: str) -> list[tuple[str, str]]:
    import sqlcipher3

    try:
        rows = connection.execute("SELECT username, password_hash FROM user_account WHERE active = 1").fetchall()
    except sqlcipher3.DatabaseError:  # not an office database yet
        return []
    return [(str(name), str(hashed)) for name, hashed in rows if name != username]


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
