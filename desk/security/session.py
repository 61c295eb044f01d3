"""Opening the office database as a user: unwrap the key if the database is encrypted, then log in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from desk.db.base import utcnow
from desk.db.database import Database, open_database
from desk.db.engine import is_url
from desk.db.records import Actor
from desk.security.keys import UnlockError, is_encrypted, unlock
from desk.security.users import LoginError, authenticate


def open_as(target: str | Path, username: str, password: str, clock: Callable[[], dt.datetime] = utcnow) -> tuple[Database, Actor]:
    """Open the database at ``target`` for ``username``; return it and the Actor, or raise LoginError.

    Raises DatabaseError if the file is damaged or not a database.
    """
    key = None
    if not is_url(target) and is_encrypted(Path(target)):
        try:
            key = unlock(Path(target), username, password, clock)
        except UnlockError as exc:
            raise LoginError(exc.message) from exc
    database = open_database(target, key=key)
    try:
        actor = authenticate(database.sessions, username, password, clock)
    except BaseException:
        database.close()
        raise
    return database, actor
