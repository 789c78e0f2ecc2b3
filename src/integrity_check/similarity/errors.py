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
