"""Similarity engine: corpus index (MinHash LSH over word windows), exact
passage alignment and the similarity index.

Public API (names kept stable for the checker and the CLI)::

    open_index(path_or_url, create=False, params=None) -> index
    build_index(path_or_url, docs, params=None, fingerprints_only=False, jobs=1) -> index
    index.add(docs, fingerprints_only=False) -> int      # docs: (name, text, meta)
    index.remove(names) -> int
    index.info() -> dict
    index.search(text, exclude=[(s, e)], min_words=None) -> list[SourceMatch]
    compare_texts(text, other, exclude=(), other_exclude=(), min_words=None) -> list[Passage]
    similarity_index(text, matches) -> float

This module imports no heavy library; numpy, nltk, datasketch and redis are
imported when an index is opened or texts are compared.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .errors import CorpusIndexChanged, CorpusIndexError, CorpusIndexUnavailable, CorpusIndexUnreachable
from .params import SimilarityParams
from .results import Passage, SourceMatch

__all__ = [
    "CorpusIndexError", "SimilarityParams", "Passage", "SourceMatch",
    "open_index", "build_index", "compare_texts", "similarity_index", "is_redis_url",
]


# Where checks and `corpus` commands look when no --corpus/--index is given.
DEFAULT_INDEX = Path("corpus") / "index.sqlite"
ENV_INDEX = "INTEGRITY_CHECK_CORPUS"


def index_location(index=None, corpus=None, default_if_missing: bool = False) -> str | None:
    """Where the index is: --index, else --corpus, else $INTEGRITY_CHECK_CORPUS,
    else DEFAULT_INDEX.  Checking uses the default only when it exists (no
    corpus, no similarity check); the corpus commands create it there."""
    explicit = index or corpus or os.environ.get(ENV_INDEX)
    if explicit:
        return str(explicit)
    return str(DEFAULT_INDEX) if default_if_missing or DEFAULT_INDEX.is_file() else None


def is_redis_url(location) -> bool:
    return isinstance(location, str) and location.startswith(("redis://", "rediss://", "redis+cluster://"))


def open_index(location, create: bool = False, params: SimilarityParams | None = None, **kw):
    """Open the corpus index at an SQLite *location* (path) or a ``redis://``
    URL.  *params*, when given, must match the index's stored hashing
    settings (else CorpusIndexError telling how to rebuild); when creating,
    they become its settings."""
    if is_redis_url(location):
        from .redis_index import RedisIndex

        return RedisIndex(location, create=create, params=params, **kw)
    from .sqlite_index import SQLiteIndex

    return SQLiteIndex(location, create=create, params=params, **kw)


_SHARED: dict[str, object] = {}  # location -> open index, or (error, when) of a failed open


def display_location(location) -> str:
    """The index location as messages show it (a Redis URL without its password)."""
    if is_redis_url(location):
        from .redis_index import parse_redis_url

        try:
            return parse_redis_url(location)[2]
        except CorpusIndexError:
            return "the Redis index"
    return str(location)


def open_shared(location, expected_token: str | None = None):
    """The index at *location* for checks, opened once per process and shared by every
    file a process checks.  *expected_token*: the generation token of the index the run
    opened first (``index.token``); a worker that finds another index there (rebuilt,
    emptied, removed) raises CorpusIndexChanged instead of checking against it.  A server
    found unreachable is remembered for OUTAGE_HOLD_S, so that the next files fail at once."""
    from .errors import OUTAGE_HOLD_S

    entry = _SHARED.get(location)
    if isinstance(entry, tuple):
        exc, since = entry
        if time.monotonic() - since < OUTAGE_HOLD_S:
            raise type(exc)(exc.message)
        entry = None
    if entry is None:
        try:
            entry = open_index(location)
        except CorpusIndexError as exc:
            if expected_token and isinstance(exc, CorpusIndexUnavailable) and not isinstance(exc, CorpusIndexUnreachable):
                exc = CorpusIndexChanged(
                    f"the corpus index at {display_location(location)} was removed or emptied during the run: "
                    "similarity was not checked; restore or rebuild it, then run the check again")
            if isinstance(exc, CorpusIndexUnreachable):
                _SHARED[location] = (exc, time.monotonic())
            raise exc from None
        _SHARED[location] = entry
    if expected_token and entry.token != expected_token:
        raise CorpusIndexChanged(
            f"the corpus index at {entry.location} was rebuilt or replaced after the run started: similarity was "
            "not checked against the index the run opened; run the check again")
    return entry


def build_index(location, docs, params: SimilarityParams | None = None, fingerprints_only: bool = False,
                jobs: int = 1, progress=None, expected_documents: int | None = None, records=None):
    """Build a fresh index from (name, text, meta) items.  An SQLite index is
    written to a temporary file and renamed into place when complete; a Redis
    index is cleared and refilled (its buckets sized for *expected_documents*).
    *records*: DocRecords already prepared with the same *params* (engine.prepare_many)
    instead of *docs*, so that one hashing fills several back-ends."""
    if is_redis_url(location):
        from .redis_index import build_redis

        return build_redis(location, docs, params=params, fingerprints_only=fingerprints_only, jobs=jobs,
                           expected_documents=expected_documents, records=records)
    from .sqlite_index import build_sqlite

    return build_sqlite(location, docs, params=params, fingerprints_only=fingerprints_only, jobs=jobs,
                        progress=progress, records=records)


def compare_texts(text, other, exclude=(), other_exclude=(), min_words=None, params=None):
    """Passages shared by two in-memory texts (offsets: start/end into *text*,
    source_start/source_end into *other*)."""
    from .align import compare_texts as _ct

    return _ct(text, other, exclude=exclude, other_exclude=other_exclude, min_words=min_words, params=params)


def similarity_index(text, matches) -> float:
    """Share (0..1) of *text*'s words covered by the passages of *matches*,
    each word counted once for its best source; sets each match's share."""
    from .scoring import similarity_index as _si

    return _si(text, matches)
