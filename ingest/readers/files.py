"""Which files are read: paths given, folders walked, and standard input."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .blob import read_text
from .document import NO_OVERRIDES, Document, Overrides, ReadFailure
from .limits import DEFAULT_MAX_BYTES, human_size, size_reason
from .registry import EXTENSIONS, SUPPORTED
from .sniff import sniff_structured

STDIN = "<stdin>"


def read_paths(
    paths: Iterable[str | Path],
    *,
    overrides: Overrides = NO_OVERRIDES,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Iterator[Document | ReadFailure]:
    """Read articles from files, folders (recursive, sorted, skipping hidden files) and '-' (stdin).

    Yields one :class:`Document` per article and one :class:`ReadFailure` per file or item that
    could not be read; it never raises for bad input, so a batch always runs to the end.

    Parameters
    ----------
    paths
        Files, folders, or ``"-"`` for standard input (format sniffed from the content).
    overrides
        Metadata that replaces what the documents say (for example ``--published``).
    max_bytes
        Files larger than this are reported, not read.

    Examples
    --------
    >>> [r.reason for r in read_paths(["no/such/file.txt"])]
    ['no such file or folder']
    """
    for given in paths:
        if str(given) == "-":
            yield from _read_stdin(overrides=overrides, max_bytes=max_bytes)
            continue
        path = Path(given)
        origin = str(given)
        try:
            is_dir = path.is_dir()
            exists = is_dir or path.exists()
        except OSError as exc:
            yield ReadFailure(origin, _os_error_reason(exc))
            continue
        if not exists:
            yield ReadFailure(origin, "no such file or folder")
        elif is_dir:
            yield from _read_folder(path, overrides=overrides, max_bytes=max_bytes)
        else:
            yield from _read_file(path, origin, overrides=overrides, max_bytes=max_bytes)


def _read_folder(
    folder: Path, *, overrides: Overrides, max_bytes: int
) -> Iterator[Document | ReadFailure]:
    walk_errors: list[OSError] = []
    files: list[Path] = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=walk_errors.append):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        files.extend(Path(dirpath, name) for name in filenames if not name.startswith("."))
    for exc in walk_errors:
        yield ReadFailure(str(exc.filename or folder), _os_error_reason(exc))
    if not files and not walk_errors:
        yield ReadFailure(str(folder), "folder has no files to read")
    for path in sorted(files, key=lambda p: p.relative_to(folder).parts):
        yield from _read_file(path, str(path), overrides=overrides, max_bytes=max_bytes)


def _read_file(
    path: Path, origin: str, *, overrides: Overrides, max_bytes: int
) -> list[Document | ReadFailure]:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return [ReadFailure(origin, size_reason("file", size, max_bytes))]
        data = path.read_bytes()
    except OSError as exc:
        return [ReadFailure(origin, _os_error_reason(exc))]
    suffix = path.suffix.lower()
    fmt: str | None = EXTENSIONS.get(suffix)
    if fmt is None and suffix:
        # An unknown extension is read only if the content is clearly one of the structured
        # formats; otherwise a folder's PDFs, spreadsheets and scripts would be read as prose.
        fmt = sniff_structured(data)
        if fmt is None:
            return [ReadFailure(origin, f"unsupported file type {suffix} ({SUPPORTED})")]
    return read_text(data, origin=origin, fmt=fmt, overrides=overrides, max_bytes=max_bytes)


def _read_stdin(*, overrides: Overrides, max_bytes: int) -> list[Document | ReadFailure]:
    stdin = sys.stdin
    if stdin is None:
        return [ReadFailure(STDIN, "no standard input to read")]
    try:
        buffer = getattr(stdin, "buffer", None)
        if buffer is not None:
            data = buffer.read(max_bytes + 1)
        else:
            data = stdin.read(max_bytes + 1).encode("utf-8")
    except (OSError, ValueError) as exc:
        return [ReadFailure(STDIN, f"cannot read standard input: {exc}")]
    if len(data) > max_bytes:
        return [
            ReadFailure(STDIN, f"input is over the {human_size(max_bytes)} limit (set --max-bytes)")
        ]
    return read_text(data, origin=STDIN, fmt=None, overrides=overrides, max_bytes=max_bytes)


def _os_error_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied: cannot read it (check the file's permissions)"
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    return f"cannot read it: {exc.strerror or exc}"
