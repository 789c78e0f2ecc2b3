"""Errors raised by the similarity engine.

Every index fault is a :class:`CorpusIndexError` whose ``code`` is the IDX
rule a check reports it under (``checks/index.py`` holds the rules and their
documentation): IDX001 the index is unavailable (server down, file gone),
IDX002 it changed or is damaged (emptied, replaced, unreadable entries),
IDX003 the server refused the credentials.  A file is never blamed for them.
"""

from __future__ import annotations

import struct
import zlib

from ..errors import UsageError

# Fault handling (every search of a check goes through it):
# a dropped connection (server restarted, failover, idle timeout) is retried briefly:
# redis-py reconnects once at once, then a search is repeated after each pause.  A
# server still down after that is a confirmed outage (IDX001).
RETRY_PAUSES_S = (0.2, 0.5)
# After a confirmed outage, searches (and opens) in this process fail at once for this
# long instead of each file waiting for its own retries: a batch reports IDX001 on the
# rest of its files quickly, and a long-lived process tries again afterwards.
OUTAGE_HOLD_S = 60.0

# What decoding a stored document (zlib text or fingerprints, JSON metadata) raises
# when its bytes are damaged.
DECODE_ERRORS = (zlib.error, struct.error, ValueError)


class CorpusIndexError(UsageError):
    """A corpus index cannot be opened, read or updated.

    The message is one line: what happened and what to do about it.  It never
    contains credentials (Redis URLs are shown with the password removed).
    Before a run it is a usage error (exit 2); during a batch each affected
    file gets a finding with ``code``.
    """

    code = "IDX002"

    def __init__(self, message: str):
        super().__init__(message.replace("\n", " "))
        self.message = message.replace("\n", " ")

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class CorpusIndexUnavailable(CorpusIndexError):
    """The index cannot be found or reached now (IDX001)."""

    code = "IDX001"


class CorpusIndexUnreachable(CorpusIndexUnavailable):
    """The index's server cannot be reached now (worth one brief retry)."""


class CorpusIndexChanged(CorpusIndexError):
    """The index is not the one that was opened any more, or an entry is damaged (IDX002)."""

    code = "IDX002"


class CorpusIndexAuthError(CorpusIndexError):
    """The index's server refused the credentials (IDX003): not an outage, retrying cannot help."""

    code = "IDX003"


class CorpusIndexReadOnly(CorpusIndexError):
    """A write (``corpus add/remove/build``) to an index this process may only read."""


def rebuild_hint(location) -> str:
    """What to run to rebuild the index at *location* (file or Redis URL)."""
    from . import is_redis_url

    flag = "--index" if is_redis_url(str(location)) else "--corpus"
    return f"rebuild it with `integrity-check corpus build DIR {flag} {location}`"


def damaged_entry(location, name, exc: Exception) -> CorpusIndexChanged:
    """The error for a stored document that cannot be decoded (IDX002)."""
    return CorpusIndexChanged(
        f"corpus index {location} has a damaged entry for {name!r} ({type(exc).__name__}): similarity was not "
        f"checked; remove that document and add it again (`integrity-check corpus remove`, `corpus add`) "
        f"or {rebuild_hint(location)}")


def new_generation() -> str:
    """A token unique to one index's creation: stored in its meta, checked by every search."""
    import uuid

    return uuid.uuid4().hex


def generation_token(meta: dict) -> str | None:
    """An index's generation token from its meta record (indexes made before tokens
    existed: their creation time)."""
    return meta.get("generation") or meta.get("created")
