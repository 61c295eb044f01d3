"""Shared pieces of every screen: messages, fonts, the record-screen pattern, background tasks."""
