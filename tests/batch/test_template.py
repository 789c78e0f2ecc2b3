"""--template and the folder configuration's ``template``: real PDFs built from a course template
plus each student's own text. Template text is never a match; a copied paragraph still is."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from integrity_check.packs import load_pack
from integrity_check.runner import RunOptions, check_paths

from .conftest import run_cli
from .texts import SHARED, TEMPLATE, own_text

STUDENTS = ("ann", "ben", "dora", "emil")  # dora and emil also share a copied paragraph


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    import pdf_factory as F

    root = tmp_path_factory.mktemp("course")
    subs = root / "submissions"
    subs.mkdir()
    # the handed-out template: the factory's abstract, the instructions and the factory's filler
    F.make_report(root / "template.pdf", text_paragraphs=list(TEMPLATE), pages_of_content=1, n_references=2)
    for k, name in enumerate(STUDENTS):
        own = [own_text(100 * k + i, 70) for i in range(20)]
        kept = [TEMPLATE[0], own[0], TEMPLATE[1], own[1], TEMPLATE[2], own[2]]
        if name in ("dora", "emil"):
            kept.insert(3, SHARED[0])
        F.make_report(subs / f"{name}.pdf", text_paragraphs=[*kept, *own[3:]], pages_of_content=1, n_references=2)
    return root


def _sim003(files: list[dict]) -> dict[str, set[str]]:
    return {Path(f["path"]).stem: {Path(x["data"]["other"]).stem for x in f["findings"]
                                   if x["rule"] == "SIM003" and x["severity"] == "error"} for f in files}


def _others(files: list[dict]) -> dict[str, list]:
    """Every finding except similarity: what the format and text rules saw."""
    return {Path(f["path"]).stem: sorted((x["rule"], x["page"]) for x in f["findings"] if not x["rule"].startswith("SIM"))
            for f in files}


@pytest.fixture(scope="module")
def without_template(course) -> list[dict]:
    run = RunOptions(load_pack("ce7454"), processes=2)
    results = check_paths([str(course / "submissions")], run)
    return [r.to_json() for r in results]


@pytest.fixture(scope="module")
def with_template(course) -> dict:
    proc = run_cli(str(course / "submissions"), "--template", str(course / "template.pdf"),
                   "--format", "json", "--no-progress", "--processes", "2")
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


def test_without_template_the_shared_template_text_is_collusion(without_template):
    # the premise: the template text alone links every pair of students
    assert _sim003(without_template)["ann"] == {"ben", "dora", "emil"}


def test_template_text_is_never_collusion_but_a_copied_paragraph_is(with_template):
    files = with_template["files"]
    assert _sim003(files) == {"ann": set(), "ben": set(), "dora": {"emil"}, "emil": {"dora"}}
    (dora,) = [f for f in files if f["path"].endswith("dora.pdf")]
    (finding,) = [x for x in dora["findings"] if x["rule"] == "SIM003"]
    texts = " ".join(p["text"] for p in finding["data"]["passages"])
    assert "forty epochs" in texts and "template for the course report" not in texts
    assert [(p["a"][-8:], p["b"][-8:]) for p in with_template["collusion"]["pairs"]] == [("dora.pdf", "emil.pdf")]


def test_template_words_are_counted_and_still_count_for_format_rules(with_template, without_template):
    files = with_template["files"]
    for f in files:
        # four instruction paragraphs of the template were kept (three), plus the factory's abstract
        assert f["metrics"]["template_words"] >= 100, f["path"]
        assert "template_words" not in next(g for g in without_template if g["path"] == f["path"])["metrics"]
    before = {Path(f["path"]).stem: f["metrics"]["words"] for f in without_template}
    assert {Path(f["path"]).stem: f["metrics"]["words"] for f in files} == before
    assert _others(files) == _others(without_template)


def test_folder_configuration_template_key(course, tmp_path):
    (course / "integrity-check.toml").write_text('template = "template.pdf"\n', encoding="utf-8")
    try:
        # the whole course folder: the template beside the submissions is no submission
        proc = run_cli(str(course), "--format", "json", "--no-progress", "--processes", "2")
    finally:
        (course / "integrity-check.toml").unlink()
    assert _sim003(json.loads(proc.stdout)["files"]) == {"ann": set(), "ben": set(), "dora": {"emil"}, "emil": {"dora"}}


def test_a_missing_template_is_a_usage_error(course, tmp_path):
    proc = run_cli(str(course / "submissions"), "--template", str(tmp_path / "nope.pdf"), "--no-progress")
    assert proc.returncode == 2 and "--template" in proc.stderr and "Traceback" not in proc.stderr
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    proc = run_cli(str(course / "submissions"), "--template", str(bad), "--no-progress")
    assert proc.returncode == 2 and "bad.pdf" in proc.stderr and "Traceback" not in proc.stderr
