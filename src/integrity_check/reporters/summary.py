"""The per-file summary of a batch (human table, CSV rows, HTML table) and ``--statistics``.

Columns: pages, content pages, quoted %, similarity %, errors, warnings and the
collusion partners found, strongest first and cut to a few (``reporters/collusion.py``
ranks the pairs and groups clusters). Collusion comes from SIM003 findings, whose
``other`` names the other file.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from ..findings import FileResult, Severity
from . import Report

COLUMNS = (
    ("path", "file"),
    ("pages", "pages"),
    ("content_pages", "content"),
    ("quoted_pct", "quoted %"),
    ("similarity_pct", "similar %"),
    ("errors", "errors"),
    ("warnings", "warnings"),
    ("collusion", "collusion with"),
)


def collusion_partners(result: FileResult) -> list[str]:
    """Paths of the other files that SIM003 paired with this one (its ``other``), most shared
    words first; a note about the same submitter's own files is no partner."""
    words: dict[str, int] = {}
    for f in result.findings:
        other = f.data.get("other") if f.rule == "SIM003" and not f.data.get("same_submitter") else None
        if other:
            words[other] = max(words.get(other, 0), int(f.data.get("words") or 0))
    return sorted(words, key=lambda o: -words[o])  # stable: ties keep the findings' order


def _pct(value: Any) -> str:
    return "" if value is None else f"{float(value):.1f}"


def row(result: FileResult, cluster: int | None = None) -> dict[str, Any]:
    """One file's summary values (raw, not formatted); *cluster* is its collusion cluster number."""
    m = result.metrics
    partners = collusion_partners(result)
    words = {f.data.get("other"): f.data.get("words") for f in result.findings if f.rule == "SIM003"}
    return {
        "path": result.path,
        "submitter": result.submitter,
        "ok": result.ok,
        "error": result.error.code if result.error else "",
        "pages": m.get("pages"),
        "content_pages": m.get("content_pages"),
        "words": m.get("words"),
        "quoted_pct": m.get("quoted_pct"),
        "similarity_pct": m.get("similarity_pct"),
        "errors": result.count(Severity.ERROR),
        "warnings": result.count(Severity.WARNING),
        "infos": result.count(Severity.INFO),
        "collusion": partners,
        "collusion_words": [words.get(p) for p in partners],
        "cluster": cluster,
        "rules": sorted(Counter(f.rule for f in result.findings).items()),
    }


def rows(report: Report) -> list[dict[str, Any]]:
    from .collusion import cluster_of, clusters, pairs, short_names

    numbers = cluster_of(clusters(pairs(report.results)))
    names = short_names([r.path for r in report.results])
    out = []
    for r in report.results:
        values = row(r, numbers.get(r.path))
        values["collusion_names"] = [names.get(p, Path(p).name) for p in values["collusion"]]
        out.append(values)
    return out


def display_cells(values: dict[str, Any]) -> list[str]:
    """The table cells for one row, formatted for people."""
    out = []
    for key, _ in COLUMNS:
        value = values[key]
        if key == "path" and values["error"]:
            value = f"{value} ({values['error']})"
        elif key in ("quoted_pct", "similarity_pct"):
            value = _pct(value)
        elif key == "collusion":
            from .collusion import cut

            value = cut(values.get("collusion_names") or [Path(p).name for p in value])
            if values.get("cluster"):
                value = f"[cluster {values['cluster']}] {value}"
        out.append("" if value is None else str(value))
    return out


def table_lines(report: Report) -> list[str]:
    """A plain-text table, one line per file."""
    header = [label for _, label in COLUMNS]
    body = [display_cells(v) for v in rows(report)]
    widths = [max(len(r[i]) for r in [header, *body]) for i in range(len(header))]
    numeric = {i for i, (key, _) in enumerate(COLUMNS) if key not in ("path", "collusion")}

    def fmt(cells: list[str]) -> str:
        parts = [c.rjust(widths[i]) if i in numeric else c.ljust(widths[i]) for i, c in enumerate(cells)]
        return "  ".join(parts).rstrip()

    lines = [fmt(header), "  ".join("-" * w for w in widths)]
    lines += [fmt(cells) for cells in body]
    return lines


def batch_lines(report: Report) -> list[str]:
    """Below the table: who submitted what (when a layout was detected), clusters and top pairs."""
    from ..submitters import describe
    from .collusion import summary_lines

    lines = []
    layouts = describe(report.results)
    if layouts:
        lines.append(f"Submitters: {layouts}; a submitter's own files are never collusion partners.")
    return lines + summary_lines(report.results)


def statistics(report: Report) -> list[tuple[str, str, int]]:
    """(rule, severity, count) across the batch, most frequent first."""
    counts: Counter[tuple[str, str]] = Counter()
    for r in report.results:
        for f in r.findings:
            counts[(f.rule, str(f.severity))] += 1
    return sorted(((rule, sev, n) for (rule, sev), n in counts.items()), key=lambda t: (-t[2], t[0], t[1]))


def statistics_lines(report: Report) -> list[str]:
    from ..checks.base import load_all_rules

    registry = load_all_rules()
    stats = statistics(report)
    if not stats:
        return ["Statistics: no findings."]
    lines = ["Statistics (findings per rule):"]
    for rule, sev, n in stats:
        name = registry[rule].name if rule in registry else ""
        files = sum(1 for r in report.results if any(f.rule == rule for f in r.findings))
        lines.append(f"  {n:5}  {rule}  {sev:7}  {name:24} in {files} file(s)")
    return lines
