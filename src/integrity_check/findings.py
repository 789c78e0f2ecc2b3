"""Findings and per-file results: what every check produces and every reporter reads."""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """Ordered so that ``severity >= fail_level`` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None

    def __str__(self) -> str:
        return self.name.lower()


BBox = tuple[float, float, float, float]  # x0, top, x1, bottom in PDF points from the top-left


def union(boxes) -> BBox:
    """The smallest box around the given (non-empty) boxes."""
    boxes = list(boxes)
    return (
        min(b[0] for b in boxes), min(b[1] for b in boxes),
        max(b[2] for b in boxes), max(b[3] for b in boxes),
    )


@dataclass
class Finding:
    rule: str
    severity: Severity
    message: str
    page: int | None = None
    bbox: BBox | None = None
    fix: str | None = None
    # Rule-specific machine-readable details (side of a margin, distances, passages...).
    data: dict[str, Any] = field(default_factory=dict)

    def sort_key(self) -> tuple:
        return (self.page or 0, self.bbox[1] if self.bbox else 0.0, self.rule, self.message)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "severity": str(self.severity),
            "page": self.page,
            "message": self.message,
        }
        if self.bbox is not None:
            out["bbox"] = [round(v, 2) for v in self.bbox]
        if self.fix:
            out["fix"] = self.fix
        if self.data:
            out["data"] = self.data
        return out


@dataclass
class InputError:
    """Why a file could not be checked at all (an INP code)."""

    code: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    metrics: dict[str, Any] = field(default_factory=dict)
    error: InputError | None = None
    # Extra top-level sections of the JSON file object (e.g. "matches", "quotations").
    sections: dict[str, Any] = field(default_factory=dict)
    annotations: list[str] = field(default_factory=list)  # written PNG paths
    seconds: float = 0.0
    submitter: str | None = None  # who handed the file in (submitters.py), set for a batch
    # JSON-invisible per-file data: the "_"-prefixed ctx.sections (for batch rules such as
    # SIM003, which run in the parent after worker processes return) and "_body_text" when
    # a reporter asked for it (RunOptions.options["keep_body_text"]). Must be picklable.
    batch_data: dict[str, Any] = field(default_factory=dict, repr=False)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def similarity_unchecked(self) -> bool:
        """The corpus index failed while this file was checked (an IDX finding, checks/index.py)."""
        return any(f.rule.startswith("IDX") for f in self.findings)

    @property
    def ok(self) -> bool:
        return self.error is None and self.count(Severity.ERROR) == 0

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "ok": self.ok,
            "error": self.error.to_json() if self.error else None,
            "metrics": self.metrics,
            "findings": [f.to_json() for f in sorted(self.findings, key=Finding.sort_key)],
        }
        if self.submitter is not None:
            out["submitter"] = self.submitter
        if self.annotations:
            out["annotations"] = self.annotations
        out.update(self.sections)
        return out
