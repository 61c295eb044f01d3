"""Drafts of half-typed forms, kept so a crash or power cut loses nothing typed."""
