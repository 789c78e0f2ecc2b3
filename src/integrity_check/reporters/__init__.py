"""Output formats, one module each; every module exposes ``render(report) -> str``.

This module also holds what every format shares: the :class:`Report`, :func:`render`
(which never loses the other files because one file's entry cannot be rendered) and
:func:`write_report` (stdout, devices and FIFOs written directly, regular files replaced
atomically).
"""
from __future__ import annotations

import importlib
import os
import re
import stat
import sys
from dataclasses import dataclass, field, replace
from typing import Any

from ..findings import FileResult, Finding, Severity

FORMATS = {
    "human": "integrity_check.reporters.human",
    "json": "integrity_check.reporters.json_report",
    "csv": "integrity_check.reporters.csv_report",
    "sarif": "integrity_check.reporters.sarif",
    "junit": "integrity_check.reporters.junit",
    "github": "integrity_check.reporters.github",
    "html": "integrity_check.reporters.html",
}


def relative_path(path: str) -> str:
    """A path relative to the working directory when it lies below it, with forward slashes
    (what CI annotations and SARIF artifact URIs expect)."""
    from pathlib import Path

    p = Path(path)
    try:  # realpath, not resolve(): a symlink loop must not stop the report
        p = Path(os.path.realpath(p)).relative_to(os.path.realpath(os.getcwd())) if p.is_absolute() else p
    except ValueError:
        pass
    return p.as_posix() if not str(p).startswith("..") else Path(os.path.abspath(path)).as_posix()


@dataclass
class Report:
    results: list[FileResult]
    pack_name: str
    fail_on: Severity | None  # None = never fail
    version: str
    options: dict[str, Any] = field(default_factory=dict)  # reporter options (quiet, color, ...)

    def __post_init__(self) -> None:
        for result in self.results:  # every format shows the same printable names and messages
            make_printable(result)

    def total(self, severity: Severity) -> int:
        return sum(r.count(severity) for r in self.results)

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.results),
            "errors": self.total(Severity.ERROR),
            "warnings": self.total(Severity.WARNING),
            "infos": self.total(Severity.INFO),
            "unreadable": sum(1 for r in self.results if r.error is not None),
            "similarity_unchecked": sum(1 for r in self.results if r.similarity_unchecked),
        }

    def verdict(self, pack_name: str | None = None) -> str:
        """ "2 error(s), 1 warning(s) and 0 note(s) in 3 file(s) with the ce7454 rules"
        (*pack_name* as given, e.g. escaped for HTML)."""
        s = self.summary()
        return (f"{s['errors']} error(s), {s['warnings']} warning(s) and {s['infos']} note(s) "
                f"in {s['files']} file(s) with the {pack_name or self.pack_name} rules")

    def failed(self) -> bool:
        if self.fail_on is None:
            return False
        return any(f.severity >= self.fail_on for r in self.results for f in r.findings)


def render(fmt: str, report: Report) -> str:
    """The report in format *fmt*. Should one file's entry break the format (a rule left data
    it cannot write), that entry is written without its details, with a warning on stderr,
    and every other file keeps its full entry: a batch's results are never lost."""
    module = importlib.import_module(FORMATS[fmt])
    try:
        return module.render(report)
    except Exception:
        if not report.results:
            raise
    kept = [_renderable(module, report, r) for r in report.results]
    return module.render(replace(report, results=kept))


def _renderable(module, report: Report, result: FileResult) -> FileResult:
    try:
        module.render(replace(report, results=[result]))
        return result
    except Exception as exc:
        reason = f"{type(exc).__name__}: {exc}"[:160]
    bare = FileResult(
        path=result.path,
        findings=[Finding(rule=str(f.rule), severity=Severity.parse(f.severity), message=str(f.message),
                          page=f.page if isinstance(f.page, int) else None, fix=f.fix and str(f.fix))
                  for f in result.findings],
        error=result.error,
        seconds=result.seconds,
    )
    try:
        module.render(replace(report, results=[bare]))
    except Exception:
        bare.findings = []
    sys.stderr.write(printable(f"integrity-check: warning: {result.path}: this report format could not hold "
                               f"the file's details ({reason}); its findings are listed without them\n"))
    return bare


