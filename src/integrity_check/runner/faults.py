"""Fault injection for tests: make checking a named file misbehave on purpose."""
from __future__ import annotations

import os
import signal
import time
from pathlib import Path

# INTEGRITY_CHECK_FAULTS="NAME:KIND[:ARG];..." makes checking any file whose name contains
# NAME misbehave, to test the limits on real runs: KIND is "sleep" (ARG seconds, Python
# code: the SIGALRM limit stops it), "hang" (blocks SIGALRM and sleeps, like C code that
# never returns: only the worker's hard kill stops it), "memory" (allocates ARG MB),
# "wrapped-memory" (allocates ARG MB; a MemoryError is re-raised as another error, as PDF
# libraries do), "leak" (allocates ARG MB and keeps it, as a library cache would),
# "crash" (the process kills itself with SIGKILL) or "raise" (an unexpected exception).
FAULTS_ENV = "INTEGRITY_CHECK_FAULTS"


_LEAKED: list[bytearray] = []


def _allocate(mb: float) -> bytearray:
    hog = bytearray(int(mb * 1024 * 1024))
    hog[::4096] = b"x" * len(hog[::4096])  # touch every page
    return hog


def _inject_fault(path: str | Path) -> None:
    spec = os.environ.get(FAULTS_ENV)
    if not spec:
        return
    name = Path(path).name
    for item in spec.split(";"):
        parts = item.split(":")
        if len(parts) < 2 or not parts[0] or parts[0] not in name:
            continue
        kind, arg = parts[1], (parts[2] if len(parts) > 2 else "")
        if kind == "sleep":
            time.sleep(float(arg or 3600))
        elif kind == "hang":
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
            time.sleep(float(arg or 3600))
        elif kind == "memory":
            _allocate(float(arg or 100000))
        elif kind == "wrapped-memory":
            try:
                _allocate(float(arg or 100000))
            except MemoryError as exc:
                raise ValueError("stream could not be decoded") from exc
        elif kind == "leak":
            _LEAKED.append(_allocate(float(arg or 100)))
        elif kind == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        elif kind == "raise":
            raise RuntimeError(f"injected fault for {name}")
