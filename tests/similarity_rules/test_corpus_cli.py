"""`integrity-check corpus ...` as a grader uses it, then a check against the built index."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys

import pdf_factory
from .test_sim_rules import INTRO, SOURCE, make


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "integrity_check", *args], capture_output=True, text=True, cwd=cwd)


def test_build_info_add_remove_and_check(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "birds.txt").write_text(SOURCE, encoding="utf-8")
    (docs / "broken.pdf").write_bytes(b"not a pdf at all")
    pdf_factory.make_report(docs / "paper.pdf", pages_of_content=1)
    index = tmp_path / "corpus" / "index.sqlite"

    built = cli("corpus", "build", str(docs), "--corpus", str(index))
    assert built.returncode == 0, built.stderr
    assert "indexed 2 document(s)" in built.stdout and "skipped" in built.stderr and "broken.pdf" in built.stderr

    info = cli("corpus", "info", "--corpus", str(index), "--list")
    assert "documents  2" in info.stdout and "birds.txt" in info.stdout and "num_perm=" in info.stdout

    # the default location is ./corpus/index.sqlite
    report = make(tmp_path, "student.pdf", [INTRO, SOURCE])
    checked = cli(str(report), "--format", "json", cwd=tmp_path)
    findings = json.loads(checked.stdout)["files"][0]["findings"]
    assert any(f["rule"] == "SIM001" and f["data"]["source"] == "birds.txt" for f in findings)

    assert cli("corpus", "remove", "nope.txt", "--corpus", str(index)).returncode == 2
    removed = cli("corpus", "remove", "birds.txt", "--corpus", str(index))
    assert removed.returncode == 0 and "holds 1 document(s)" in removed.stdout

    added = cli("corpus", "add", str(docs / "birds.txt"), "--corpus", str(index), "--fingerprints-only")
    assert added.returncode == 0 and "holds 2 document(s)" in added.stdout
    with sqlite3.connect(index) as db:
        (text,) = db.execute("SELECT text FROM docs WHERE name = 'birds.txt'").fetchone()
    assert text is None  # fingerprints only: no text stored

    checked = cli(str(report), "--format", "json", "--corpus", str(index))
    findings = json.loads(checked.stdout)["files"][0]["findings"]
    (f,) = [f for f in findings if f["rule"] == "SIM001" and f["data"]["source"] == "birds.txt"]
    assert f["data"]["source_text"] is None and "migratory" in f["data"]["text"]


def test_corpus_usage_errors(tmp_path):
    report = tmp_path / "report.pdf"
    report.write_bytes(b"%PDF-1.4 not really")  # never opened: the options fail first
    index, redis = str(tmp_path / "i.sqlite"), "redis://127.0.0.1:1/0"
    for args, says in (
        (("corpus", "info", "--corpus", str(tmp_path / "none.sqlite")), "none.sqlite"),
        (("corpus", "build", str(tmp_path / "missing-dir")), "missing-dir"),
        (("corpus", "add", str(tmp_path / "missing.pdf"), "--corpus", index), "missing.pdf"),
        (("corpus", "info", "--index", "http://example"), "redis:// URL"),
        (("corpus", "info", "--index", redis, "--corpus", index), "not both"),
        ((str(report), "--index", redis, "--corpus", index), "not both"),
        ((str(report), "--index", "http://example"), "redis:// URL"),
    ):
        proc = cli(*args)
        assert proc.returncode == 2 and proc.stderr.startswith("integrity-check: error:"), args
        assert says in proc.stderr and "Traceback" not in proc.stderr, (args, proc.stderr)


def test_folder_config_names_the_corpus_relative_to_itself(tmp_path):
    course = tmp_path / "course"
    (course / "docs").mkdir(parents=True)
    (course / "docs" / "birds.txt").write_text(SOURCE, encoding="utf-8")
    assert cli("corpus", "build", str(course / "docs"), "--corpus", str(course / "idx" / "c.sqlite")).returncode == 0
    (course / "integrity-check.toml").write_text('corpus = "idx/c.sqlite"\n')
    report = make(course, "student.pdf", [INTRO, SOURCE])
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    checked = cli(str(report), "--format", "json", cwd=elsewhere)
    findings = json.loads(checked.stdout)["files"][0]["findings"]
    assert any(f["rule"] == "SIM001" and f["data"]["source"] == "birds.txt" for f in findings)


def test_build_jobs_are_capped_at_the_cores_with_a_warning(tmp_path):
    """`corpus build -j 1000` starts at most one hashing process per core (as --processes)."""
    import os

    docs = tmp_path / "docs"
    docs.mkdir()
    for i in range(3):
        (docs / f"d{i}.txt").write_text(f"Document {i}. " + SOURCE, encoding="utf-8")
    out = cli("corpus", "build", str(docs), "--corpus", str(tmp_path / "i.sqlite"), "-j", "1000")
    assert out.returncode == 0, out.stderr
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if cores < 1000:
        assert f"--jobs 1000 is more than the {cores} core(s) available; using {cores}" in out.stderr
    assert "indexed 3 document(s)" in out.stdout