# -- printable names ------------------------------------------------------------------

# Lone surrogates, and control characters other than tab and line ends (an ESC in a file name
# would drive the terminal that shows the report; HTML does not allow them).
_UNPRINTABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _visible(match: re.Match) -> str:
    code = ord(match.group())
    if code <= 0x9F:
        return f"\\x{code:02x}"
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def printable(text: str) -> str:
    """*text* with every lone surrogate shown visibly: a file-name byte that is not UTF-8
    (Python's surrogate escape, e.g. ``bad\\udcff.pdf``) as ``\\xff``, any other lone
    surrogate (from a damaged PDF string) as ``\\ud800``; a control character other than
    tab, newline and carriage return (``\\x1b``) likewise. Such text can be written in any
    format, JSON stays valid UTF-8 and a terminal shows it as it is."""
    return _UNPRINTABLE.sub(_visible, text) if _UNPRINTABLE.search(text) else text


def _printable_value(value: Any) -> Any:
    """*value* with :func:`printable` strings, rebuilt only where something changed."""
    if isinstance(value, str):
        return printable(value)
    if isinstance(value, dict):
        items = [(_printable_value(k), _printable_value(v)) for k, v in value.items()]
        changed = any(k2 is not k or v2 is not v for (k2, v2), (k, v) in zip(items, value.items()))
        return dict(items) if changed else value
    if isinstance(value, (list, tuple)):
        items = [_printable_value(v) for v in value]
        if all(a is b for a, b in zip(items, value)):
            return value
        return items if isinstance(value, list) else tuple(items)
    return value


def make_printable(result: FileResult) -> None:
    """Make every string a reporter shows from *result* printable, in place. The path the
    file really has stays in ``batch_data["_source_path"]`` (the HTML thumbnails open it)."""
    shown = printable(result.path)
    if shown != result.path:
        result.batch_data.setdefault("_source_path", result.path)
        result.path = shown
    if result.submitter is not None:  # the batch's submitter column and collusion pairs
        result.submitter = printable(result.submitter)
    for f in result.findings:
        f.message = _printable_value(f.message)
        f.fix = _printable_value(f.fix)
        f.data = _printable_value(f.data)
    if result.error is not None:
        result.error.message = _printable_value(result.error.message)
    result.metrics = _printable_value(result.metrics)
    result.sections = _printable_value(result.sections)
    result.annotations = _printable_value(result.annotations)
    source = result.batch_data.pop("_source_path", None)
    result.batch_data = _printable_value(result.batch_data)
    if source is not None:
        result.batch_data["_source_path"] = source


# -- writing ------------------------------------------------------------------------


def write_report(text: str, output: str | os.PathLike | None) -> None:
    """Write a rendered report; raises OSError with the reason when it cannot.

    ``None`` or ``"-"``: stdout. An existing device, FIFO or socket (``-o /dev/null``,
    ``-o /dev/stderr``): written into directly, never replaced. A regular file or a new
    path: a temp file in the same folder, renamed over the target (a symlink's target is
    replaced and the link kept), so a reader never sees half a report and a failed write
    leaves the old file. A character the encoding cannot hold is written as a backslash
    escape rather than failing the run.
    """
    if output is None or os.fspath(output) == "-":
        encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
        sys.stdout.write(text.encode(encoding, "backslashreplace").decode(encoding))
        sys.stdout.flush()
        return
    data = text.encode("utf-8", "backslashreplace")
    try:
        st = os.stat(output)
    except FileNotFoundError:
        st = None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise IsADirectoryError(21, "it is a folder; give a file name")
    if st is not None and not stat.S_ISREG(st.st_mode):
        fd = os.open(output, os.O_WRONLY)  # no O_CREAT, no rename: the node stays what it is
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        return
    _replace_atomically(os.path.realpath(output), data, st)


def _replace_atomically(target: str, data: bytes, st: os.stat_result | None) -> None:
    import tempfile

    folder, name = os.path.split(target)
    fd, tmp = tempfile.mkstemp(dir=folder or ".", prefix=f".{name[:100]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, stat.S_IMODE(st.st_mode) if st is not None else 0o666 & ~_umask())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
