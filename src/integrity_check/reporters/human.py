"""``--format human``: per file, each finding with page, code, severity, message and fix."""
from __future__ import annotations

import textwrap

from ..findings import FileResult, Finding, Severity
from . import Report

_COLORS = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.INFO: "36"}
# Metric name -> label and formatter, in display order; absent metrics are skipped.
_METRICS = (
    ("pages", "pages", "{}"),
    ("content_pages", "content pages", "{}"),
    ("words", "words", "{}"),
    ("mode", "mode", "{}"),
    ("columns", "columns", "{}"),
    ("body_font_size", "body", "{:g} pt"),
    ("quoted_pct", "quoted", "{:.1f}%"),
    ("own_words_pct", "own words", "{:.1f}%"),
    ("similarity_pct", "similarity", "{:.1f}%"),
    ("template_words", "template", "{} words"),
)


def _paint(text: str, code: str, color: bool) -> str:
    return f"\033[{code}m{text}\033[0m" if color else text


def metrics_line(result: FileResult) -> str:
    parts = []
    for key, label, fmt in _METRICS:
        value = result.metrics.get(key)
        if value is not None:
            parts.append(f"{label} {fmt.format(value)}")
    return " · ".join(parts)


def _finding_lines(f: Finding, color: bool) -> list[str]:
    page = f"p.{f.page}" if f.page else "—"
    sev = _paint(f"{str(f.severity):7}", _COLORS[f.severity], color)
    head = f"  {page:>5}  {sev}  {_paint(f.rule, '1', color)}  "
    indent = " " * 27
    lines = textwrap.wrap(f.message, width=100, initial_indent=head, subsequent_indent=indent)
    if f.fix:
        lines += textwrap.wrap(f"fix: {f.fix}", width=100, initial_indent=indent, subsequent_indent=indent + "     ")
    return lines


def render(report: Report) -> str:
    color = bool(report.options.get("color"))
    quiet = bool(report.options.get("quiet"))
    out: list[str] = []
    for result in report.results:
        if quiet and not result.findings:
            continue
        status = ""
        if not result.findings:
            status = "  " + _paint("no problems found", "32", color)
        out.append(_paint(result.path, "1", color) + status)
        for f in sorted(result.findings, key=Finding.sort_key):
            out.extend(_finding_lines(f, color))
        if not quiet and result.error is None:
            line = metrics_line(result)
            if line:
                out.append("  " + line)
        for png in result.annotations:
            out.append(f"  picture: {png}")
        out.append("")
    if len(report.results) > 1 and not quiet:  # the batch table (reporters/summary.py)
        from .summary import batch_lines, table_lines

        extra = batch_lines(report)
        out.extend(table_lines(report) + [""] + (extra + [""] if extra else []))
    if report.options.get("statistics"):
        from .summary import statistics_lines

        out.extend(statistics_lines(report) + [""])
    summary = report.summary()
    verdict = f"Found {report.verdict()}."
    if summary["unreadable"]:
        verdict += f" {summary['unreadable']} file(s) could not be checked."
    if summary["similarity_unchecked"]:
        verdict += (f" Similarity was not checked for {summary['similarity_unchecked']} file(s): the corpus "
                    "index failed (IDX findings).")
    if not quiet or summary["errors"] or summary["warnings"]:
        out.append(verdict)
    if not quiet and summary["errors"]:
        out.append("Run 'integrity-check explain CODE' for what a rule checks and how to fix it.")
    return "\n".join(out).rstrip("\n") + "\n"
