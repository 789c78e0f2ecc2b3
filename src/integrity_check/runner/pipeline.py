"""Run the checks: one document, one file, or a batch of paths.

Pipeline: extract -> document model -> rules -> findings (a FileResult per
file), then batch rules that look across files (collusion), then reporters.
"""
from __future__ import annotations

import errno
import os
import stat
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..checks.base import CheckContext
from ..errors import InputRejected, UsageError
from ..extract import Limits, load_document
from ..findings import FileResult, Finding, InputError, Severity
from ..model import Document
from ..packs import Pack
from ..walk import walk_files
from .faults import _inject_fault
from .limits import TimeLimitExceeded, _memory_message, _time_message, ran_out_of_memory, resource_guard

if TYPE_CHECKING:
    from .progress import Progress


CHECKED_SUFFIXES = {".pdf"}  # what a folder walk picks up; files named explicitly may be .txt too


@dataclass
class RunOptions:
    pack: Pack
    options: dict[str, Any] = field(default_factory=dict)  # corpus, index, annotate dir, ...
    processes: int = 1

    def limits(self) -> Limits:
        setting = self.pack.setting("INP004", Severity.ERROR)
        from ..checks.base import load_all_rules

        params = load_all_rules()["INP004"].configured(setting.params)
        return Limits(
            max_pages=int(params["max_pages"]),
            max_bytes=int(float(params["max_file_mb"]) * 1024 * 1024),
            seconds=float(params["seconds"]),
            memory_mb=int(params["memory_mb"]),
        )


def expand_paths(paths: list[str]) -> list[Path]:
    """Files as given, folders walked for PDFs; sorted, duplicates dropped.

    A path that exists but cannot be opened (a symlink loop, a name or path too long for
    the system), or a subfolder too deep to list, is kept: checking it gives its own INP001 line while the rest goes on.
    Only a path that does not exist at all is a usage error.
    """
    out: dict[str, Path] = {}
    for raw in paths:
        path = Path(raw)
        if _is_dir(path):
            found_files, unreachable = walk_files(path)
            for found in found_files:
                if found.suffix.lower() in CHECKED_SUFFIXES and not _is_dir(found):
                    out.setdefault(str(found), found)
            for found in unreachable:  # a subfolder too deep to list: its INP001 says so
                out.setdefault(str(found), found)
        elif path_problem(path) != "missing":
            out.setdefault(str(path), path)
        else:
            raise UsageError(f"{raw}: no such file or folder")
    return [out[k] for k in sorted(out)]


def _is_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False


PATH_FIX = "Move or rename the file (or repair the link) so that it opens, then check it again."


def path_problem(path: str | Path) -> str | None:
    """Why *path* cannot be opened as a file, as one line saying what to do; ``"missing"``
    when nothing is there (not even a link); None when it can be opened."""
    try:
        os.stat(path)
        return None
    except (FileNotFoundError, NotADirectoryError):
        return None if os.path.islink(path) else "missing"  # a dangling link: the loader says so
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "the path is a loop of symbolic links; point the link at the report file itself"
        if exc.errno == errno.ENAMETOOLONG:
            longest = max((len(os.fsencode(part)) for part in Path(path).parts), default=0)
            return (
                f"the path is too long to open ({len(os.fsencode(os.path.abspath(path))):,} bytes, "
                f"longest name {longest:,} bytes; the system allows 4,096 and 255): "
                "move the file to a shorter path or give it a shorter name"
            )
        return None  # permission and other errors: the loader reports them


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
    from ..checks.format.pages import content_pages

    doc = ctx.document
    metrics: dict[str, Any] = {"pages": len(doc.pages) or None, "words": doc.word_count}
    if doc.kind == "pdf":  # page geometry exists only for PDFs
        metrics["content_pages"] = ctx.cached(content_pages)
        first = doc.pages[0]
        metrics["paper"] = [round(first.width, 2), round(first.height, 2)]
    return metrics


