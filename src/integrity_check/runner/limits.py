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


@contextmanager
def resource_guard(limits: Limits):
    """Time limit (SIGALRM) and memory limit (RLIMIT_AS) around one document.

    The memory limit is ``memory_mb`` *on top of* the process's current address space,
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

            base = _vm_size_bytes()
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
