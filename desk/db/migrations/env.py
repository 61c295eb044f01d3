"""Alembic environment: runs migrations on the engine handed over in the config's attributes."""

from alembic import context

import desk.models  # noqa: F401  (registers every table on the metadata)
from desk.db.base import Base
from desk.db.fulltext import include_object

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    if connection.dialect.name == "sqlite":
        # Batch migrations copy tables; foreign keys must be off while they do (outside a transaction).
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        # Batch mode (copy-and-rename) exists for SQLite's limited ALTER TABLE only.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA foreign_keys=ON")
