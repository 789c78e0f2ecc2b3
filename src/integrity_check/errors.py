"""Errors a user can cause. Each carries one line saying what happened and what to do."""
from __future__ import annotations


class IntegrityCheckError(Exception):
    """An error a user can cause (see the subclasses)."""


class UsageError(IntegrityCheckError):
    """A bad option, pack, config or path: exit code 2."""


class InputRejected(IntegrityCheckError):
    """A document that cannot be checked at all; ``code`` is its INP rule."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
