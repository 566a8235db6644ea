"""How answers travel from a worker to the server: length-prefixed frames over a socket.

A task is answered with a header (media type, whether rows were cut), data chunks as they are
written, and an end mark; or with one error frame naming a :mod:`spacekg.errors` class.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable

from spacekg.errors import BY_NAME, SpaceKGError

# Frame kinds: header, data, end, error (worker -> server), task (server -> worker).
HEADER, DATA, END, ERROR, TASK = b"H", b"D", b"E", b"X", b"T"
FRAME = struct.Struct(">IB")  # payload length, kind
CHUNK = 64 * 1024

Emit = Callable[[bytes, bytes], None]


class FrameWriter:
    """A binary stream that buffers into CHUNK-sized data frames; ``emit`` gets each frame."""

    def __init__(self, emit: Emit) -> None:
        self._emit = emit
        self._buffer = bytearray()

    def write(self, data: bytes) -> int:
        """Buffer ``data``, emitting a frame once a chunk is full."""
        self._buffer += data
        if len(self._buffer) >= CHUNK:
            self._emit(DATA, bytes(self._buffer))
            self._buffer.clear()
        return len(data)

    def flush(self) -> None:
        """Emit what is buffered."""
        if self._buffer:
            self._emit(DATA, bytes(self._buffer))
            self._buffer.clear()


def header(content_type: str, *, truncated: bool = False, rows: int | None = None) -> bytes:
    """A header frame's payload."""
    return json.dumps({"content_type": content_type, "truncated": truncated, "rows": rows}).encode()


def error(err: SpaceKGError) -> bytes:
    """An error frame's payload: the error's class and message."""
    return json.dumps({"error": type(err).__name__, "message": str(err)}).encode()


def raise_error(payload: bytes) -> None:
    """Raise the error an error frame carries."""
    info = json.loads(payload)
    raise BY_NAME.get(info.get("error", ""), SpaceKGError)(info.get("message", "the query failed"))
