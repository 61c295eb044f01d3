"""Backups of the office database: automatic, thinned, checked, and restored into place."""
