"""Submission identity: LMS layouts (Canvas, Moodle, a folder per student) and --submitter-pattern.
A student's own earlier work is not collusion (a note at most); the same text across two students is."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from integrity_check.packs import load_pack
from integrity_check.reporters import Report, render
from integrity_check.runner import RunOptions, check_paths
from integrity_check.submitters import assign

from .conftest import run_cli
from .texts import SHARED, own_text


def _write(path: Path, *paragraphs: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return str(path)


def _layout(root: Path, ann_mid: Path, ann_final: Path, bob_final: Path) -> list[str]:
    """Ann reuses a paragraph of her mid-term in her final; Ann's and Bob's finals share another."""
    return [
        _write(ann_mid, own_text(1), SHARED[0], own_text(2)),
        _write(ann_final, own_text(3), SHARED[0], own_text(4), SHARED[1], own_text(5)),
        _write(bob_final, own_text(6), SHARED[1], own_text(7)),
    ]


def _check(paths: list[str], **options):
    run = RunOptions(load_pack("ce7454"), options=options, processes=2)
    return {r.path: r for r in check_paths(paths, run)}


def _partners(result) -> tuple[set[str], set[str]]:
    """(collusion partners, same-submitter notes) of one file, by file name."""
    sim = [f for f in result.findings if f.rule == "SIM003"]
    errors = {Path(f.data["other"]).name for f in sim if f.severity.name == "ERROR"}
    notes = {Path(f.data["other"]).name for f in sim if f.severity.name == "INFO" and f.data.get("same_submitter")}
    return errors, notes


def _assert_own_reuse_is_a_note_and_shared_text_is_collusion(results, ann_mid, ann_final, bob_final):
    assert _partners(results[ann_mid]) == (set(), {Path(ann_final).name})
    assert _partners(results[ann_final]) == ({Path(bob_final).name}, {Path(ann_mid).name})
    assert _partners(results[bob_final]) == ({Path(ann_final).name}, set())
    assert results[ann_mid].submitter == results[ann_final].submitter != results[bob_final].submitter


def test_canvas_layout(tmp_path):
    folder = tmp_path / "canvas"
    paths = _layout(folder, folder / "smithann_1001_5001_midterm.txt", folder / "smithann_LATE_1001_5002_final.txt",
                    folder / "jonesbob_1002_5003_final.txt")
    results = _check(paths)
    _assert_own_reuse_is_a_note_and_shared_text_is_collusion(results, *paths)
    assert results[paths[0]].submitter == "smithann (1001)"
    report = Report(list(results.values()), "ce7454", None, "test")
    rows = {r["path"]: r for r in csv.DictReader(io.StringIO(render("csv", report)))}
    assert rows[paths[1]]["submitter"] == "smithann (1001)" and rows[paths[1]]["collusion_with"] == paths[2]
    files = {f["path"]: f for f in json.loads(render("json", report))["files"]}
    assert files[paths[2]]["submitter"] == "jonesbob (1002)"
    assert "Canvas export" in render("human", report)


def test_moodle_layout(tmp_path):
    folder = tmp_path / "moodle"
    ann = folder / "Ann Smith_123456_assignsubmission_file_"
    paths = _layout(folder, ann / "midterm.txt", ann / "final.txt",
                    folder / "Bob Jones_654321_assignsubmission_file_" / "final.txt")
    results = _check(paths)
    _assert_own_reuse_is_a_note_and_shared_text_is_collusion(results, *paths)
    assert results[paths[0]].submitter == "Ann Smith (123456)"


def test_folder_per_student_with_pdfs(tmp_path):
    import pdf_factory as F

    folder = tmp_path / "submissions"
    texts = {
        "ann/midterm.pdf": [own_text(11, 80), SHARED[0], own_text(12, 80)],
        "ann/final.pdf": [own_text(13, 80), SHARED[0], own_text(14, 80), SHARED[1]],
        "bob/final.pdf": [own_text(15, 80), SHARED[1], own_text(16, 80)],
    }
    for k, (name, paragraphs) in enumerate(texts.items()):
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        padding = [own_text(1000 + 50 * k + i, 70) for i in range(20)]
        F.make_report(folder / name, text_paragraphs=[*paragraphs, *padding], pages_of_content=1,
                      n_references=2, abstract=False)
    proc = run_cli(str(folder), "--format", "json", "--no-progress", "--processes", "2")
    files = {Path(f["path"]).relative_to(folder).as_posix(): f for f in json.loads(proc.stdout)["files"]}
    sim = {name: sorted((Path(x["data"]["other"]).relative_to(folder).as_posix(), x["severity"])
                        for x in f["findings"] if x["rule"] == "SIM003") for name, f in files.items()}
    assert sim == {
        "ann/midterm.pdf": [("ann/final.pdf", "info")],
        "ann/final.pdf": [("ann/midterm.pdf", "info"), ("bob/final.pdf", "error")],
        "bob/final.pdf": [("ann/final.pdf", "error")],
    }
    assert {name: f["submitter"] for name, f in files.items()} == {
        "ann/midterm.pdf": "ann", "ann/final.pdf": "ann", "bob/final.pdf": "bob"}


def test_submitter_pattern_on_the_command_line(tmp_path):
    folder = tmp_path / "flat"
    paths = _layout(folder, folder / "s01-midterm.txt", folder / "s01-final.txt", folder / "s02-final.txt")
    proc = run_cli(*paths, "--submitter-pattern", r"(?P<submitter>s\d+)-", "--format", "json", "--no-progress")
    files = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
    assert [f["submitter"] for f in files.values()] == ["s01", "s01", "s02"]
    notes = [x for x in files["s01-final.txt"]["findings"] if x["rule"] == "SIM003"]
    assert sorted((Path(x["data"]["other"]).name, x["severity"]) for x in notes) == [
        ("s01-midterm.txt", "info"), ("s02-final.txt", "error")]
    # without the pattern the two files of s01 are two submitters: their shared text is collusion
    proc = run_cli(*paths, "--format", "json", "--no-progress")
    files = {Path(f["path"]).name: f for f in json.loads(proc.stdout)["files"]}
    assert {x["severity"] for x in files["s01-midterm.txt"]["findings"] if x["rule"] == "SIM003"} == {"error"}


def test_a_bad_submitter_pattern_is_a_usage_error(tmp_path):
    path = _write(tmp_path / "a.txt", own_text(1))
    proc = run_cli(path, "--submitter-pattern", "(unclosed", "--no-progress")
    assert proc.returncode == 2 and "--submitter-pattern" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("names, expected", [
    # Canvas: only when the whole folder is named so (a chance fit stays its own submitter)
    (["x/smithann_1001_5001_a.pdf", "x/smithann_LATE_1001_5002_b.pdf"], ["smithann (1001)", "smithann (1001)"]),
    (["x/lab_2023_10_notes.pdf", "x/lab_2023_10_final.pdf", "x/report.pdf"],
     ["x/lab_2023_10_notes.pdf", "x/lab_2023_10_final.pdf", "x/report.pdf"]),
    # one folder per student, but a folder per section holds a class, not a student
    (["s/ann/a.pdf", "s/ann/b.pdf", "s/bob/a.pdf"], ["ann", "ann", "bob"]),
    ([f"s/sec{k}/r{i}.pdf" for k in (1, 2) for i in range(6)], [f"s/sec{k}/r{i}.pdf" for k in (1, 2) for i in range(6)]),
    # files right in the folder: each its own
    (["s/a.pdf", "s/b.pdf"], ["s/a.pdf", "s/b.pdf"]),
])
def test_layout_detection(names, expected):
    found = assign(names)
    assert [found[n][0] for n in names] == expected
