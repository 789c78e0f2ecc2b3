"""``--format junit``: JUnit XML for CI test views.

One ``<testsuite>`` per file, one ``<testcase>`` per finding (a ``<failure>``
when the finding reaches the fail level, an ``<error>`` for a file that could
not be checked, otherwise a passing case whose output holds the finding), and
one passing ``<testcase>`` when a file is clean.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET

from ..findings import Finding
from . import Report, relative_path


def _text(f: Finding) -> str:
    where = f"page {f.page}: " if f.page else ""
    return f"{f.rule} ({f.severity}) {where}{f.message}" + (f"\nfix: {f.fix}" if f.fix else "")


def _clean(text: str) -> str:
    """Drop characters XML 1.0 cannot hold (control characters from PDF text)."""
    return "".join(c for c in text if c in "\t\n\r" or (ord(c) >= 0x20 and not 0xD800 <= ord(c) <= 0xDFFF and c not in "\ufffe\uffff"))


def render(report: Report) -> str:
    root = ET.Element("testsuites", name="integrity-check")
    totals = {"tests": 0, "failures": 0, "errors": 0}
    for result in report.results:
        path = relative_path(result.path)
        suite = ET.SubElement(root, "testsuite", name=_clean(path), time=f"{result.seconds:.3f}")
        counts = {"tests": 0, "failures": 0, "errors": 0}
        findings = sorted(result.findings, key=Finding.sort_key)
        for i, f in enumerate(findings, start=1):
            page = f" p. {f.page}" if f.page else ""
            case = ET.SubElement(
                suite, "testcase", classname=_clean(path), name=_clean(f"{f.rule}{page} #{i}: {f.message[:80]}"),
                file=_clean(path), time="0",
            )
            counts["tests"] += 1
            if result.error is not None and f.rule == result.error.code:
                el = ET.SubElement(case, "error", type=f.rule, message=_clean(f.message))
                el.text = _clean(_text(f))
                counts["errors"] += 1
            elif report.fail_on is not None and f.severity >= report.fail_on:
                el = ET.SubElement(case, "failure", type=f.rule, message=_clean(f.message))
                el.text = _clean(_text(f))
                counts["failures"] += 1
            else:
                out = ET.SubElement(case, "system-out")
                out.text = _clean(_text(f))
        if not findings:
            ET.SubElement(suite, "testcase", classname=_clean(path), name="no problems found", file=_clean(path), time="0")
            counts["tests"] += 1
        for key, value in counts.items():
            suite.set(key, str(value))
            totals[key] += value
        suite.set("skipped", "0")
    for key, value in totals.items():
        root.set(key, str(value))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
