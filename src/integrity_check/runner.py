"""Run the checks: one document, one file, or a batch of paths.

Pipeline: extract -> document model -> rules -> findings (a FileResult per
file), then batch rules that look across files (collusion), then reporters.
"""
from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checks.base import CheckContext
from .errors import InputRejected, UsageError
from .extract import Limits, load_document
from .findings import FileResult, Finding, InputError, Severity
from .model import Document
from .packs import Pack

CHECKED_SUFFIXES = {".pdf"}  # what a folder walk picks up; files named explicitly may be .txt too


@dataclass
class RunOptions:
    pack: Pack
    options: dict[str, Any] = field(default_factory=dict)  # corpus, index, annotate dir, ...
    processes: int = 1

    def limits(self) -> Limits:
        setting = self.pack.setting("INP004", Severity.ERROR)
        from .checks.base import load_all_rules

        params = load_all_rules()["INP004"].configured(setting.params)
        return Limits(
            max_pages=int(params["max_pages"]),
            max_bytes=int(float(params["max_file_mb"]) * 1024 * 1024),
            seconds=float(params["seconds"]),
            memory_mb=int(params["memory_mb"]),
        )


def expand_paths(paths: list[str]) -> list[Path]:
    """Files as given, folders walked for PDFs; sorted, duplicates dropped."""
    out: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for found in sorted(path.rglob("*")):
                if found.is_file() and found.suffix.lower() in CHECKED_SUFFIXES and not _hidden(found, path):
                    out.setdefault(str(found), found)
        elif path.exists():
            out.setdefault(str(path), path)
        else:
            raise UsageError(f"{raw}: no such file or folder")
    return [out[k] for k in sorted(out)]


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def check_document(doc: Document, run: RunOptions, rules: list | None = None) -> tuple[FileResult, CheckContext]:
    rules = rules if rules is not None else run.pack.build_rules()
    ctx = CheckContext(document=doc, venue=run.pack.venue, options=run.options)
    result = FileResult(path=doc.path)
    ctx.metrics.update(_document_metrics(ctx))
    for rule in rules:
        if rule.raised_by_loader or not rule.applies_to(doc):
            continue
        result.findings.extend(rule.check(ctx))
    result.metrics = ctx.metrics
    result.sections = {k: v for k, v in ctx.sections.items() if not k.startswith("_")}
    # "_" sections stay out of the JSON but travel with the result (also back from worker
    # processes) for batch rules and reporters.
    result.batch_data = {k: v for k, v in ctx.sections.items() if k.startswith("_")}
    if run.options.get("keep_body_text"):
        result.batch_data["_body_text"] = doc.body_text
    result.findings.sort(key=Finding.sort_key)
    return result, ctx


def _document_metrics(ctx: CheckContext) -> dict[str, Any]:
    from .checks.format.pages import content_pages

    doc = ctx.document
    metrics: dict[str, Any] = {"pages": len(doc.pages) or None, "words": doc.word_count}
    if doc.kind == "pdf":  # page geometry exists only for PDFs
        metrics["content_pages"] = ctx.cached(content_pages)
        first = doc.pages[0]
        metrics["paper"] = [round(first.width, 2), round(first.height, 2)]
    return metrics


def input_error_result(path: str, code: str, message: str) -> FileResult:
    from .checks.base import load_all_rules

    rule = load_all_rules()[code]
    finding = Finding(rule=code, severity=Severity.ERROR, message=message, fix=rule.fix or None)
    return FileResult(path=path, findings=[finding], error=InputError(code, message))


