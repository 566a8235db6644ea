"""The size limit on what is read, and how a size is told to the user."""

from __future__ import annotations

DEFAULT_MAX_BYTES = 5_000_000


def size_reason(what: str, size: int, limit: int) -> str:
    """Why something of ``size`` bytes is refused under ``limit``, e.g. ``file is 6.2 MB, ...``."""
    shown, shown_limit = human_size(size), human_size(limit)
    if shown == shown_limit:
        shown, shown_limit = f"{size:,} bytes", f"{limit:,} bytes"
    return f"{what} is {shown}, over the {shown_limit} limit (set --max-bytes)"


def human_size(n: int) -> str:
    """A byte count as people read it: ``290 bytes``, ``1.5 kB``, ``6.2 MB``."""
    if n >= 1_000_000:
        return f"{n / 1_000_000:.1f} MB"
    if n >= 1_000:
        return f"{n / 1_000:.1f} kB"
    return f"{n} bytes"
