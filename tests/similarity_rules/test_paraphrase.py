"""Reworded copying (issue 13): SIM001 paraphrase findings, own-words share, collusion."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from integrity_check.extract.plaintext import decode_text
from integrity_check.packs import load_pack
from integrity_check.runner import RunOptions, check_paths
from integrity_check.similarity import build_index
from integrity_check.similarity.align import compare_texts

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT.parent / "shared" / "data"
CLOUGH = DATA / "clough-dev"
PAN_SRC = DATA / "pan13-verbatim-dev" / "src"
pytestmark = pytest.mark.skipif(not CLOUGH.is_dir() or not PAN_SRC.is_dir(), reason="shared data absent")

# light revision of task d whose copy is only found as paraphrase (no 4-word
# runs left over 15 words); an independent answer to the same task
LIGHT = "g1pB_taskd.txt"
NON = "g0pD_taskd.txt"


def _read(name):
    return decode_text((CLOUGH / name).read_bytes())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    index = tmp_path_factory.mktemp("para") / "index.sqlite"
    docs = [(f"orig_task{t}.txt", _read(f"orig_task{t}.txt"), {}) for t in "abcde"]
    docs += [(p.name, p.read_text(encoding="utf-8"), {}) for p in sorted(PAN_SRC.glob("*.txt"))[:60]]
    build_index(str(index), docs).close()
    return index


def check(paths, index, pack="ce7454"):
    run = RunOptions(pack=load_pack(pack), options={"corpus": str(index)}, processes=1)
    return {os.path.basename(r.path): r for r in check_paths([str(p) for p in paths], run)}


def test_reworded_answer_is_sim001_paraphrase_and_independent_answer_is_not(corpus):
    res = check([CLOUGH / LIGHT, CLOUGH / NON], corpus)
    sims = [f for f in res[LIGHT].findings if f.rule == "SIM001"]
    assert sims and all(f.data["source"] == "orig_taskd.txt" for f in sims)
    para = [f for f in sims if f.data["kind"] == "paraphrase"]
    assert para and para[0].severity.name == "ERROR"
    assert "paraphrase" in para[0].message and 0 < para[0].data["score"] <= 1
    # the reworded words count against the own-words share
    assert res[LIGHT].metrics["own_words_pct"] < 80
    assert not [f for f in res[NON].findings if f.rule == "SIM001"]


def test_paraphrase_severity_comes_from_the_pack(corpus, tmp_path):
    pack = tmp_path / "pack.toml"
    pack.write_text('name = "t"\nextends = "ce7454"\n\n[rules.SIM001]\nparaphrase_severity = "warning"\n')
    res = check([CLOUGH / LIGHT], corpus, pack=str(pack))
    para = [f for f in res[LIGHT].findings if f.rule == "SIM001" and f.data["kind"] == "paraphrase"]
    assert para and all(f.severity.name == "WARNING" for f in para)


def test_two_students_who_reworded_the_same_article_are_found_by_sim003(tmp_path, monkeypatch):
    # light revisions of task c by two students: no exact passage of 25 words
    # in common, only their rewordings of the same article
    a, b = "g0pA_taskc.txt", "g1pA_taskc.txt"
    assert not [p for p in compare_texts(_read(a), _read(b), min_words=25) if p.kind == "verbatim"]
    monkeypatch.chdir(tmp_path)  # no corpus: the batch comparison alone
    run = RunOptions(pack=load_pack("ce7454"), options={}, processes=1)
    res = {os.path.basename(r.path): r for r in check_paths([str(CLOUGH / a), str(CLOUGH / b)], run)}
    for mine, other in ((a, b), (b, a)):
        sim3 = [f for f in res[mine].findings if f.rule == "SIM003"]
        assert sim3 and sim3[0].data["other"].endswith(other) and sim3[0].data["words"] >= 50


def test_html_report_marks_the_shared_words_of_a_reworded_passage(corpus, tmp_path):
    import subprocess
    import sys

    out = tmp_path / "r.html"
    subprocess.run([sys.executable, "-m", "integrity_check", str(CLOUGH / LIGHT), "--corpus", str(corpus),
                    "--format", "html", "-o", str(out), "--no-progress"], check=False, capture_output=True)
    html = out.read_text(encoding="utf-8")
    assert "reworded ·" in html
    pair = html[html.index('class="pair"'):]
    assert pair.count('<mark class="shared">') >= 10
