"""Database layer: declarative base, engine factory, migrations and list helpers."""
