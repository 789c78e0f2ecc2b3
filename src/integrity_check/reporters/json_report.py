"""``--format json``: the schema-1 report contract (fields are only ever added)."""
from __future__ import annotations

import json

from . import Report

SCHEMA = 1


def as_dict(report: Report) -> dict:
    out = {
        "tool": "integrity-check",
        "version": report.version,
        "schema": SCHEMA,
        "rules": report.pack_name,
        "files": [r.to_json() for r in report.results],
        "summary": report.summary(),
    }
    if len(report.results) > 1:  # every collusion pair, ranked, and the clusters (reporters/collusion.py)
        from .collusion import as_json

        out["collusion"] = as_json(report.results)
    return out


def render(report: Report) -> str:
    out = as_dict(report)
    if report.options.get("statistics"):
        from .summary import statistics

        out["statistics"] = [{"rule": r, "severity": s, "count": n} for r, s, n in statistics(report)]
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"
