"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Rules (``tool.driver.rules``) come from the rule classes: id, name, short and
full description, help (the ``explain`` text) and the default level. Results
carry ruleId/ruleIndex, level, a message that names the page, the file as an
artifact URI relative to the working directory (``%SRCROOT%``), a region at
line 1 (a PDF has no text lines; GitHub needs a start line), stable
``partialFingerprints`` (rule, page, message, occurrence) and the page and box
in ``properties``.
"""
from __future__ import annotations

import hashlib
import json

from ..findings import Finding, Severity
from . import Report, relative_path

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/integrity-check/integrity-check"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
FINGERPRINT_KEY = "integrityCheckFinding/v1"


def _rule_descriptor(cls) -> dict:
    doc = cls.documentation()
    what = cls.doc_sections().get("What it checks") or doc  # the standard shape's first section
    first_paragraph = what.split("\n\n")[0].replace("\n", " ").strip()
    help_text = doc + (f"\n\nFix: {cls.fix}" if cls.fix else "")
    return {
        "id": cls.code,
        "name": cls.name,
        "shortDescription": {"text": cls.summary},
        "fullDescription": {"text": first_paragraph},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": LEVELS[cls.severity]},
        "properties": {"tags": ["integrity-check", cls.family], "precision": "high"},
    }


def fingerprint(f: Finding, occurrence: int) -> str:
    key = "\x1f".join([f.rule, str(f.page or 0), " ".join(f.message.split()), str(occurrence)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def as_dict(report: Report) -> dict:
    from ..checks.base import load_all_rules

    registry = load_all_rules()
    used = {f.rule for r in report.results for f in r.findings}
    codes = sorted(set(registry) | used)
    index = {code: i for i, code in enumerate(codes)}
    rules = []
    for code in codes:
        if code in registry:
            rules.append(_rule_descriptor(registry[code]))
        else:  # a finding from a rule this build does not know (should not happen)
            text = f"Rule {code} (not known to this version of integrity-check)."
            rules.append(
                {
                    "id": code,
                    "name": code.lower(),
                    "shortDescription": {"text": text},
                    "fullDescription": {"text": text},
                    "help": {"text": f"Run 'integrity-check explain {code}'."},
                    "defaultConfiguration": {"level": "warning"},
                }
            )
    results = []
    artifacts = []
    for result in report.results:
        uri = relative_path(result.path)
        artifacts.append({"location": {"uri": uri, "uriBaseId": "%SRCROOT%"}, "mimeType": "application/pdf"})
        seen: dict[tuple, int] = {}
        for f in sorted(result.findings, key=Finding.sort_key):
            ident = (f.rule, f.page, f.message)
            seen[ident] = seen.get(ident, 0) + 1
            where = f"p. {f.page}: " if f.page else ""
            text = f"{where}{f.message}" + (f" Fix: {f.fix}" if f.fix else "")
            props: dict = {"page": f.page, "severity": str(f.severity)}
            if f.bbox is not None:
                props["bbox"] = [round(v, 2) for v in f.bbox]
            results.append(
                {
                    "ruleId": f.rule,
                    "ruleIndex": index[f.rule],
                    "level": LEVELS[f.severity],
                    "message": {"text": text},
                    "locations": [
                        {
                            "physicalLocation": {
                                "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%", "index": len(artifacts) - 1},
                                "region": {"startLine": 1},
                            }
                        }
                    ],
                    "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f, seen[ident])},
                    "properties": props,
                }
            )
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "integrity-check",
                        "version": report.version,
                        "semanticVersion": report.version,
                        "informationUri": INFORMATION_URI,
                        "rules": rules,
                    }
                },
                "automationDetails": {"id": f"integrity-check/{report.pack_name}/"},
                "artifacts": artifacts,
                "results": results,
                "columnKind": "unicodeCodePoints",
                "invocations": [{"executionSuccessful": True}],
                "properties": {"rulePack": report.pack_name},
            }
        ],
    }


def render(report: Report) -> str:
    return json.dumps(as_dict(report), indent=2, ensure_ascii=False) + "\n"
