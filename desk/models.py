"""Imports every model module (``desk/<package>/model.py``) so the metadata knows all tables."""

from desk.plugins import package_modules

MODEL_MODULES = package_modules("model")
