"""``--format csv``: one row per file, for spreadsheets (the batch summary table).

Columns: path, ok, error (INP code or empty), pages, content_pages, words,
quoted_pct, similarity_pct, errors, warnings, infos, collusion_with (every
partner's path, most shared words first, joined by "; "), rules ("FMT002 x1;
QUO001 x2"), then submitter, collusion_words (the shared words per partner,
in the order of collusion_with: with it, the full pair list) and cluster
(the collusion cluster number, see reporters/collusion.py).
"""
from __future__ import annotations

import csv
import io

from . import Report
from .summary import rows

FIELDS = (
    "path", "ok", "error", "pages", "content_pages", "words", "quoted_pct", "similarity_pct",
    "errors", "warnings", "infos", "collusion_with", "rules", "submitter", "collusion_words", "cluster",
)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def render(report: Report) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(FIELDS)
    for r in rows(report):
        values = dict(r)
        values["collusion_with"] = "; ".join(r["collusion"])
        values["rules"] = "; ".join(f"{code} x{n}" for code, n in r["rules"])
        values["collusion_words"] = "; ".join("" if w is None else str(w) for w in r["collusion_words"])
        writer.writerow([_cell(values[f]) for f in FIELDS])
    return buf.getvalue()
