"""Ingest commands."""
COMMANDS: list = []
