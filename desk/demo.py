"""The demo database: the seed summary's city federation and its first half of 2020."""

from __future__ import annotations

from pathlib import Path

from desk.areas import discover_areas
from desk.core.errors import DatabaseError
from desk.core.i18n import _
from desk.db.database import Database, open_database
from desk.db.engine import is_url
from desk.office.demo import DEMO_ADMIN, DEMO_OFFICE
from desk.office.service import actor_for, init_office, is_initialised
from desk.office.settings import CURRENT_PERIOD, set_setting
from desk.security.settings import DEMO_DATABASE, KEEP_PLAIN

DEMO_PERIOD = "2020H1"


def create_demo(target: str | Path, force: bool = False) -> Database:
    """Create the demo database at ``target``; return it open. Raise DatabaseError if it exists."""
    if not is_url(target):
        path = Path(target)
        if path.exists() and path.stat().st_size > 0:
            if not force:
                raise DatabaseError(_("文件{path}已存在；如要覆盖，请加 --force").format(path=path))
            for suffix in ("", "-wal", "-shm"):
                Path(str(path) + suffix).unlink(missing_ok=True)
    database = open_database(target)
    with database.sessions.begin() as session:
        if is_initialised(session):
            raise DatabaseError(_("这个数据库已经有数据，不能写入演示数据"))
        init_office(session, DEMO_OFFICE, *DEMO_ADMIN)
        set_setting(session, CURRENT_PERIOD, DEMO_PERIOD)
        set_setting(session, DEMO_DATABASE, True)  # stays plain, and says so (desk/security/settings.py)
        set_setting(session, KEEP_PLAIN, True)
        actor = actor_for(session, DEMO_ADMIN[0])
        for area in discover_areas():
            if area.seed_demo is not None:
                area.seed_demo(session, actor)
    return database
