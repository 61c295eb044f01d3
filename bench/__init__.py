"""Benchmarks of Federation Desk: a generator of large realistic data and the figures measured on it."""
