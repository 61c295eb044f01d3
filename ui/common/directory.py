"""The remembered units and leaders, offered as the clerk types (never loaded whole: they grow with every record)."""

from __future__ import annotations

from desk.directory.service import find_leaders, find_units
from ui.common.lookup import Lookup

UNITS = Lookup(find_units)
LEADERS = Lookup(find_leaders)
