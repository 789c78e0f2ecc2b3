import json
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

import pytest

from integrity_check.similarity import CorpusIndexError, SimilarityParams, build_index, open_index

from .conftest import ROOT, make_text


# The fixture's texts draw on a 96-word vocabulary at random: every sentence
# shares words and word pairs with many others, i.e. is a loose rewording of
# them.  The tests below are about exact passages and index storage.
EXACT = SimilarityParams(paraphrase=False)


def _report_with(texts, name, n_words=90, at=3000):
    src = texts[name]
    start = src.index(". ", at) + 2
    words = src[start:].split()[:n_words]
    para = " ".join(words)
    report = make_text(99, 300) + " " + para + " " + make_text(98, 300)
    s = report.index(para)
    return report, para, s, s + len(para)


def test_add_search_remove_info(tmp_path, texts):
    path = tmp_path / "corpus.sqlite"
    idx = open_index(path, create=True, params=EXACT)
    assert idx.add((n, t, {"path": f"/x/{n}.txt"}) for n, t in texts.items()) == len(texts)
    assert idx.add([("doc00", texts["doc00"], {})]) == 0  # identical: skipped
    info = idx.info()
    assert info["documents"] == len(texts)
    assert info["windows"] > len(texts)
    assert info["size_on_disk"] > 0
    assert info["settings"]["num_perm"] == SimilarityParams().num_perm
    assert info["settings"]["scheme"] == "affine32"
    report, para, s, e = _report_with(texts, "doc05")
    matches = idx.search(report)
    assert [m.source for m in matches] == ["doc05"]
    p = matches[0].passages[0]
    assert p.start == s and p.end == e
    assert p.source_text == para
    assert 0 < matches[0].share < 1
    # exclusions
    assert idx.search(report, exclude=[(s, e)]) == []
    doc_id = idx.db.execute("SELECT id FROM docs WHERE name='doc05'").fetchone()[0]
    assert idx.remove(["doc05", "nope"]) == 1
    assert idx.search(report) == []
    # its band rows went with it (text documents recompute their keys to remove them)
    assert idx.db.execute("SELECT count(*) FROM bands WHERE doc=?", (doc_id,)).fetchone()[0] == 0
    assert idx.db.execute("SELECT count(*) FROM bands").fetchone()[0] > 0
    assert idx.info()["documents"] == len(texts) - 1
    idx.close()
    # reopen: persistent
    idx = open_index(path, params=EXACT)
    assert "doc05" not in idx.names() and "doc04" in idx.names()


def test_build_index_matches_incremental(tmp_path, texts):
    a = build_index(tmp_path / "a.sqlite", ((n, t, {}) for n, t in texts.items()))
    b = open_index(tmp_path / "b.sqlite", create=True)
    b.add((n, t, {}) for n, t in texts.items())
    report, *_ = _report_with(texts, "doc03")
    ra = [(m.source, [(p.start, p.end, p.source_start, p.source_end) for p in m.passages]) for m in a.search(report)]
    rb = [(m.source, [(p.start, p.end, p.source_start, p.source_end) for p in m.passages]) for m in b.search(report)]
    assert ra == rb and ra


def test_build_index_from_prepared_records_matches_building_from_texts(tmp_path, texts):
    """One hashing can fill several back-ends (bench/redis_index_bench.py --hash-once)."""
    from integrity_check.similarity.engine import prepare_many

    a = build_index(tmp_path / "a.sqlite", ((n, t, {}) for n, t in texts.items()))
    records = list(prepare_many(((n, t, {}) for n, t in texts.items()), SimilarityParams()))
    b = build_index(tmp_path / "b.sqlite", None, records=records)
    assert b.info()["documents"] == a.info()["documents"] == len(texts)
    report, *_ = _report_with(texts, "doc03")
    ra = [(m.source, [(p.start, p.end, p.source_start, p.source_end) for p in m.passages]) for m in a.search(report)]
    rb = [(m.source, [(p.start, p.end, p.source_start, p.source_end) for p in m.passages]) for m in b.search(report)]
    assert ra == rb and ra


