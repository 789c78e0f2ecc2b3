"""Structure of the CI formats: SARIF 2.1.0, JUnit XML, GitHub workflow commands, CSV, summary."""
from __future__ import annotations

import csv
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest

from integrity_check.findings import FileResult, Finding, InputError, Severity
from integrity_check.reporters import FORMATS, Report, render

from .conftest import run_cli

TRICKY = "50% of page 2: quoted, uncited\nline two\r"


def _report(fail_on=Severity.ERROR) -> Report:
    a = FileResult(
        path="subs/a,b:c.pdf",
        findings=[
            Finding("FMT002", Severity.ERROR, "Content runs to page 5.", page=5, bbox=(10, 20, 30, 40), fix="Cut 20 lines."),
            Finding("QUO001", Severity.WARNING, TRICKY, page=2),
            Finding("SIM003", Severity.ERROR, "shares 40% with subs/other.pdf", page=1, data={"other": "subs/other.pdf"}),
        ],
        metrics={"pages": 5, "content_pages": 5, "quoted_pct": 12.345, "similarity_pct": 40.0},
    )
    clean = FileResult(path="subs/clean.pdf", metrics={"pages": 4, "content_pages": 3})
    broken = FileResult(
        path="subs/broken.pdf",
        findings=[Finding("INP001", Severity.ERROR, "not a PDF")],
        error=InputError("INP001", "not a PDF"),
    )
    other = FileResult(
        path="subs/other.pdf",
        findings=[Finding("SIM003", Severity.ERROR, "shares 40% with subs/a,b:c.pdf", page=1, data={"other": "subs/a,b:c.pdf"})],
        metrics={"pages": 4},
    )
    return Report(results=[a, broken, clean, other], pack_name="ce7454", fail_on=fail_on, version="0.1.0")


def test_every_format_is_registered():
    assert {"human", "json", "csv", "sarif", "junit", "github", "html"} <= set(FORMATS)


# -- SARIF -------------------------------------------------------------------------------
LEVELS = {"none", "note", "warning", "error"}


def test_sarif_structure_matches_the_2_1_0_schema_key_parts():
    log = json.loads(render("sarif", _report()))
    assert log["version"] == "2.1.0"
    assert log["$schema"].endswith("sarif-2.1.0.json")
    assert isinstance(log["runs"], list) and len(log["runs"]) == 1
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "integrity-check" and driver["version"] == "0.1.0"
    ids = [r["id"] for r in driver["rules"]]
    assert len(ids) == len(set(ids))
    for rule in driver["rules"]:
        assert re.fullmatch(r"[A-Z]{3}\d{3}", rule["id"])
        assert rule["name"]
        for key in ("shortDescription", "fullDescription", "help"):
            assert isinstance(rule[key]["text"], str) and rule[key]["text"].strip()
        assert rule["defaultConfiguration"]["level"] in LEVELS
    assert {"INP001", "INP004", "FMT001", "FMT002"} <= set(ids)
    results = run["results"]
    assert len(results) == 5
    fingerprints = set()
    for res in results:
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in LEVELS
        assert isinstance(res["message"]["text"], str) and res["message"]["text"]
        (loc,) = res["locations"]
        phys = loc["physicalLocation"]
        assert not phys["artifactLocation"]["uri"].startswith("/")
        assert phys["region"]["startLine"] >= 1
        fp = res["partialFingerprints"]
        assert fp and all(isinstance(v, str) and v for v in fp.values())
        fingerprints.add(tuple(fp.values()))
        assert "page" in res["properties"]
    assert len(fingerprints) == len(results)  # distinct results, distinct fingerprints
    fmt = next(r for r in results if r["ruleId"] == "FMT002")
    assert "p. 5" in fmt["message"]["text"] and fmt["properties"]["page"] == 5
    assert fmt["properties"]["bbox"] == [10, 20, 30, 40]
    assert fmt["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "subs/a,b:c.pdf"
    # artifact indexes point at the right artifact
    for res in results:
        art = res["locations"][0]["physicalLocation"]["artifactLocation"]
        assert run["artifacts"][art["index"]]["location"]["uri"] == art["uri"]


def test_sarif_fingerprints_are_stable():
    one = json.loads(render("sarif", _report()))["runs"][0]["results"]
    two = json.loads(render("sarif", _report()))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in one] == [r["partialFingerprints"] for r in two]


# -- JUnit -------------------------------------------------------------------------------
def test_junit_is_valid_xml_with_one_suite_per_file():
    root = ET.fromstring(render("junit", _report()).encode("utf-8"))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["subs/a,b:c.pdf", "subs/broken.pdf", "subs/clean.pdf", "subs/other.pdf"]
    a, broken, clean, other = suites
    assert len(a.findall("testcase")) == 3 and a.get("tests") == "3"
    assert a.get("failures") == "2"  # two errors fail; the warning passes (fail-on error)
    assert len(a.findall("testcase/failure")) == 2
    assert broken.find("testcase/error").get("type") == "INP001" and broken.get("errors") == "1"
    (case,) = clean.findall("testcase")
    assert case.find("failure") is None and case.find("error") is None
    assert root.get("tests") == "6" and root.get("failures") == "3" and root.get("errors") == "1"


