"""The command line as a user meets it: verdicts, exit codes, the JSON contract, bad input."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, shared_pdf

EXAMPLE = ROOT / "examples" / "report.pdf"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "integrity_check", *args],
        capture_output=True, text=True, cwd=cwd, timeout=300,
    )


def run_json(*args: str, cwd: Path | None = None) -> tuple[int, dict]:
    proc = run(*args, "--format", "json", cwd=cwd)
    assert "Traceback" not in proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_bundled_example_is_clean():
    proc = run(str(EXAMPLE))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no problems found" in proc.stdout  # the demo a student sees first is clean
    assert "content pages 3" in proc.stdout


def test_json_contract_schema_1():
    code, report = run_json(str(shared_pdf("cvpr2026-kit-final.pdf")))
    assert code == 1
    assert report["tool"] == "integrity-check" and report["schema"] == 1 and report["version"]
    (file,) = report["files"]
    assert set(file) >= {"path", "ok", "error", "metrics", "findings"}
    assert file["ok"] is False and file["error"] is None
    metrics = file["metrics"]
    assert metrics["pages"] == 5 and metrics["content_pages"] == 5
    assert metrics["paper"] == [612.0, 792.0] and metrics["words"] > 2000
    fmt002 = [f for f in file["findings"] if f["rule"] == "FMT002"]
    assert len(fmt002) == 1
    f = fmt002[0]
    assert f["severity"] == "error" and f["page"] == 5 and len(f["bbox"]) == 4
    assert "limit is 4 pages" in f["message"]
    assert report["summary"]["files"] == 1 and report["summary"]["errors"] >= 1


def test_human_output_names_page_code_and_fix():
    proc = run(str(shared_pdf("cvpr2026-kit-final.pdf")))
    assert proc.returncode == 1
    line = next(ln for ln in proc.stdout.splitlines() if "FMT002" in ln)
    assert "p.5" in line and "error" in line
    assert "fix:" in proc.stdout


def test_cvpr_pack_allows_eight_pages():
    code, report = run_json(str(shared_pdf("cvpr2026-kit-final.pdf")), "--rules", "cvpr")
    assert not [f for f in report["files"][0]["findings"] if f["rule"] == "FMT002"]


def test_fail_on_levels():
    pdf = str(shared_pdf("cvpr2026-kit-final.pdf"))
    assert run(pdf, "--fail-on", "never", "-q").returncode == 0
    assert run(pdf, "--fail-on", "error", "-q").returncode == 1


@pytest.mark.parametrize(
    "content, code",
    [(b"", "INP001"), (b"hello, this is not a PDF\n", "INP001"), (b"%PDF-1.4\n1 0 obj\n<<", "INP001")],
)
def test_bad_single_input_is_one_line_and_exit_2(tmp_path, content, code):
    bad = tmp_path / "report.pdf"
    bad.write_bytes(content)
    proc = run(str(bad), "--format", "json")
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    file = json.loads(proc.stdout)["files"][0]
    assert file["ok"] is False and file["error"]["code"] == code
    assert "\n" not in file["error"]["message"]
    human = run(str(bad))
    assert human.returncode == 2 and code in human.stdout and "Traceback" not in human.stderr


def test_encrypted_and_image_only(tmp_path):
    import pdf_factory

    enc = pdf_factory.make_report(tmp_path / "enc.pdf", encrypt=True)
    img = pdf_factory.make_image_only_pdf(tmp_path / "img.pdf")
    blank = pdf_factory.make_blank_pdf(tmp_path / "blank.pdf")
    for path, code in ((enc, "INP002"), (img, "INP003"), (blank, "INP003")):
        rc, report = run_json(str(path))
        assert rc == 2 and report["files"][0]["error"]["code"] == code


def test_batch_goes_on_after_a_bad_file(tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "a-broken.pdf").write_bytes(b"%PDF-1.7 truncated")
    good = folder / "b-good.pdf"
    good.write_bytes(EXAMPLE.read_bytes())
    rc, report = run_json(str(folder))
    assert rc == 1  # the broken file is an error finding, the run itself worked
    paths = [Path(f["path"]).name for f in report["files"]]
    assert paths == ["a-broken.pdf", "b-good.pdf"]
    assert report["files"][0]["error"]["code"] == "INP001"
    assert report["files"][1]["ok"] is True


def test_usage_errors_exit_2_with_one_line(tmp_path):
    pdf = str(EXAMPLE)
    for args in (
        (pdf, "--rules", "no-such-pack"),
        (pdf, "--format", "yaml"),
        (pdf, "--fail-on", "sometimes"),
        (str(tmp_path / "missing.pdf"),),
        ("explain", "XYZ999"),
    ):
        proc = run(*args)
        assert proc.returncode == 2, args
        assert "Traceback" not in proc.stderr
        assert proc.stderr.strip().count("\n") == 0 or "Usage" in proc.stderr, proc.stderr


def test_output_file_is_written_and_inputs_are_never_overwritten(tmp_path):
    out = tmp_path / "report.json"
    proc = run(str(EXAMPLE), "--format", "json", "--output", str(out))
    assert proc.returncode == 0 and proc.stdout == ""
    assert json.loads(out.read_text())["files"][0]["ok"] is True
    copy = tmp_path / "mine.pdf"
    copy.write_bytes(EXAMPLE.read_bytes())
    before = copy.read_bytes()
    proc = run(str(copy), "--output", str(copy))
    assert proc.returncode == 2 and "overwrite" in proc.stderr
    assert copy.read_bytes() == before


def test_rules_and_explain():
    proc = run("rules")
    assert proc.returncode == 0
    assert "FMT002" in proc.stdout and "max_pages=4" in proc.stdout
    proc = run("explain", "fmt002")
    assert proc.returncode == 0 and "references do not count" in proc.stdout.lower()
    assert "max_pages" in proc.stdout


def test_folder_config_chooses_pack_and_parameters(tmp_path):
    pdf = tmp_path / "kit.pdf"
    pdf.write_bytes(shared_pdf("cvpr2026-kit-final.pdf").read_bytes())
    (tmp_path / "integrity-check.toml").write_text('rules = "cvpr"\n')
    rc, report = run_json(str(pdf), cwd=tmp_path)
    assert not [f for f in report["files"][0]["findings"] if f["rule"] == "FMT002"]
    (tmp_path / "integrity-check.toml").unlink()
    (tmp_path / "pyproject.toml").write_text("[tool.integrity-check.rules.FMT002]\nmax_pages = 3\n")
    rc, report = run_json(str(pdf), cwd=tmp_path)
    (f,) = [f for f in report["files"][0]["findings"] if f["rule"] == "FMT002"]
    assert "limit is 3 pages" in f["message"]


def test_pack_file_with_a_bad_parameter_is_a_usage_error(tmp_path):
    pack = tmp_path / "mine.toml"
    pack.write_text('extends = "cvpr"\n[rules.FMT002]\nmax_pagez = 3\n')
    proc = run(str(EXAMPLE), "--rules", str(pack))
    assert proc.returncode == 2 and "max_pagez" in proc.stderr


def test_plain_text_input_keeps_offsets(tmp_path):
    text = "First paragraph of the essay.\n\nSecond one, with caf\u00e9 and \u201cquotes\u201d.\n"
    path = tmp_path / "essay.txt"
    path.write_text(text, encoding="utf-8")
    from integrity_check.extract import load_document

    doc = load_document(path)
    assert doc.body_text == text
    assert [text[w.start:w.end] for w in doc.body_words] == text.split()
    cp = tmp_path / "win.txt"
    cp.write_bytes("Na\u00efve r\u00e9sum\u00e9 \u2013 done".encode("cp1252"))
    assert load_document(cp).body_text == "Na\u00efve r\u00e9sum\u00e9 \u2013 done"


# -- --output: never replaces a device or a FIFO ---------------------------------------------


def _essay(tmp_path: Path) -> Path:
    essay = tmp_path / "essay.txt"
    essay.write_text("A short essay. It has two sentences.\n", encoding="utf-8")
    return essay


def _fake_device(path: Path, minor: int) -> Path:
    """A character device node like /dev/null (1, 3) or /dev/full (1, 7), in a temp folder."""
    import os
    import stat

    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except (PermissionError, AttributeError) as exc:
        pytest.skip(f"mknod is not permitted here ({exc}); the device test needs root or CAP_MKNOD")
    return path


def test_output_to_a_device_writes_into_it_and_keeps_the_device(tmp_path):
    import stat

    null = _fake_device(tmp_path / "null", 3)
    proc = run(str(_essay(tmp_path)), "--format", "json", "--output", str(null))
    assert proc.returncode == 0, proc.stderr
    assert stat.S_ISCHR(null.stat().st_mode)  # still the device, not a JSON file
    full = _fake_device(tmp_path / "full", 7)  # every write fails with "no space left"
    proc = run(str(_essay(tmp_path)), "--format", "json", "--output", str(full))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.startswith("integrity-check: error: cannot write") and proc.stderr.count("\n") == 1
    assert json.loads(proc.stdout)["summary"]["files"] == 1  # the results are not lost
    assert stat.S_ISCHR(full.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["essay.txt", "full", "null"]  # no temp files left


def test_output_to_a_fifo_streams_into_it(tmp_path):
    import os
    import stat
    import time

    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader, so the writer's open does not block
    proc = subprocess.Popen(
        [sys.executable, "-m", "integrity_check", str(_essay(tmp_path)), "-f", "json", "-o", str(fifo)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    received = b""
    try:
        while True:
            try:
                chunk = os.read(reader, 65536)
            except BlockingIOError:
                chunk = b""
            received += chunk
            if not chunk:
                if proc.poll() is not None:
                    received += os.read(reader, 1 << 20)  # what the writer left before it exited
                    break
                time.sleep(0.02)
    finally:
        os.close(reader)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert json.loads(received.decode("utf-8"))["files"][0]["path"].endswith("essay.txt")


def test_output_dash_is_stdout(tmp_path):
    proc = run(str(_essay(tmp_path)), "-f", "json", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0 and json.loads(proc.stdout)["summary"]["files"] == 1
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("case", ["loop", "long-name", "no-folder"])
def test_an_output_path_that_cannot_be_written_stops_before_checking(tmp_path, case):
    loop = tmp_path / "loop.json"
    loop.symlink_to(loop)
    output = {"loop": loop, "long-name": tmp_path / ("n" * 300 + ".json"),
              "no-folder": tmp_path / "missing" / "report.json"}[case]
    proc = run(str(_essay(tmp_path)), "-o", str(output))
    assert proc.returncode == 2 and proc.stdout == "" and "Traceback" not in proc.stderr
    assert proc.stderr.startswith(f"integrity-check: error: --output {output}") and proc.stderr.count("\n") == 1
