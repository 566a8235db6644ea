"""Which files are read: paths given, folders walked, and standard input.

Only regular files are read. Named pipes, sockets and devices are refused by name before
anything opens them (a pipe would block the batch forever), and a file is opened without
blocking and checked again once open, in case it was swapped for something else meanwhile.

Inside a folder, a symbolic link is followed only when its target lies inside that folder, or
with ``follow_symlinks``; a folder is never walked twice, so links cannot loop. Every entry that
is not read is named in a :class:`ReadFailure`, except hidden ones (``.git``, ``.DS_Store``), which
are skipped by convention.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from .blob import read_text
from .document import NO_OVERRIDES, Document, Overrides, ReadFailure
from .limits import DEFAULT_MAX_BYTES, human_size, size_reason
from .registry import EXTENSIONS, SUPPORTED
from .sniff import sniff_structured

STDIN = "<stdin>"

_FOLLOW_HINT = "use --follow-symlinks to read it"


def read_paths(
    paths: Iterable[str | Path],
    *,
    overrides: Overrides = NO_OVERRIDES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    follow_symlinks: bool = False,
) -> Iterator[Document | ReadFailure]:
    """Read articles from files, folders (recursive, sorted, skipping hidden files) and '-' (stdin).

    Yields one :class:`Document` per article and one :class:`ReadFailure` per file or item that
    could not be read; it never raises for bad input, so a batch always runs to the end.

    Parameters
    ----------
    paths
        Files, folders, or ``"-"`` for standard input (format sniffed from the content). A path
        given here is read even if it is a symbolic link: the user named it.
    overrides
        Metadata that replaces what the documents say (for example ``--published``).
    max_bytes
        Files larger than this are reported, not read.
    follow_symlinks
        Also follow links inside a folder that point outside it (off: such links are named
        in a failure and not read).

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
            info = path.stat()
        except OSError as exc:
            yield ReadFailure(origin, _missing_reason(path, exc))
            continue
        if stat.S_ISDIR(info.st_mode):
            walk = _Walk(path, overrides, max_bytes, follow_symlinks)
            yield from walk.folder(info)
        elif stat.S_ISREG(info.st_mode):
            yield from _read_file(path, origin, info, overrides=overrides, max_bytes=max_bytes)
        else:
            yield ReadFailure(origin, _special_reason(info.st_mode))


class _Walk:
    """One folder given by the user, walked in sorted order; holds the folders already seen."""

    def __init__(self, root: Path, overrides: Overrides, max_bytes: int, follow: bool) -> None:
        self.root = root
        self.real_root = Path(os.path.realpath(root))
        self.overrides = overrides
        self.max_bytes = max_bytes
        self.follow = follow
        self.seen: dict[tuple[int, int], Path] = {}  # (device, inode) -> where it was walked
        self.reported = False  # whether anything (read or refused) came out of the walk

    def folder(self, info: os.stat_result) -> Iterator[Document | ReadFailure]:
        """Everything under the root, then a failure if the folder had nothing to read."""
        yield from self._walk(self.root, info)
        if not self.reported:
            yield ReadFailure(str(self.root), "folder has no files to read")

    def _walk(self, folder: Path, info: os.stat_result) -> Iterator[Document | ReadFailure]:
        self.seen[(info.st_dev, info.st_ino)] = folder
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            self.reported = True
            yield ReadFailure(str(folder), _os_error_reason(exc))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files and folders (.git, .DS_Store) are not articles
            yield from self._entry(Path(entry.path), entry.is_symlink())

    def _entry(self, path: Path, is_link: bool) -> Iterator[Document | ReadFailure]:
        origin = str(path)
        try:
            info = path.stat()  # follows a link to what it points at
        except OSError as exc:
            self.reported = True
            yield ReadFailure(origin, _missing_reason(path, exc))
            return
        if is_link:
            refusal = self._link_refusal(path, info)
            if refusal is not None:
                self.reported = True
                yield ReadFailure(origin, refusal)
                return
        if stat.S_ISDIR(info.st_mode):
            walked = self.seen.get((info.st_dev, info.st_ino))
            if walked is not None:
                self.reported = True
                if is_link:
                    reason = f"symbolic link to {os.path.realpath(path)}, a folder read already"
                else:  # a link sorted before it led here first
                    reason = f"folder read already, as {walked}"
                yield ReadFailure(origin, reason)
                return
            yield from self._walk(path, info)
            return
        self.reported = True
        if stat.S_ISREG(info.st_mode):
            yield from _read_file(
                path, origin, info, overrides=self.overrides, max_bytes=self.max_bytes
            )
        else:
            yield ReadFailure(origin, _special_reason(info.st_mode))

    def _link_refusal(self, path: Path, info: os.stat_result) -> str | None:
        """Why a link found in the folder is not followed, or None if it may be."""
        target = Path(os.path.realpath(path))
        if self.follow or target.is_relative_to(self.real_root):
            return None
        what = "folder" if stat.S_ISDIR(info.st_mode) else "file"
        return (
            f"symbolic link to the {what} {target}, outside {self.root}: "
            f"not followed ({_FOLLOW_HINT})"
        )


