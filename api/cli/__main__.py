"""``python -m spacekg.api.cli``: the same as the ``spacekg`` command."""

from spacekg.api.cli import run

run()
