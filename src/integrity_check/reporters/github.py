"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

``::error file=PATH,title=CODE (p. N)::message`` (warning, notice for the
other severities). Escaping follows the workflow-command rules: in the
message ``%``, ``\\r`` and ``\\n`` become ``%25``, ``%0D`` and ``%0A``; in
property values ``:`` and ``,`` also become ``%3A`` and ``%2C``.
"""
from __future__ import annotations

from ..findings import Finding, Severity
from . import Report, relative_path

LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(path: str, f: Finding) -> str:
    title = f"{f.rule} (p. {f.page})" if f.page else f.rule
    message = f.message + (f"\nfix: {f.fix}" if f.fix else "")
    props = f"file={escape_property(relative_path(path))},title={escape_property(title)}"
    return f"::{LEVELS[f.severity]} {props}::{escape_data(message)}"


def render(report: Report) -> str:
    lines = []
    for result in report.results:
        for f in sorted(result.findings, key=Finding.sort_key):
            lines.append(annotation(result.path, f))
    s = report.summary()
    lines.append(
        f"integrity-check: {s['errors']} error(s), {s['warnings']} warning(s) in {s['files']} file(s)"
        f" with the {report.pack_name} rules"
    )
    return "\n".join(lines) + "\n"
