"""Write a new Alembic migration by comparing the models with a database migrated to the heads.

Usage: python scripts/new_migration.py MESSAGE REV_ID [--parent REV] [--branch LABEL]

An area's first migration starts its own branch from the foundation:
    python scripts/new_migration.py "relief tables" 0400 --parent 0001 --branch relief
Later migrations of the area continue its branch:
    python scripts/new_migration.py "add field" 0401 --parent relief@head
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from alembic import command

from desk.db.engine import make_engine
from desk.db.migrate import alembic_config


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("message")
    parser.add_argument("rev_id")
    parser.add_argument("--parent", default="heads")
    parser.add_argument("--branch", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(Path(folder) / "gen.db")
        command.upgrade(alembic_config(engine), "heads")
        command.revision(
            alembic_config(engine),
            message=args.message,
            autogenerate=True,
            rev_id=args.rev_id,
            head=args.parent,
            splice=args.parent not in ("heads", "head"),
            branch_label=args.branch,
        )
        engine.dispose()


if __name__ == "__main__":
    main()
