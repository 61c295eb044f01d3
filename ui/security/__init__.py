"""Screens of data safety: login, the idle lock, users and the audit log."""