def test_missing_and_foreign_files_give_clear_errors(tmp_path):
    with pytest.raises(CorpusIndexError, match="no corpus index"):
        open_index(tmp_path / "none.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(CorpusIndexError, match="rebuild"):
        open_index(junk)
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE t(x)")
    db.commit()
    db.close()
    with pytest.raises(CorpusIndexError, match="not an integrity-check corpus index"):
        open_index(other)


def test_mismatched_parameters_are_refused_with_rebuild_message(tmp_path, texts):
    path = tmp_path / "c.sqlite"
    idx = open_index(path, create=True)
    idx.add([("doc00", texts["doc00"], {})])
    idx.close()
    with pytest.raises(CorpusIndexError) as ei:
        open_index(path, params=SimilarityParams(num_perm=64))
    msg = str(ei.value)
    assert "num_perm=32 (index) vs 64 (this run)" in msg
    assert f"`integrity-check corpus build DIR --corpus {path}`" in msg and "\n" not in msg
    # an index written with a scheme this code does not produce (e.g. the
    # pre-2.0 datasketch "legacy" scheme) is refused too
    db = sqlite3.connect(path)
    settings = json.loads(db.execute("SELECT value FROM meta WHERE key='settings'").fetchone()[0])
    settings["scheme"] = "legacy"
    db.execute("UPDATE meta SET value=? WHERE key='settings'", (json.dumps(settings),))
    db.commit()
    db.close()
    with pytest.raises(CorpusIndexError, match="scheme='legacy' \\(index\\) vs 'affine32'|rebuild") as ei:
        open_index(path)
    assert "'legacy'" in str(ei.value)
    # a different stemmer/hash implementation is caught by the probe
    db = sqlite3.connect(path)
    settings["scheme"] = "affine32"
    db.execute("UPDATE meta SET value=? WHERE key='settings'", (json.dumps(settings),))
    db.execute("UPDATE meta SET value='0000' WHERE key='probe'")
    db.commit()
    db.close()
    with pytest.raises(CorpusIndexError, match="different stemmer or MinHash"):
        open_index(path)


def test_rebuild_advice_names_the_option_that_reaches_the_index():
    from integrity_check.similarity.engine import BaseIndex

    base = object.__new__(BaseIndex)
    stored = {**SimilarityParams().hashing_settings(), "num_perm": 64}
    for location, option in (("redis://127.0.0.1:6379/0", "--index"), ("corpus/index.sqlite", "--corpus")):
        with pytest.raises(CorpusIndexError) as ei:
            base.check_params(stored, SimilarityParams(), location)
        assert f"`integrity-check corpus build DIR {option} {location}`" in str(ei.value)


def test_fingerprints_only_stores_no_text(tmp_path, texts):
    path = tmp_path / "fp.sqlite"
    idx = open_index(path, create=True)
    idx.add([("secret", texts["doc07"], {"path": "/p/secret.pdf", "text": texts["doc07"]})], fingerprints_only=True)
    report, para, s, e = _report_with(texts, "doc07")
    matches = idx.search(report)
    assert [m.source for m in matches] == ["secret"]
    p = matches[0].passages[0]
    assert p.start == s and p.end in (e, e - 1) and para.startswith(p.text)
    assert p.source_text is None and matches[0].fingerprints_only
    idx.close()
    # no column of any row holds the text, plain or zlib-compressed
    needles = [w for w in texts["doc07"].split(". ")[3:9]]
    db = sqlite3.connect(path)
    for table in ("docs", "meta"):
        for row in db.execute(f"SELECT * FROM {table}"):
            for v in row:
                blobs = [v]
                if isinstance(v, bytes):
                    try:
                        blobs.append(zlib.decompress(v))
                    except zlib.error:
                        pass
                for b in blobs:
                    s_ = b.decode("utf-8", "replace") if isinstance(b, bytes) else str(b)
                    for n in needles:
                        assert n not in s_
    assert db.execute("SELECT count(*) FROM docs WHERE text IS NOT NULL").fetchone()[0] == 0
    db.close()
    raw = path.read_bytes()
    for n in needles:
        assert n.encode() not in raw


_ADDER = textwrap.dedent(
    """
    import sys, os, time
    sys.path.insert(0, {src!r})
    sys.path.insert(0, {tests!r})
    from integrity_check.similarity import open_index
    from conftest import make_text
    idx = open_index(sys.argv[1], create=True)
    first, count = int(sys.argv[2]), int(sys.argv[3])
    marker = sys.argv[4] if len(sys.argv) > 4 else None
    if marker:
        # slow the writing down and signal when the transaction is half done
        orig = idx._insert_record
        state = {{"n": 0}}
        def slow(db, rec):
            out = orig(db, rec)
            state["n"] += 1
            if state["n"] == count // 2:
                open(marker, "w").write("half")
            time.sleep(0.05)
            return out
        idx._insert_record = slow
    idx.add((f"add{{i:04d}}", make_text(1000 + i, 400), {{}}) for i in range(first, first + count))
    print("done")
    """
)


def _adder(tmp_path):
    script = tmp_path / "adder.py"
    script.write_text(_ADDER.format(src=str(ROOT / "src"), tests=str(Path(__file__).parent)))
    return script


def test_sigkill_during_add_leaves_previous_index_usable(tmp_path, texts):
    path = tmp_path / "k.sqlite"
    idx = open_index(path, create=True)
    idx.add((n, t, {}) for n, t in texts.items())
    idx.close()
    marker = tmp_path / "half"
    proc = subprocess.Popen([sys.executable, str(_adder(tmp_path)), str(path), "0", "40", str(marker)])
    deadline = time.time() + 120
    while not marker.exists():
        assert proc.poll() is None, "adder ended before reaching the middle"
        assert time.time() < deadline
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    idx = open_index(path, params=EXACT)
    assert sorted(idx.names()) == sorted(texts)
    report, *_ = _report_with(texts, "doc02")
    assert [m.source for m in idx.search(report)] == ["doc02"]
    idx.verify()
    assert idx.add([("after", make_text(5000, 300), {})]) == 1
    assert idx.info()["documents"] == len(texts) + 1


def test_two_concurrent_adders_lose_nothing(tmp_path):
    path = tmp_path / "c.sqlite"
    open_index(path, create=True).close()
    script = _adder(tmp_path)
    procs = [subprocess.Popen([sys.executable, str(script), str(path), str(first), "30"],
                              stdout=subprocess.PIPE) for first in (0, 100)]
    for p in procs:
        out, _ = p.communicate(timeout=300)
        assert p.returncode == 0 and b"done" in out
    idx = open_index(path)
    names = idx.names()
    assert len(names) == 60
    assert names == sorted([f"add{i:04d}" for i in range(30)] + [f"add{i:04d}" for i in range(100, 130)])
    idx.verify()
