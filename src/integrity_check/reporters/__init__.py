"""Output formats, one module each; every module exposes ``render(report) -> str``."""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any

from ..findings import FileResult, Severity

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
    import os
    from pathlib import Path

    p = Path(path)
    try:
        p = p.resolve().relative_to(Path.cwd().resolve()) if p.is_absolute() else p
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
    return importlib.import_module(FORMATS[fmt]).render(report)