def test_junit_fail_on_warning_and_control_characters():
    report = _report(fail_on=Severity.WARNING)
    report.results[0].findings.append(Finding("QUO002", Severity.WARNING, "bad \x0c char \x00", page=3))
    root = ET.fromstring(render("junit", report).encode("utf-8"))
    assert root.findall("testsuite")[0].get("failures") == "4"


# -- GitHub ------------------------------------------------------------------------------
def test_github_annotations_are_escaped_per_the_spec():
    lines = render("github", _report()).splitlines()
    annotations = [ln for ln in lines if ln.startswith("::")]
    assert len(annotations) == 5
    for ln in annotations:
        m = re.fullmatch(r"::(error|warning|notice) file=([^,:]+),title=([^,:]+)::(.*)", ln)
        assert m, ln
        assert "\n" not in ln and "\r" not in ln
    fmt = next(a for a in annotations if "FMT002" in a)
    assert fmt.startswith("::error file=subs/a%2Cb%3Ac.pdf,title=FMT002 (p. 5)::Content runs to page 5.%0Afix: Cut 20 lines.")
    quo = next(a for a in annotations if "QUO001" in a)
    assert quo.startswith("::warning ")
    assert quo.endswith("::50%25 of page 2: quoted, uncited%0Aline two%0D")
    inp = next(a for a in annotations if "INP001" in a)
    assert "title=INP001::" in inp  # no page


# -- CSV and the summary table ---------------------------------------------------------------
def test_csv_has_one_row_per_file_with_the_summary_columns():
    rows = list(csv.DictReader(io.StringIO(render("csv", _report()))))
    assert [r["path"] for r in rows] == ["subs/a,b:c.pdf", "subs/broken.pdf", "subs/clean.pdf", "subs/other.pdf"]
    a, broken, clean, other = rows
    assert set(a) >= {"path", "ok", "error", "pages", "content_pages", "quoted_pct", "similarity_pct", "errors", "warnings", "collusion_with", "rules"}
    assert a["errors"] == "2" and a["warnings"] == "1" and a["quoted_pct"] == "12.35" and a["ok"] == "false"
    assert a["collusion_with"] == "subs/other.pdf" and other["collusion_with"] == "subs/a,b:c.pdf"
    assert a["rules"] == "FMT002 x1; QUO001 x1; SIM003 x1"
    assert broken["error"] == "INP001" and broken["pages"] == ""
    assert clean["ok"] == "true" and clean["errors"] == "0"


def test_human_output_shows_the_table_and_statistics_for_a_batch():
    report = _report()
    report.options["statistics"] = True
    text = render("human", report)
    assert re.search(r"file\s+pages\s+content\s+quoted %\s+similar %\s+errors\s+warnings\s+collusion with", text)
    assert re.search(r"subs/a,b:c\.pdf\s+5\s+5\s+12\.3\s+40\.0\s+2\s+1\s+other\.pdf", text)
    assert "subs/broken.pdf (INP001)" in text
    assert re.search(r"2\s+SIM003\s+error", text)
    single = Report(results=[report.results[2]], pack_name="ce7454", fail_on=Severity.ERROR, version="0")
    assert "content" not in render("human", single).splitlines()[0]
    assert "collusion with" not in render("human", single)


# -- end to end ------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "sarif", "junit", "github", "json"])
def test_formats_end_to_end(fmt, reports, tmp_path):
    out = tmp_path / f"report.{fmt}"
    proc = run_cli(str(reports["clean"]), str(reports["long"]), "--format", fmt, "--output", str(out), "--no-progress", "-j", "2")
    assert proc.returncode == 1, proc.stderr  # bob-long breaks the page limit
    text = out.read_text(encoding="utf-8")
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["path"] for r in rows] == [str(reports["clean"]), str(reports["long"])]
        assert int(rows[1]["errors"]) >= 1 and "FMT002 x1" in rows[1]["rules"]
    elif fmt in ("sarif", "json"):
        data = json.loads(text)
        if fmt == "sarif":
            assert "FMT002" in [r["ruleId"] for r in data["runs"][0]["results"]]
        else:
            assert [f["path"] for f in data["files"]] == [str(reports["clean"]), str(reports["long"])]
            assert "FMT002" in [f["rule"] for f in data["files"][1]["findings"]]
    elif fmt == "junit":
        root = ET.fromstring(text.encode())
        assert int(root.get("failures")) >= 1
        assert root.findall("testsuite")[1].find("testcase/failure[@type='FMT002']") is not None
    else:
        assert "::error file=" in text and "title=FMT002 (p. 5)::" in text
        assert all(ln.startswith("::") for ln in text.splitlines()[:-1])


def test_statistics_goes_to_stderr_for_machine_formats(reports):
    proc = run_cli(str(reports["clean"]), str(reports["long"]), "--format", "json", "--statistics", "--no-progress")
    data = json.loads(proc.stdout)
    assert {"rule": "FMT002", "severity": "error", "count": 1} in data["statistics"]
    assert "FMT002" in proc.stderr and "page-limit" in proc.stderr
