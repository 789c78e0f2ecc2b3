"""Time and memory limits around one document, and the messages for a breach."""
from __future__ import annotations

import signal
import threading
from contextlib import contextmanager

from ..extract import Limits


def _time_message(limits: Limits) -> str:
    return (
        f"checking took longer than the {limits.seconds:g} s time limit and was stopped; "
        "a real report checks in a few seconds, so the file is probably damaged or hostile"
    )


def _memory_message(limits: Limits) -> str:
    return (
        f"checking needed more than the {limits.memory_mb} MB memory limit and was stopped; "
        "compress large images or check that this is the right file"
    )


class TimeLimitExceeded(BaseException):
    """Raised by the SIGALRM handler; a BaseException so that ``except Exception`` in a
    rule or a PDF library cannot swallow it."""


def _on_alarm(signum, frame):  # pragma: no cover - called by the signal machinery
    raise TimeLimitExceeded()


def _vm_size_bytes() -> int | None:
    """Current virtual memory size (Linux), the base the memory budget is added to."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


# A worker process measures its address space once, after its imports (pin_memory_base):
# every file it checks then gets the same ceiling, base + memory_mb, whatever an earlier
# file left behind. None = measure before each document (a single file in the CLI process).
_pinned_base: int | None = None

# A worker that still holds more than this share of its memory budget after a file (memory
# a library kept) is replaced, so the next file is not left with less than half its budget.
# Not lower: the corpus index's SQLite page cache (up to 64 MiB) and lazily imported modules
# stay in a worker by design, and replacing a worker reopens the index.
RETIRE_HOLDING_SHARE = 0.5


def pin_memory_base() -> None:
    """Fix this process's memory ceiling at its current address space + ``memory_mb``."""
    global _pinned_base
    _pinned_base = _vm_size_bytes()


def holds_too_much(limits: Limits) -> bool:
    """True when a worker holds over :data:`RETIRE_HOLDING_SHARE` of its budget above its
    pinned base: it should be replaced before the next file."""
    now = _vm_size_bytes()
    if _pinned_base is None or now is None or limits.memory_mb <= 0:
        return False
    return now - _pinned_base > RETIRE_HOLDING_SHARE * limits.memory_mb * 1024 * 1024


def ran_out_of_memory(exc: BaseException) -> bool:
    """True when *exc* is, or was raised while handling, a MemoryError: PDF libraries and
    the loader catch it and raise their own error ("cannot be read"), which must still count
    as the memory limit (INP004), not as a damaged file."""
    seen: set[int] = set()
    stack: list[BaseException | None] = [exc]
    while stack:
        err = stack.pop()
        if err is None or id(err) in seen:
            continue
        if isinstance(err, MemoryError):
            return True
        seen.add(id(err))
        stack += [err.__cause__, err.__context__]
    return False


@contextmanager
def resource_guard(limits: Limits):
    """Time limit (SIGALRM) and memory limit (RLIMIT_AS) around one document.

    The memory limit is ``memory_mb`` *on top of* the process's address space before any
    document (pinned once in a worker, see :func:`pin_memory_base`; measured now otherwise),
    since imported libraries and thread stacks already reserve virtual memory that a
    document does not use. Where a mechanism is unavailable (not Unix, not the main
    thread) that limit is skipped; worker processes add a hard kill on top.
    """
    alarm = (
        limits.seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    old_handler = None
    old_rlimit = None
    if alarm:
        old_handler = signal.signal(signal.SIGALRM, _on_alarm)
        signal.setitimer(signal.ITIMER_REAL, limits.seconds)
    try:
        try:
            import resource

            base = _pinned_base if _pinned_base is not None else _vm_size_bytes()
            if base is not None and limits.memory_mb > 0:
                old_rlimit = resource.getrlimit(resource.RLIMIT_AS)
                cap = base + limits.memory_mb * 1024 * 1024
                hard = old_rlimit[1]
                if hard != resource.RLIM_INFINITY:
                    cap = min(cap, hard)
                resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
        except (ImportError, ValueError, OSError):
            old_rlimit = None
        yield
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old_handler if old_handler is not None else signal.SIG_DFL)
        if old_rlimit is not None:
            import resource

            resource.setrlimit(resource.RLIMIT_AS, old_rlimit)
