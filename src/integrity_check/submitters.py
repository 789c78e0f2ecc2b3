"""Who submitted each file of a batch, so that one student's files are never each
other's collusion partners (SIM003).

A submitter comes from, in this order:

1. ``--submitter-pattern REGEX`` (or ``submitter-pattern`` in the folder
   configuration), searched in the file's path (forward slashes): the named group
   ``submitter``, else the first group, else the whole match. A file it does not
   match is its own submitter.
2. A Moodle export: a path part ``Full Name_123456_assignsubmission_file_``
   (a folder per participant, or the older flat file names).
3. A Canvas export: ``name_userid_submissionid_original.pdf``, late ones
   ``name_LATE_userid_submissionid_original.pdf``. Only when every file of that
   folder is named so, since a name like ``lab_2023_10_notes.pdf`` fits the pattern
   by chance.
4. One folder per student: every file of the batch lies in a subfolder of the
   batch's common folder, there are at least two subfolders, and none holds more
   than :data:`MAX_FILES_PER_STUDENT` files (a folder per section or per assignment
   holds a whole class).
5. Otherwise the file itself.

The detected layout is part of the report (``layout_of``), so a TA can see why
two files were taken as one student's and override it with a pattern.
"""
from __future__ import annotations

import os
import re
from collections import Counter, defaultdict
from pathlib import PurePath

from .errors import UsageError

# A student hands in a few files (a draft, a mid-term and a final report); a folder with
# more than this many is a folder per section or per assignment, not per student.
MAX_FILES_PER_STUDENT = 5

CANVAS = re.compile(r"^(?P<name>[^_]+)_(?:LATE_)?(?P<user>\d+)_(?P<submission>\d+)_.+$")
MOODLE = re.compile(r"^(?P<name>.+?)_(?P<user>\d+)_assign(?:submission|feedback)_[a-z]+_?", re.IGNORECASE)

LAYOUTS = {
    "pattern": "--submitter-pattern",
    "moodle": "Moodle export (a folder per participant)",
    "canvas": "Canvas export (name_userid_submissionid_file)",
    "folders": "one folder per student",
}


def compile_pattern(pattern: str | None) -> re.Pattern | None:
    if not pattern:
        return None
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise UsageError(f"--submitter-pattern {pattern!r} is not a valid regular expression: {exc}") from None


def _from_pattern(path: str, pattern: re.Pattern) -> str | None:
    m = pattern.search(path)
    if not m:
        return None
    if "submitter" in pattern.groupindex:
        value = m.group("submitter")
    elif pattern.groups:
        value = m.group(1)
    else:
        value = m.group(0)
    return value or None


def _from_moodle(parts: tuple[str, ...]) -> str | None:
    for part in parts:
        m = MOODLE.match(part)
        if m:
            return f"{m.group('name').strip()} ({m.group('user')})"
    return None


def _canvas_folders(paths: list[PurePath]) -> set[PurePath]:
    """Folders whose every file is named like a Canvas download."""
    names: dict[PurePath, list[str]] = defaultdict(list)
    for p in paths:
        names[p.parent].append(p.name)
    return {folder for folder, files in names.items() if all(CANVAS.match(n) for n in files)}


def _student_folders(paths: list[PurePath]) -> dict[PurePath, str] | None:
    """{file: its top folder below the batch's common folder} when that is the layout."""
    if len(paths) < 2:
        return None
    try:
        common = PurePath(os.path.commonpath([str(p) for p in paths]))
    except ValueError:  # different drives
        return None
    tops: dict[PurePath, str] = {}
    for p in paths:
        rel = p.relative_to(common).parts
        if len(rel) < 2:  # a file right in the common folder: not this layout
            return None
        tops[p] = rel[0]
    counts = Counter(tops.values())
    if len(counts) < 2 or max(counts.values()) > MAX_FILES_PER_STUDENT:
        return None
    return tops


def assign(paths: list[str], pattern: str | None = None) -> dict[str, tuple[str, str | None]]:
    """{path: (submitter, layout key or None)} for every path."""
    regex = compile_pattern(pattern)
    pure = [PurePath(os.path.abspath(p)) for p in paths]
    canvas = _canvas_folders(pure)
    folders = _student_folders(pure)
    out: dict[str, tuple[str, str | None]] = {}
    for raw, p in zip(paths, pure):
        submitter, layout = None, None
        if regex is not None:
            submitter, layout = _from_pattern(PurePath(raw).as_posix(), regex), "pattern"
        else:
            submitter, layout = _from_moodle(p.parts), "moodle"
            if submitter is None and p.parent in canvas:
                m = CANVAS.match(p.name)
                submitter, layout = f"{m.group('name')} ({m.group('user')})", "canvas"
            if submitter is None and folders:
                submitter, layout = folders[p], "folders"
        out[raw] = (submitter, layout) if submitter is not None else (PurePath(raw).as_posix(), None)
    return out


LAYOUT_KEY = "_submitter_layout"  # FileResult.batch_data key (JSON-invisible)


def assign_to_results(results, pattern: str | None = None) -> None:
    """Set ``submitter`` on every FileResult of a batch (and the layout that named it)."""
    found = assign([r.path for r in results], pattern)
    for r in results:
        r.submitter, r.batch_data[LAYOUT_KEY] = found[r.path]


def describe(results) -> str:
    """'Canvas export (...) for 12 file(s)' for the summary, or '' when no layout applied."""
    layouts = Counter(r.batch_data.get(LAYOUT_KEY) for r in results)
    layouts.pop(None, None)
    return "; ".join(f"{LAYOUTS[k]} for {n} file(s)" for k, n in layouts.most_common())
