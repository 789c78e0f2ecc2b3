"""Run a pack over a PDF and pick out format findings."""
from __future__ import annotations

from pathlib import Path

SHARED_PDFS = Path(__file__).resolve().parents[2] / ".." / "shared" / "pdfs"
FORMAT = tuple(f"FMT{n:03d}" for n in range(1, 13))


def check(path, pack: str = "ce7454", **options):
    from integrity_check.packs import load_pack
    from integrity_check.runner import RunOptions, check_file

    return check_file(str(path), RunOptions(pack=load_pack(pack), options=dict(options)))


def fmt(result, *, errors_only: bool = False):
    from integrity_check.findings import Severity

    return [
        f for f in result.findings
        if f.rule in FORMAT and (not errors_only or f.severity == Severity.ERROR)
    ]


def codes(findings) -> set[str]:
    return {f.rule for f in findings}
