"""Run the checks: one document, one file, or a batch of paths.

Pipeline: extract -> document model -> rules -> findings (a FileResult per
file), then batch rules that look across files (collusion), then reporters.
"""
from __future__ import annotations

import time
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
EXPLICIT_SUFFIXES = {".pdf", ".txt", ".text"}


@dataclass
class RunOptions:
    pack: Pack
    options: dict[str, Any] = field(default_factory=dict)  # corpus, index, annotate dir, ...
    processes: int = 1

    def limits(self) -> Limits:
        setting = self.pack.setting("INP004", Severity.ERROR)
        from .checks.base import load_all_rules

        params = {**load_all_rules()["INP004"].params, **setting.params}
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
        if getattr(rule, "raised_by_loader", False):
            continue
        result.findings.extend(rule.check(ctx))
    result.metrics = ctx.metrics
    result.sections = {k: v for k, v in ctx.sections.items() if not k.startswith("_")}
    result.findings.sort(key=Finding.sort_key)
    return result, ctx


def _document_metrics(ctx: CheckContext) -> dict[str, Any]:
    from .checks.format.pages import content_pages

    doc = ctx.document
    metrics: dict[str, Any] = {"pages": len(doc.pages), "words": doc.word_count}
    if doc.kind == "pdf":
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
    started = time.perf_counter()
    try:
        doc = load_document(path, run.limits())
        result, _ = check_document(doc, run, rules)
    except InputRejected as exc:
        result = input_error_result(str(path), exc.code, exc.message)
    except MemoryError:
        result = input_error_result(str(path), "INP004", "ran out of memory while reading the file")
    result.seconds = round(time.perf_counter() - started, 3)
    return result


def check_paths(paths: list[str], run: RunOptions) -> list[FileResult]:
    files = expand_paths(paths)
    rules = run.pack.build_rules()
    results = [check_file(p, run, rules) for p in files]
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
