"""Putting a backup back: a folder made by :meth:`Store.backup` becomes the store again.

A backup is itself a store folder (``Store.backup`` makes it: a RocksDB checkpoint, or a copy of
what a read-only handle sees), so restoring one copies it in place of the store's folder, whole:
the copy is made beside the store and swapped in by renames, so that the store is at every
moment either the old one or the restored one. The store must not be open in another process
(a server): restoring under it would pull its data away.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from spacekg.errors import InputError, StoreError

from .store import Store


def restore_backup(backup: Path, target: Path) -> int:
    """Replace the store at ``target`` with the backup folder ``backup``; returns its quads.

    Raises InputError if ``backup`` is not a store folder, and StoreLocked (from opening the
    store) if another process has ``target`` open.
    """
    if not (backup / "CURRENT").is_file():
        raise InputError(
            f"{backup} is not a backup folder (made by `spacekg backup`); "
            "to restore a dump file, give the file"
        )
    try:
        with Store.open(backup, read_only=True, bootstrap=False) as copy:
            quads = len(copy)
    except StoreError as err:
        raise InputError(f"{backup} cannot be read as a store: {err}") from None
    if target.exists():
        Store.open(target, bootstrap=False).close()  # StoreLocked while a server holds it
    incoming = target.with_name(f"{target.name}.restoring")
    outgoing = target.with_name(f"{target.name}.replaced-{time.strftime('%Y%m%d-%H%M%S')}")
    shutil.rmtree(incoming, ignore_errors=True)
    shutil.copytree(backup, incoming, ignore=shutil.ignore_patterns("LOCK"))
    if target.exists():
        target.rename(outgoing)
    incoming.rename(target)
    shutil.rmtree(outgoing, ignore_errors=True)
    Store.open(target).close()  # brought up to this version's ontology and layout if older
    return quads
