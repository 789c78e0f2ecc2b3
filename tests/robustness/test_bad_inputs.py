"""Bad input gets one clear line with its INP code, never a traceback (issue 2, issue 7).

Each test runs the real CLI in a fresh process; the hostile-input guards of
``extract/pdf.py`` (bomb pre-scan, reference loops, page counts, page sizes,
off-page text) are also tested in-process.
"""
from __future__ import annotations

import random
import zlib

import pytest

from integrity_check.errors import InputRejected
from integrity_check.extract import Limits, load_document

from . import malformed_cases as mc
from .conftest import assert_contained, run_cli


def _one_line_inp(path, code: str) -> str:
    run = run_cli(path, "--format", "json")
    assert_contained(run)
    assert run.code == 2
    assert run.error_code == code, run.file["error"]
    human = run_cli(path)
    assert human.code == 2 and "Traceback" not in human.stderr + human.stdout
    lines = [ln for ln in human.stdout.splitlines() if code in ln]
    assert len(lines) == 1, human.stdout
    return run.file["error"]["message"]


@pytest.mark.parametrize(
    "name, data, code",
    [
        ("empty.pdf", b"", "INP001"),
        ("not-a-pdf.pdf", mc.not_a_pdf("text"), "INP001"),
        ("renamed-docx.pdf", mc.not_a_pdf("zip"), "INP001"),
        ("header-only.pdf", mc.header_only(), "INP001"),
    ],
)
def test_not_a_pdf(tmp_path, name, data, code):
    path = tmp_path / name
    path.write_bytes(data)
    message = _one_line_inp(path, code)
    assert ("empty" in message) == (data == b"")


