"""Schema revisions: what this database has, and whether a sender's revisions are known to this program."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy.orm import Session

from desk.db.migrate import alembic_config


def schema_revisions(session: Session) -> list[str]:
    """Return the Alembic revisions recorded in the open database, sorted."""
    from alembic.runtime.migration import MigrationContext  # Alembic loads when a bundle is made or read

    context = MigrationContext.configure(session.connection())
    return sorted(context.get_current_heads())


@lru_cache(maxsize=1)
def known_revisions() -> frozenset[str]:
    """Return every revision this program's migrations know."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config(None))  # type: ignore[arg-type]
    return frozenset(rev.revision for rev in script.walk_revisions())
