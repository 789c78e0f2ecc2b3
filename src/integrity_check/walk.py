"""Walking a folder of inputs (checks, ``corpus build/add``, ``--template``).

A subfolder that cannot be listed because its path is over the system's limit
(4,096 bytes) or loops is never a traceback: it is returned apart, so that the
caller reports it in one line while the rest of the folder is still used.
"""
from __future__ import annotations

import errno
import os
from pathlib import Path

UNREACHABLE_ERRNOS = (errno.ELOOP, errno.ENAMETOOLONG)


def walk_files(folder: str | os.PathLike) -> tuple[list[Path], list[Path]]:
    """(files, unreachable folders) under *folder*, each sorted. Names starting with '.'
    (and everything under them) are left out; links to folders are not followed (as
    ``Path.rglob``); a subfolder that may not be read is skipped, as ``rglob`` does."""
    files: list[Path] = []
    unreachable: list[Path] = []

    def failed(exc: OSError) -> None:
        if exc.errno in UNREACHABLE_ERRNOS and exc.filename is not None:
            unreachable.append(Path(exc.filename))

    for root, dirs, names in os.walk(folder, onerror=failed):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        files.extend(Path(root, n) for n in names if not n.startswith("."))
    return sorted(files), sorted(unreachable)
