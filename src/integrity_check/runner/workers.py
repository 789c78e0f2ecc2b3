"""Worker processes for a batch: limits per file, hard kills, fresh workers after a breach."""
from __future__ import annotations

import os
import signal
import sys
import time
from collections import deque
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ..findings import FileResult
from .limits import _time_message, holds_too_much, pin_memory_base
from .pipeline import RunOptions, check_file, input_error_result

if TYPE_CHECKING:
    from .progress import Progress


_WORKER_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
_HARD_GRACE = 1.5  # hard kill at seconds * grace + 2 s when the SIGALRM limit cannot act


def default_processes() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def capped_processes(requested: int | None, option: str = "--processes") -> int:
    """*requested* worker processes (None: the available cores), at most the available cores:
    more only compete for them and each holds its own memory (1,000 asked = 1,000 started).
    A larger request is capped with one warning line on stderr."""
    cores = default_processes()
    if requested is not None and requested > cores:
        sys.stderr.write(f"integrity-check: warning: {option} {requested} is more than the {cores} core(s) "
                         f"available; using {cores}\n")
    return min(requested or cores, cores)


def _can_use_workers(run: RunOptions) -> bool:
    import pickle

    try:
        pickle.dumps(run)
    except Exception:  # e.g. an open index object in run.options: check in-process
        return False
    return True


def _mp_context():
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    if "forkserver" in methods:  # spawn semantics (nothing inherited), cheap forks
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["integrity_check.runner"])
        return ctx
    return mp.get_context("spawn")


def _worker_main(conn, run: RunOptions, environ: dict[str, str]) -> None:
    """A worker: builds the rules once, then checks the paths it is sent, one at a time."""
    # A forkserver child inherits the environment of the moment the server started;
    # take the parent's current one instead (index URLs, fault injection...).
    os.environ.clear()
    os.environ.update(environ)
    for key, value in _WORKER_ENV.items():
        os.environ.setdefault(key, value)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    try:
        rules = run.pack.build_rules()
        from ..extract import pdf as _pdf  # noqa: F401  (import before the memory budget)
        from ..extract import layout as _layout  # noqa: F401
        import pdfplumber  # noqa: F401
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    limits = run.limits()
    pin_memory_base()  # every file gets the same ceiling: this base + memory_mb
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, path = message
        result = check_file(path, run, rules)
        # After a stopped check (time or memory) the process may hold half-imported modules
        # or leaked memory, and a library may keep part of a big file's memory: hand the
        # result back and let the parent start a fresh worker.
        retire = (result.error is not None and result.error.code == "INP004") or holds_too_much(limits)
        try:
            conn.send(("result", index, result, retire))
        except Exception as exc:  # unpicklable data from a rule
            fallback = input_error_result(str(path), "INP001", f"result could not be returned ({exc})")
            conn.send(("result", index, fallback, True))
        if retire:
            return


@contextmanager
def _main_module_without_missing_file():
    """A main script read from stdin (``python - <<EOF``) has ``__file__ = "<stdin>"``,
    which spawn/forkserver children try to re-run and cannot find; the workers never need
    the main module, so hide a ``__file__`` that is not a file while a worker starts."""
    main = sys.modules.get("__main__")
    name = getattr(main, "__file__", None)
    if name is None or os.path.isfile(name):
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = name


class _Worker:
    def __init__(self, ctx, run: RunOptions):
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, run, dict(os.environ)), daemon=True)
        with _main_module_without_missing_file():
            self.process.start()
        child.close()
        self.conn = parent
        self.ready = False
        self.task: int | None = None
        self.deadline = 0.0

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except OSError:
                pass
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def check_in_workers(files: list[Path], run: RunOptions, progress: Progress | None = None,
                     rules: list | None = None) -> list[FileResult]:
    """Check files in ``run.processes`` worker processes; one bad file never stops the rest.

    Each worker applies the SIGALRM time limit and the RLIMIT_AS memory limit itself
    (:func:`resource_guard`). The parent adds a hard deadline (``seconds * 1.5 + 2``):
    a worker stuck where no signal reaches (C code) is killed, its file gets INP004, and
    a fresh worker takes over; so does a worker that dies (memory, crash).
    """
    from multiprocessing.connection import wait

    limits = run.limits()
    hard = limits.seconds * _HARD_GRACE + 2.0 if limits.seconds > 0 else None
    ctx = _mp_context()
    pending = deque(enumerate(files))
    results: dict[int, FileResult] = {}
    n = max(1, min(run.processes or default_processes(), default_processes(), len(files)))  # never above the cores
    workers = [_Worker(ctx, run) for _ in range(n)]
    startup_failures = 0

    def finish(index: int, result: FileResult) -> None:
        results[index] = result
        if progress:
            progress.update(len(results), str(files[index]))

    def replace(w: _Worker, kill: bool) -> None:
        w.stop(kill=kill)
        workers.remove(w)
        if pending or any(x.task is not None for x in workers):
            workers.append(_Worker(ctx, run))

    try:
        while len(results) < len(files):
            now = time.monotonic()
            for w in workers:
                if w.ready and w.task is None and pending:
                    index, path = pending.popleft()
                    w.conn.send((index, str(path)))
                    w.task, w.deadline = index, (now + hard if hard else float("inf"))
            if not workers:  # every worker failed to start: finish in this process
                for index, path in list(pending):
                    finish(index, check_file(path, run, rules))
                pending.clear()
                break
            waitables = [w.conn for w in workers] + [w.process.sentinel for w in workers]
            busy = [w.deadline for w in workers if w.task is not None]
            timeout = max(0.0, min(busy) - now) if busy else None
            ready = set(wait(waitables, timeout))
            for w in list(workers):
                message = None
                if w.conn in ready:
                    try:
                        message = w.conn.recv()
                    except (EOFError, OSError):
                        message = None
                if message is not None:
                    if message[0] == "ready":
                        w.ready = True
                    elif message[0] == "result":
                        _, index, result, retire = message
                        w.task = None
                        finish(index, result)
                        if retire:
                            replace(w, kill=False)
                    elif message[0] == "failed":
                        startup_failures += 1
                        workers.remove(w)
                        w.stop(kill=True)
                        if startup_failures < 3:
                            workers.append(_Worker(ctx, run))
                    continue
                dead = w.process.sentinel in ready or (w.conn in ready and message is None)
                overdue = w.task is not None and time.monotonic() > w.deadline
                if dead or overdue:
                    task = w.task
                    if task is not None:
                        path = str(files[task])
                        if overdue and not dead:
                            msg = _time_message(limits)
                        else:
                            code = w.process.exitcode
                            msg = (
                                f"the checking process stopped (exit code {code}) while reading this "
                                f"file, most likely above the {limits.memory_mb} MB memory limit; "
                                "check that this is the right file"
                            )
                        result = input_error_result(path, "INP004", msg)
                        result.seconds = round(hard or 0.0, 3) if overdue else 0.0
                        w.task = None
                        finish(task, result)
                    elif not w.ready:
                        startup_failures += 1
                        if startup_failures >= 3:
                            workers.remove(w)
                            w.stop(kill=True)
                            continue
                    replace(w, kill=True)
    finally:
        for w in workers:
            w.stop(kill=w.task is not None)
    return [results[i] for i in range(len(files))]
