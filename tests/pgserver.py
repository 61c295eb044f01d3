"""A throwaway PostgreSQL server for the tests: initdb + pg_ctl in a temporary folder on 127.0.0.1.

The server binaries come from Debian/Ubuntu's ``postgresql`` package (``packaging/system-deps.sh
--with-checks`` installs it as root, as CI does). initdb refuses to run as root, so as root the
server runs as the ``postgres`` user the package creates. Without the binaries the PostgreSQL
half of the tests is skipped with the reason printed, unless DESK_REQUIRE_POSTGRES=1 (set by
.ci/run), which turns the skip into a failure.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Server:
    """A running server: where it listens and how to stop it."""

    port: int
    folder: Path
    bindir: Path
    prefix: list[str]

    def url(self, database: str) -> str:
        return f"postgresql://desk@127.0.0.1:{self.port}/{database}"

    def admin_sql(self, *statements: str) -> None:
        """Run statements on the maintenance database, outside a transaction."""
        import psycopg

        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=desk dbname=postgres", autocommit=True) as c:
            for statement in statements:
                c.execute(statement)

    def stop(self) -> None:
        subprocess.run([*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.folder / "data"), "-m",
                        "immediate", "stop"], capture_output=True, check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def find_bindir() -> Path | None:
    """Return the folder of initdb and pg_ctl (the newest Debian version, or on PATH), or None."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if candidates:
        return Path(candidates[-1]).parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(durable: bool = False) -> tuple[Server | None, str]:
    """Start a server; return it, or None and the reason it cannot run here.

    Tests run without fsync (nothing outlives them); ``durable`` keeps PostgreSQL's defaults, as
    the benchmark needs to compare a save with SQLite's synchronous=FULL.
    """
    bindir = find_bindir()
    if bindir is None:
        return None, "PostgreSQL server binaries (initdb, pg_ctl) not installed: apt-get install postgresql"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return None, "the psycopg driver is not installed"
    folder = Path(tempfile.mkdtemp(prefix="desk-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            return None, "running as root and there is no postgres user to run the server as"
        os.chown(folder, user.pw_uid, user.pw_gid)
        os.chmod(folder, 0o700)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    # A UTF-8 character type, as a Debian cluster made with the system's locale has: under plain C,
    # pg_trgm sees no letters in Chinese text and its indexes cannot serve a search.
    initdb = subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-U", "desk", "--auth=trust",
                             "-E", "UTF8", "--locale=C", "--lc-ctype=C.UTF-8"], capture_output=True, text=True, check=False)
    if initdb.returncode != 0:
        return None, f"initdb failed: {initdb.stderr.strip()[:300]}"
    port = _free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
    if not durable:
        options += " -c fsync=off -c full_page_writes=off"
    started = subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-o", options, "-w", "-t", "60",
                              "-l", str(folder / "server.log"), "start"], capture_output=True, text=True, check=False)
    if started.returncode != 0:
        log = (folder / "server.log").read_text(errors="replace") if (folder / "server.log").exists() else ""
        return None, f"pg_ctl start failed: {started.stderr.strip()[:200]} {log[-300:]}"
    return Server(port, folder, bindir, prefix), ""