def check_file(path: str | Path, run: RunOptions, rules: list | None = None) -> FileResult:
    """Check one file in this process, under the pack's time and memory limits.

    The time limit is a SIGALRM timer (Unix, main thread only) and the memory limit a
    temporary RLIMIT_AS soft limit; both are lifted again afterwards, so this is safe for
    a single-file run in the CLI process. A breach becomes an INP004 result.
    """
    started = time.perf_counter()
    limits = run.limits()
    try:
        with resource_guard(limits):
            _inject_fault(path)
            doc = load_document(path, limits)
            result, _ = check_document(doc, run, rules)
    except InputRejected as exc:
        result = input_error_result(str(path), exc.code, exc.message)
    except TimeLimitExceeded:
        result = input_error_result(str(path), "INP004", _time_message(limits))
    except MemoryError:
        result = input_error_result(str(path), "INP004", _memory_message(limits))
    except RecursionError:
        result = input_error_result(
            str(path), "INP001", "the PDF's objects are nested too deeply to read; export it again"
        )
    except Exception as exc:  # a bug or a PDF that breaks the reader: report it, go on
        result = input_error_result(
            str(path),
            "INP001",
            f"the file could not be checked ({type(exc).__name__}: {str(exc)[:120]}); "
            "export it again, and report the file to integrity-check if it opens fine elsewhere",
        )
    if run.options.get("annotate_dir") and result.error is None:
        result.annotations = _annotate(path, result, run.options["annotate_dir"])
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _annotate(path, result: FileResult, out_dir: str) -> list[str]:
    """--annotate: pictures of the pages with format findings (never fails the check)."""
    from .annotate import annotate_file

    try:
        return annotate_file(path, result.findings, out_dir)
    except Exception:  # a picture that cannot be drawn must not lose the findings
        return []


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


def check_paths(paths: list[str], run: RunOptions, progress: Progress | None = None,
                rules: list | None = None) -> list[FileResult]:
    """Check files and folders; results sorted by path, whatever the process count.

    One file is checked in this process (fast start, limits via :func:`resource_guard`).
    A batch is checked in worker processes (:func:`check_in_workers`), even with
    ``processes=1``, so that a file that hangs in C code or exhausts memory is killed
    and reported as INP004 while the batch goes on.
    """
    files = expand_paths(paths)
    rules = rules if rules is not None else run.pack.build_rules()
    if len(files) <= 1 or not _can_use_workers(run):
        results = []
        for i, p in enumerate(files):
            results.append(check_file(p, run, rules))
            if progress:
                progress.update(i + 1, str(p))
    else:
        results = check_in_workers(files, run, progress, rules)
    if progress:
        progress.close()
    results.sort(key=lambda r: r.path)
    if len(results) > 1:  # who submitted what: one student's files never collude
        from .submitters import assign_to_results

        assign_to_results(results, run.options.get("submitter_pattern"))
    run_batch_rules(results, rules, run)
    return results


def run_batch_rules(results: list[FileResult], rules: list, run: RunOptions) -> None:
    """Rules that compare files with each other (collusion) run once over the batch."""
    for rule in rules:
        check_batch = getattr(rule, "check_batch", None)
        if check_batch is not None:
            check_batch(results, run)
    for result in results:
        result.findings.sort(key=Finding.sort_key)


# -- limits -------------------------------------------------------------------------


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


# -- fault injection (tests) ----------------------------------------------------------
# INTEGRITY_CHECK_FAULTS="NAME:KIND[:ARG];..." makes checking any file whose name contains
# NAME misbehave, to test the limits on real runs: KIND is "sleep" (ARG seconds, Python
# code: the SIGALRM limit stops it), "hang" (blocks SIGALRM and sleeps, like C code that
# never returns: only the worker's hard kill stops it), "memory" (allocates ARG MB),
# "crash" (the process kills itself with SIGKILL) or "raise" (an unexpected exception).
FAULTS_ENV = "INTEGRITY_CHECK_FAULTS"


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
            hog = bytearray(int(float(arg or 100000) * 1024 * 1024))
            hog[::4096] = b"x" * len(hog[::4096])
        elif kind == "crash":
            os.kill(os.getpid(), signal.SIGKILL)
        elif kind == "raise":
            raise RuntimeError(f"injected fault for {name}")


# -- worker processes ---------------------------------------------------------------

_WORKER_ENV = {"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
_HARD_GRACE = 1.5  # hard kill at seconds * grace + 2 s when the SIGALRM limit cannot act


def default_processes() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


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
        from .extract import pdf as _pdf  # noqa: F401  (import before the memory budget)
        from .extract import layout as _layout  # noqa: F401
        import pdfplumber  # noqa: F401
    except Exception as exc:
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
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
        # After a stopped check the process may hold half-imported modules or leaked
        # memory: hand the result back and let the parent start a fresh worker.
        retire = result.error is not None and result.error.code == "INP004"
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
    n = max(1, min(run.processes or default_processes(), len(files)))
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


# -- progress -------------------------------------------------------------------------


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
        name = Path(label).name if label else ""
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