def _read_file(
    path: Path, origin: str, vetted: os.stat_result, *, overrides: Overrides, max_bytes: int
) -> list[Document | ReadFailure]:
    """Read one regular file whose ``stat`` was checked already."""
    if vetted.st_size > max_bytes:
        return [ReadFailure(origin, size_reason("file", vetted.st_size, max_bytes))]
    try:
        data = _read_regular(path, vetted, max_bytes)
    except _NotRegular as exc:
        return [ReadFailure(origin, str(exc))]
    except OSError as exc:
        return [ReadFailure(origin, _os_error_reason(exc))]
    if len(data) > max_bytes:  # it grew since it was measured
        return [ReadFailure(origin, size_reason("file", len(data), max_bytes))]
    suffix = path.suffix.lower()
    fmt: str | None = EXTENSIONS.get(suffix)
    if fmt is None and suffix:
        # An unknown extension is read only if the content is clearly one of the structured
        # formats; otherwise a folder's PDFs, spreadsheets and scripts would be read as prose.
        fmt = sniff_structured(data)
        if fmt is None:
            return [ReadFailure(origin, f"unsupported file type {suffix} ({SUPPORTED})")]
    return read_text(data, origin=origin, fmt=fmt, overrides=overrides, max_bytes=max_bytes)


class _NotRegular(Exception):
    """What was opened is not the regular file that was checked (it was replaced meanwhile)."""


def _read_regular(path: Path, vetted: os.stat_result, max_bytes: int) -> bytes:
    """At most ``max_bytes + 1`` bytes of the file, if it is still the regular file vetted."""
    # O_NONBLOCK: had a pipe taken the file's place since the check, opening it must not wait
    # for a writer; the fstat below then refuses it.
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    fd = os.open(path, flags)
    with open(fd, "rb", closefd=True) as handle:
        opened = os.fstat(fd)
        if not stat.S_ISREG(opened.st_mode):
            raise _NotRegular(_special_reason(opened.st_mode))
        if (opened.st_dev, opened.st_ino) != (vetted.st_dev, vetted.st_ino):
            raise _NotRegular("the file was replaced while being read: not read")
        return handle.read(max_bytes + 1)


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


_SPECIAL_KINDS = (
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _special_reason(mode: int) -> str:
    kind = next((name for test, name in _SPECIAL_KINDS if test(mode)), "a special file")
    reason = f"{kind}, not a regular file: not read"
    if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
        reason += " (to read a stream, send it to standard input and give '-')"
    return reason


def _missing_reason(path: Path, exc: OSError) -> str:
    """Why ``stat`` failed: a broken or looping link is named as such."""
    if path.is_symlink():
        try:
            target = os.readlink(path)
        except OSError:
            target = "?"
        if isinstance(exc, FileNotFoundError):
            return f"broken symbolic link to {target}: nothing to read"
        if exc.errno == errno.ELOOP:
            return f"symbolic link loop (to {target}): nothing to read"
    return _os_error_reason(exc)


def _os_error_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "permission denied: cannot read it (check the file's permissions)"
    if isinstance(exc, FileNotFoundError):
        return "no such file or folder"
    return f"cannot read it: {exc.strerror or exc}"