def test_truncated(tmp_path, sample_source):
    data = sample_source.read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(mc.truncate(data, len(data) // 2))
    _one_line_inp(path, "INP001")


def test_encrypted(tmp_path):
    path = tmp_path / "encrypted.pdf"
    path.write_bytes(mc.reportlab_pdf(encrypt=True))
    assert "password" in _one_line_inp(path, "INP002")


def test_image_only(tmp_path):
    path = tmp_path / "scan.pdf"
    path.write_bytes(mc.image_only_pdf(random.Random(1)))
    assert "image" in _one_line_inp(path, "INP003")


def test_absurd_page_count(tmp_path, sample_source):
    path = tmp_path / "count.pdf"
    path.write_bytes(mc.absurd_count(mc.source_info(sample_source.read_bytes()), 1_000_000))
    assert "1000000 pages" in _one_line_inp(path, "INP004")


def test_too_many_real_pages(tmp_path):
    path = tmp_path / "long.pdf"
    path.write_bytes(mc.reportlab_pdf(pages=101))
    assert "101 pages" in _one_line_inp(path, "INP004")


def test_real_pages_beyond_the_limit_behind_a_low_count(tmp_path):
    # /Count says 3; walking the tree finds more than the limit of 100
    path = tmp_path / "lying.pdf"
    path.write_bytes(mc.absurd_count(mc.source_info(mc.reportlab_pdf(pages=101)), 3))
    assert "the PDF has more than 100 pages, above the limit of 100" in _one_line_inp(path, "INP004")


def test_a_bad_file_in_a_batch_does_not_stop_the_others(tmp_path, sample_source):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"")
    run = run_cli(sample_source, bad, "--format", "json")
    assert run.code in (0, 1) and "Traceback" not in run.stderr
    errors = {f["path"].rsplit("/", 1)[-1]: f["error"] for f in run.report["files"]}
    assert errors[sample_source.name] is None and errors["bad.pdf"]["code"] == "INP001"


# -- the guards in extract/pdf.py, in process ------------------------------------------

def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _rejected(path, limits=None) -> InputRejected:
    with pytest.raises(InputRejected) as info:
        load_document(path, limits)
    assert "\n" not in info.value.message
    return info.value


@pytest.fixture(scope="module")
def info(sample_source):
    return mc.source_info(sample_source.read_bytes())


@pytest.mark.parametrize("where", ["contents", "double", "form"])
def test_decompression_bomb_is_inp004_before_inflating(tmp_path, info, where):
    err = _rejected(_write(tmp_path, "bomb.pdf", mc.bomb(info, where)))
    assert err.code == "INP004" and "inflates" in err.message


def test_stream_limit_is_a_parameter(tmp_path, info):
    path = _write(tmp_path, "bomb.pdf", mc.bomb(info, "contents", size=8 << 20))
    load_document(path)  # 8 MB of content is allowed by default...
    assert _rejected(path, Limits(max_stream_mb=4)).code == "INP004"  # ...not under a 4 MB cap


@pytest.mark.parametrize(
    "data",
    [
        zlib.compress(b"BT (x) Tj ET " * 1000),
        zlib.compress(b"BT (x) Tj ET " * 1000) + b"trailing junk",
        zlib.compress(b"BT (x) Tj ET " * 1000)[:-2],  # checksum cut: pdfminer keeps the text
        zlib.compress(b"BT (x) Tj ET " * 1000)[:400],  # truncated
        zlib.compress(b"BT (x) Tj ET " * 1000)[:400] + b"\xff" * 50,  # damaged in the middle: nothing
        b"not zlib at all",
    ],
    ids=["clean", "trailing", "bad-checksum", "truncated", "damaged", "garbage"],
)
def test_capped_inflate_makes_what_pdfminer_makes(data):
    """The guard decodes Flate itself (capped, linear time) and hands pdfminer the result."""
    from pdfminer.pdftypes import PDFStream
    from pdfminer.psparser import LIT

    from integrity_check.extract.streams import _inflate

    reference = PDFStream({"Filter": LIT("FlateDecode")}, data)
    assert _inflate(data, 1 << 20) == reference.get_data()


def test_capped_run_length_and_lzw_make_what_pdfminer_makes():
    from pdfminer.lzw import lzwdecode
    from pdfminer.runlength import rldecode

    from integrity_check.extract.streams import _lzw, _run_length

    rl = b"\x02abc\xfdz\x00q\x80"
    assert _run_length(rl, 100) == (rldecode(rl), True)
    lzw = mc.lzw_spaces(100_000)
    assert _lzw(lzw, 1 << 20) == lzwdecode(lzw)


BOMB_PACK = 'name = "bombs"\nextends = "ce7454"\n[rules.INP004]\nmemory_mb = 768\n'


@pytest.mark.parametrize("kind", [*mc.BOMB_FILTERS, "page-3x60mb", "document-6x60mb", "image-60000px"])
def test_every_bomb_is_inp004_with_bounded_memory(tmp_path, info, kind):
    """Filter chains, indirect filters, big dictionaries, RunLength, LZW and many streams each
    under the one-stream cap: INP004 naming the inflation, never "cannot be read" (issue 12.6)."""
    if kind == "page-3x60mb":
        data = mc.many_streams(info, "page", 3)
    elif kind == "document-6x60mb":
        data = mc.many_streams(info, "document", 6)
    elif kind == "image-60000px":
        data = mc.image_bomb(info)
    else:
        data = mc.filtered_bomb(info, kind)
    path = _write(tmp_path, f"{kind}.pdf", data)
    pack = _write(tmp_path, "bombs.toml", BOMB_PACK.encode())
    run = run_cli(path, "--rules", pack, "--format", "json")
    assert_contained(run)
    assert run.error_code == "INP004", run.file["error"]
    assert "inflate" in run.file["error"]["message"] or "pixels" in run.file["error"]["message"]


def test_bomb_memory_stays_bounded(tmp_path, info):
    """Peak memory of a check of ten 60 MB streams: the document budget stops it, far below 1 GB."""
    import os
    import subprocess
    import sys

    path = _write(tmp_path, "many.pdf", mc.many_streams(info, "document", 10))
    proc = subprocess.Popen([sys.executable, "-m", "integrity_check", str(path), "--format", "json"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    assert proc.returncode == 2
    assert usage.ru_maxrss < 600 * 1024  # KB; before the guard: 1.2 GB


@pytest.mark.parametrize("where", ["resources", "contents", "mediabox"])
def test_reference_loop_is_inp001_not_a_hang(tmp_path, info, where):
    err = _rejected(_write(tmp_path, "loop.pdf", mc.self_reference(info, where)))
    assert err.code == "INP001" and "loop" in err.message


def test_page_tree_loop_still_reads_the_pages(tmp_path, info):
    doc = load_document(_write(tmp_path, "tree.pdf", mc.page_tree_loop(info, 0)))
    assert len(doc.pages) == len(info.pages)


@pytest.mark.parametrize("box, code", [([0, 0, 1e12, 1e12], "INP004"), ([0, 0, 0, 0], "INP001")])
def test_absurd_page_boxes(tmp_path, info, box, code):
    assert _rejected(_write(tmp_path, "box.pdf", mc.page_box(info, box))).code == code


def test_inverted_page_box_reads_like_the_original(tmp_path, info, sample_source):
    original = load_document(sample_source)
    inverted = load_document(_write(tmp_path, "inv.pdf", mc.page_box(info, [612, 792, 0, 0])))
    assert [w.text for w in inverted.pages[0].words] == [w.text for w in original.pages[0].words]


def test_off_page_text_is_not_read(tmp_path, info, sample_source):
    doc = load_document(_write(tmp_path, "off.pdf", mc.offpage_text(info)))
    texts = {w.text for p in doc.pages for w in p.words}
    assert "hidden" not in texts and "far" not in texts
    page = doc.pages[0]
    assert all(w.x1 >= 0 and w.x0 <= page.width and w.bottom >= 0 and w.top <= page.height for w in page.words)
    assert "microscopic" in texts  # tiny and invisible text on the page is still read


def test_limits_reach_a_single_file_through_the_cli(tmp_path, sample_source, monkeypatch):
    """The runner's time limit (SIGALRM) turns a stuck single-file check into INP004."""
    import os

    from integrity_check.runner import FAULTS_ENV

    pack = tmp_path / "limits.toml"
    pack.write_text('name = "limits"\nextends = "ce7454"\n\n[rules.INP004]\nseconds = 1\n')
    path = _write(tmp_path, "stuck-report.pdf", sample_source.read_bytes())
    env = {**os.environ, FAULTS_ENV: "stuck:sleep:30"}
    run = run_cli(path, "--rules", pack, "--format", "json", env=env, timeout=20)
    assert_contained(run)
    assert run.error_code == "INP004" and "time limit" in run.file["error"]["message"]


# -- names and output (issue 12, item 3): a file name never loses the run ----------------------


QUOTED_ESSAY = 'As Smith wrote, "' + " ".join(["the model learns a representation of the data"] * 8) + '." Done.\n'


def _named(tmp_path, raw_name: bytes, text: str = QUOTED_ESSAY):  # QUO001: a finding to annotate
    import os
    from pathlib import Path

    path = Path(os.fsdecode(os.path.join(os.fsencode(tmp_path), raw_name)))
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def non_utf8_batch(tmp_path_factory):
    from integrity_check.packs import load_pack
    from integrity_check.runner import RunOptions, check_paths

    folder = tmp_path_factory.mktemp("names")
    paths = [str(_named(folder, b"bad\xff-essay.txt")), str(_named(folder, b"good-essay.txt"))]
    return check_paths(paths, RunOptions(load_pack("ce7454"), processes=1))


@pytest.mark.parametrize("fmt", ["human", "json", "csv", "sarif", "junit", "github", "html"])
def test_a_non_utf8_file_name_is_shown_visibly_in_every_format(tmp_path, non_utf8_batch, fmt):
    import copy

    from integrity_check.reporters import Report, render, write_report

    out = tmp_path / f"report.{fmt}"
    write_report(render(fmt, Report(copy.deepcopy(non_utf8_batch), "ce7454", None, "0")), out)
    text = out.read_bytes().decode("utf-8")  # valid UTF-8, no lone surrogate
    if fmt in ("json", "sarif"):
        import json

        text = json.dumps(json.loads(text), ensure_ascii=False)
        text = text.replace("\\\\", "\\")  # the JSON escape of the backslash
    assert "bad\\xff-essay.txt" in text and "good-essay.txt" in text


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_no_lone_surrogate_reaches_a_report_submitters_included(tmp_path, non_utf8_batch, fmt):
    """The submitter (batch) column and the collusion pairs show the name as visibly as the path:
    a lone surrogate escape (``\\udcff``) in JSON is rejected by strict parsers."""
    import copy
    import csv
    import io
    import json

    from integrity_check.reporters import Report, render

    text = render(fmt, Report(copy.deepcopy(non_utf8_batch), "ce7454", None, "0"))
    if fmt == "json":
        data = json.loads(text)
        values = [data["files"], data.get("collusion")]
        text = json.dumps(values, ensure_ascii=False)
        assert any(f.get("submitter", "").endswith("bad\\xff-essay.txt") for f in data["files"])
    else:
        rows = list(csv.DictReader(io.StringIO(text)))
        assert any(r["submitter"].endswith("bad\\xff-essay.txt") for r in rows), rows
    assert not any("\ud800" <= ch <= "\udfff" for ch in text)
    assert "\\udcff" not in text


@pytest.mark.parametrize("fmt", ["human", "csv", "github", "html"])
def test_a_control_character_in_a_name_is_shown_visibly_never_sent_raw(tmp_path, fmt):
    """An ESC in a file name would drive the terminal showing the report (and HTML does not
    allow it): every format shows it as ``\\x1b``."""
    names = (b"esc\x1b[31mred.txt", b"plain.txt")
    paths = [_named(tmp_path, name) for name in names]
    out = tmp_path / f"report.{fmt}"
    run = run_cli(*paths, "-f", fmt, "-o", out)
    assert run.code in (0, 1) and "Traceback" not in run.stderr, run.stderr[-1500:]
    text = out.read_text(encoding="utf-8")
    assert "\x1b" not in text
    assert "esc\\x1b[31mred.txt" in text


def test_a_batch_with_a_non_utf8_name_writes_its_report(tmp_path):
    import json

    bad = _named(tmp_path, b"bad\xff.txt")
    good = _named(tmp_path, b"good.txt")
    out = tmp_path / "report.json"
    run = run_cli(bad, good, "-f", "json", "-o", out)
    assert run.code in (0, 1) and "Traceback" not in run.stderr, run.stderr
    files = json.loads(out.read_text(encoding="utf-8"))["files"]
    assert sorted(f["path"].rsplit("/", 1)[-1] for f in files) == ["bad\\xff.txt", "good.txt"]
    human = run_cli(bad, good)  # stdout too
    assert human.code in (0, 1) and "bad\\xff.txt" in human.stdout


def test_a_reporter_failing_on_one_file_keeps_the_others(capsys):
    import json

    from integrity_check.findings import FileResult, Finding, Severity
    from integrity_check.reporters import Report, render

    good = FileResult("a.pdf", findings=[Finding("FMT002", Severity.ERROR, "too long", page=5)])
    broken = FileResult("b.pdf", findings=[Finding("FMT001", Severity.ERROR, "margins", page=1,
                                                   data={"oops": object()})])  # not JSON-writable
    data = json.loads(render("json", Report([good, broken], "ce7454", None, "0")))
    assert [f["path"] for f in data["files"]] == ["a.pdf", "b.pdf"]
    assert data["files"][0]["findings"][0]["message"] == "too long"
    assert [f["rule"] for f in data["files"][1]["findings"]] == ["FMT001"]  # kept, without its data
    assert "b.pdf" in capsys.readouterr().err


# -- paths (issue 12, item 12): loops and names too long get one line, never a traceback ------


def _hostile_paths(tmp_path) -> dict:
    import os

    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    (tmp_path / "loop.pdf").symlink_to(tmp_path / "loop-a")
    (tmp_path / "self.pdf").symlink_to(tmp_path / "self.pdf")
    return {
        "loop": (tmp_path / "loop.pdf", "loop of symbolic links"),
        "self": (tmp_path / "self.pdf", "loop of symbolic links"),
        "long-name": (tmp_path / ("n" * 300 + ".pdf"), "too long"),  # a name over 255 bytes
        "long-path": (tmp_path.joinpath(*["d" * 9] * 410, "r.pdf"), "too long"),  # over 4,096
    }


@pytest.mark.parametrize("case", ["loop", "self", "long-name", "long-path"])
def test_a_path_that_cannot_be_opened_is_one_line_and_exit_2(tmp_path, case):
    path, words = _hostile_paths(tmp_path)[case]
    run = run_cli(path, "--format", "json")
    assert_contained(run)
    assert run.code == 2 and run.error_code == "INP001" and words in run.file["error"]["message"]
    human = run_cli(path)
    assert human.code == 2 and "Traceback" not in human.stderr + human.stdout
    assert len([ln for ln in human.stdout.splitlines() if "INP001" in ln]) == 1


def test_a_batch_goes_on_past_paths_that_cannot_be_opened(tmp_path):
    import json

    paths = _hostile_paths(tmp_path)
    good = _named(tmp_path, b"good.txt")
    out = tmp_path / "report.json"
    run = run_cli(good, *(p for p, _ in paths.values()), tmp_path, "-f", "json", "-o", out)
    assert run.code in (0, 1) and "Traceback" not in run.stderr, run.stderr
    files = {f["path"]: f for f in json.loads(out.read_text())["files"]}
    assert files[str(good)]["error"] is None and files[str(good)]["metrics"]["words"] > 10
    for path, words in paths.values():  # given by name, and loop.pdf/self.pdf also found in the folder
        assert files[str(path)]["error"]["code"] == "INP001" and words in files[str(path)]["error"]["message"]
    assert len(files) == 5


def _too_deep_folder(parent):
    """A real folder tree whose deepest path is over 4,096 bytes (made level by level with
    dir_fd, since the full path cannot be opened), holding a report."""
    import os

    fd = os.open(parent, os.O_RDONLY)
    try:
        for _ in range(22):  # 22 x 201 bytes
            os.mkdir("d" * 200, dir_fd=fd)
            nxt = os.open("d" * 200, os.O_RDONLY, dir_fd=fd)
            os.close(fd)
            fd = nxt
        with open(os.open("r.txt", os.O_WRONLY | os.O_CREAT, 0o644, dir_fd=fd), "w") as out:
            out.write("Some text " * 40)
    finally:
        os.close(fd)


def test_a_folder_walk_goes_on_past_a_subfolder_too_deep_to_list(tmp_path):
    import json

    (tmp_path / "batch").mkdir()
    good = _named(tmp_path / "batch", b"good.pdf")  # found by the walk: a .pdf name
    _too_deep_folder(tmp_path / "batch")
    out = tmp_path / "report.json"
    run = run_cli(tmp_path / "batch", "-f", "json", "-o", out)
    assert "Traceback" not in run.stderr, run.stderr[-1500:]
    files = {f["path"]: f for f in json.loads(out.read_text())["files"]}
    assert str(good) in files
    deep = [f for p, f in files.items() if p != str(good)]
    assert len(deep) == 1 and deep[0]["error"]["code"] == "INP001" and "too long" in deep[0]["error"]["message"]
    build = run_cli("corpus", "build", tmp_path / "batch", "--corpus", tmp_path / "c.sqlite")
    assert build.code == 0 and "Traceback" not in build.stderr and "skipped" in build.stderr, build.stderr[-1500:]
    template = run_cli(good, "--template", tmp_path / "batch")
    assert template.code == 2 and "Traceback" not in template.stderr and "too long" in template.stderr
