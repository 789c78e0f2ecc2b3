"""Run the checks: one document, one file, or a batch of paths.

One module per concern: ``pipeline`` (extract -> rules -> findings, per file and per
batch), ``limits`` (time and memory limits), ``workers`` (worker processes for a
batch), ``progress`` (the progress bar) and ``faults`` (fault injection for tests).
The public names are re-exported here.
"""
from .faults import FAULTS_ENV
from .limits import TimeLimitExceeded, resource_guard
from .pipeline import (
    CHECKED_SUFFIXES,
    RunOptions,
    check_document,
    check_file,
    check_paths,
    expand_paths,
    input_error_result,
    run_batch_rules,
)
from .progress import Progress
from .workers import capped_processes, check_in_workers, default_processes

__all__ = [
    "CHECKED_SUFFIXES",
    "FAULTS_ENV",
    "Progress",
    "RunOptions",
    "TimeLimitExceeded",
    "capped_processes",
    "check_document",
    "check_file",
    "check_in_workers",
    "check_paths",
    "default_processes",
    "expand_paths",
    "input_error_result",
    "resource_guard",
    "run_batch_rules",
]
