"""Serve command."""
COMMANDS: list = []
