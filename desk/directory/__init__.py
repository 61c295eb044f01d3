"""Reusable lists typed once and offered again: units (co-organisers, hosts) and leaders with posts."""
