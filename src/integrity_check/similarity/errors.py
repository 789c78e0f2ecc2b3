"""Errors raised by the similarity engine."""

from __future__ import annotations


class CorpusIndexError(Exception):
    """A corpus index cannot be opened, read or updated.

    The message is one line: what happened and what to do about it.  It never
    contains credentials (Redis URLs are shown with the password removed).
    """

    def __init__(self, message: str):
        super().__init__(message.replace("\n", " "))
        self.message = message.replace("\n", " ")

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.message


class CorpusIndexUnreachable(CorpusIndexError):
    """The index's server cannot be reached now (worth one retry)."""


def rebuild_hint(location) -> str:
    """What to run to rebuild the index at *location* (file or Redis URL)."""
    from . import is_redis_url

    flag = "--index" if is_redis_url(str(location)) else "--corpus"
    return f"rebuild it with `integrity-check corpus build DIR {flag} {location}`"