def input_error_result(path: str, code: str, message: str, fix: str | None = None) -> FileResult:
    """A file that could not be checked: its INP finding (*fix* overrides the rule's)."""
    from ..checks.base import load_all_rules

    rule = load_all_rules()[code]
    finding = Finding(rule=code, severity=Severity.ERROR, message=message, fix=fix or rule.fix or None)
    return FileResult(path=path, findings=[finding], error=InputError(code, message))


def check_file(path: str | Path, run: RunOptions, rules: list | None = None) -> FileResult:
    """Check one file in this process, under the pack's time and memory limits.

    The time limit is a SIGALRM timer (Unix, main thread only) and the memory limit a
    temporary RLIMIT_AS soft limit; both are lifted again afterwards, so this is safe for
    a single-file run in the CLI process. A breach becomes an INP004 result.
    """
    started = time.perf_counter()
    limits = run.limits()
    problem = path_problem(path)
    turned: dict[int, int] = {}  # page -> the turn it is read in (for --annotate pictures)
    try:
        if problem is not None and problem != "missing":
            result = input_error_result(str(path), "INP001", problem, fix=PATH_FIX)
        else:
            with resource_guard(limits):
                _inject_fault(path)
                doc = load_document(path, limits)
                turned = {page.number: page.rotation for page in doc.pages if page.rotation}
                result, _ = check_document(doc, run, rules)
    except TimeLimitExceeded:
        result = input_error_result(str(path), "INP004", _time_message(limits))
    except Exception as exc:
        result = _error_result(str(path), exc, limits)
    if run.options.get("annotate_dir") and result.error is None:
        result.annotations = _annotate(path, result, run.options["annotate_dir"], turned)
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def _error_result(path: str, exc: Exception, limits: Limits) -> FileResult:
    """The INP result for a check that raised *exc*; running out of memory is INP004 however
    a library or the loader reported it."""
    if ran_out_of_memory(exc):
        return input_error_result(path, "INP004", _memory_message(limits))
    if isinstance(exc, InputRejected):
        return input_error_result(path, exc.code, exc.message)
    if isinstance(exc, RecursionError):
        return input_error_result(path, "INP001", "the PDF's objects are nested too deeply to read; export it again")
    # a bug or a PDF that breaks the reader: report it, go on
    return input_error_result(
        path,
        "INP001",
        f"the file could not be checked ({type(exc).__name__}: {str(exc)[:120]}); "
        "export it again, and report the file to integrity-check if it opens fine elsewhere",
    )


def _annotate(path, result: FileResult, out_dir: str, turned: dict[int, int]) -> list[str]:
    """--annotate: pictures of the pages with format findings (never fails the check)."""
    from ..annotate import annotate_file

    try:
        return annotate_file(path, result.findings, out_dir, turned=turned)
    except Exception:  # a picture that cannot be drawn must not lose the findings
        return []


def check_paths(paths: list[str], run: RunOptions, progress: Progress | None = None,
                rules: list | None = None) -> list[FileResult]:
    """Check files and folders; results sorted by path, whatever the process count.

    One file is checked in this process (fast start, limits via :func:`resource_guard`).
    A batch is checked in worker processes (:func:`check_in_workers`), even with
    ``processes=1``, so that a file that hangs in C code or exhausts memory is killed
    and reported as INP004 while the batch goes on.
    """
    from .workers import _can_use_workers, check_in_workers

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
        from ..submitters import assign_to_results

        assign_to_results(results, run.options.get("submitter_pattern"))
    run_batch_rules(results, rules, run)
    return results


def run_batch_rules(results: list[FileResult], rules: list, run: RunOptions) -> None:
    """Rules that compare files with each other (collusion) run once over the batch."""
    for rule in rules:
        check_batch = getattr(rule, "check_batch", None)
        if check_batch is None:
            continue
        try:
            check_batch(results, run)
        except Exception as exc:  # the files' own results stay; say what was not checked
            code = getattr(rule, "code", type(rule).__name__)
            sys.stderr.write(f"integrity-check: warning: {code} could not compare the files of this batch "
                             f"({type(exc).__name__}: {str(exc)[:120]}); its findings are missing from the report\n")
    for result in results:
        result.findings.sort(key=Finding.sort_key)
