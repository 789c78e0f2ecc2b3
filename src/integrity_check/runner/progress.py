"""A one-line progress bar for batches."""
from __future__ import annotations

import sys
import time
from pathlib import Path

from ..reporters import printable


class Progress:
    """A one-line progress bar on stderr, drawn with \r; silent unless enabled."""

    def __init__(self, total: int, stream=None, enabled: bool | None = None, width: int = 28):
        self.total = total
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = bool(getattr(self.stream, "isatty", lambda: False)()) and total > 1
        self.enabled = enabled
        self.width = width
        self.started = time.monotonic()
        self._last = 0.0
        self._drawn = False

    def update(self, done: int, label: str = "") -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if done < self.total and now - self._last < 0.1:
            return
        self._last = now
        filled = int(self.width * done / max(self.total, 1))
        bar = "#" * filled + "-" * (self.width - filled)
        name = printable(Path(label).name) if label else ""
        if len(name) > 30:
            name = "…" + name[-29:]
        line = f"\r[{bar}] {done}/{self.total} {now - self.started:5.1f}s {name}"
        self.stream.write(line + "\033[K")
        self.stream.flush()
        self._drawn = True

    def close(self) -> None:
        if self.enabled and self._drawn:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._drawn = False
