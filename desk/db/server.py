"""Connecting a PC to the office's PostgreSQL server: the URL, the password file, the connection check."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from desk.core.errors import DeskError
from desk.core.i18n import _

DEFAULT_PORT = 5432


@dataclass(frozen=True)
class ServerAddress:
    """Where the office database lives on the server, and who logs in to it."""

    host: str
    port: int
    database: str
    user: str

    def url(self, password: str = "") -> str:
        """Return the URL, without a password unless given (libpq finds it in the password file)."""
        login = quote(self.user, safe="") + (":" + quote(password, safe="") if password else "")
        return f"postgresql://{login}@{self.host}:{self.port}/{quote(self.database, safe='')}"

    def check(self) -> None:
        """Raise DeskError in Chinese naming the first field that is missing or wrong."""
        if not self.host.strip():
            raise DeskError(_("请填写服务器地址，例如 192.168.1.10"))
        if not 0 < self.port < 65536:
            raise DeskError(_("端口应是 1 到 65535 之间的数字，PostgreSQL 默认是 5432"))
        if not self.database.strip():
            raise DeskError(_("请填写数据库名称"))
        if not self.user.strip():
            raise DeskError(_("请填写服务器用户名"))
        for text in (self.host, self.database, self.user):
            if any(char in text for char in ":/@ \\"):
                raise DeskError(_("服务器地址、数据库名称和用户名中不能有空格或 : / @ \\ 这些符号"))


def password_file() -> Path:
    """Return PostgreSQL's own password file for this user (PGPASSFILE, ~/.pgpass or %APPDATA%)."""
    if os.environ.get("PGPASSFILE"):
        return Path(os.environ["PGPASSFILE"])
    if sys.platform.startswith("win"):
        return Path(os.environ.get("APPDATA", Path.home())) / "postgresql" / "pgpass.conf"
    return Path.home() / ".pgpass"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(":", "\\:")


def remember_password(address: ServerAddress, password: str) -> Path:
    """Keep ``password`` in the password file (owner-only), replacing an older line; return the file.

    The program's settings keep only the URL without a password; PostgreSQL's client library
    reads this file by itself, as psql and pg_dump do.
    """
    path = password_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    prefix = ":".join(_escape(part) for part in (address.host, str(address.port), address.database, address.user)) + ":"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    lines = [line for line in lines if not line.startswith(prefix)]
    lines.append(prefix + _escape(password))
    temporary = path.with_name(path.name + ".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    os.replace(temporary, path)
    return path
