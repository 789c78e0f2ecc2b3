"""The Redis-backed index gives the same findings as the embedded one.

Needs a real redis-server: set INTEGRITY_CHECK_REDIS_URL (e.g.
redis://127.0.0.1:6390/0); .ci/run starts one."""

import os
import uuid

import pytest

from integrity_check.similarity import CorpusIndexError, SimilarityParams, build_index, open_index

from .conftest import make_text, redis_url

pytestmark = pytest.mark.redis


@pytest.fixture
def url():
    base = redis_url()
    if not base:
        pytest.skip("INTEGRITY_CHECK_REDIS_URL not set")
    sep = "&" if "?" in base else "?"
    u = f"{base}{sep}prefix=ictest-{uuid.uuid4().hex[:8]}"
    yield u
    try:
        idx = open_index(u)
        idx._clear()
        idx.close()
    except CorpusIndexError:
        pass


def _findings(matches):
    return [(m.source, round(m.share, 6), [(p.start, p.end, p.source_start, p.source_end, p.source_text)
                                          for p in m.passages]) for m in matches]


def test_redis_parity_with_sqlite(url, tmp_path, texts):
    docs = [(n, t, {}) for n, t in texts.items()]
    r = build_index(url, docs)
    s = build_index(tmp_path / "s.sqlite", docs)
    assert r.info()["documents"] == s.info()["documents"] == len(texts)
    assert r.info()["windows"] == s.info()["windows"]
    for name in ("doc01", "doc06", "doc11"):
        src = texts[name]
        para = " ".join(src.split()[150:230])
        other = " ".join(texts["doc02"].split()[300:360])
        report = make_text(77, 300) + " " + para + " " + make_text(78, 200) + " " + other + " end."
        fr, fs = _findings(r.search(report)), _findings(s.search(report))
        assert fr == fs
        assert {f[0] for f in fr} == {name, "doc02"}
    assert r.remove(["doc02"]) == 1
    assert "doc02" not in {m.source for m in r.search(report)}
    # fingerprints-only in Redis too
    r.add([("fp", make_text(4242, 500), {})], fingerprints_only=True)
    hit = r.search(make_text(4242, 500)[100:2000])
    assert hit and hit[0].source == "fp" and hit[0].passages[0].source_text is None


def test_redis_mismatch_and_unreachable(url):
    idx = open_index(url, create=True)
    idx.add([("a", make_text(1, 300), {})])
    with pytest.raises(CorpusIndexError, match="rebuild"):
        open_index(url, params=SimilarityParams(num_perm=64))
    with pytest.raises(CorpusIndexError, match="no corpus index"):
        open_index(url.replace("prefix=", "prefix=absent-"))
    # a port nobody listens on: a clear error, and no password in it
    with pytest.raises(CorpusIndexError) as ei:
        open_index("redis://user:s3cret@127.0.0.1:1/0")
    assert "s3cret" not in str(ei.value) and "unreachable" in str(ei.value)


def test_old_layout_is_refused_with_a_rebuild_message(url):
    import redis as redis_py

    prefix = url.rsplit("prefix=", 1)[1]
    conn = redis_py.Redis.from_url(url.split("?")[0])
    # what the datasketch layout left: PREFIX:meta, PREFIX:names, one key per window
    conn.hset(f"{prefix}:meta", mapping={"format_version": "1", "settings": "{}", "probe": "x"})
    conn.set(f"{prefix}:lsh_bucket_0", b"x")
    with pytest.raises(CorpusIndexError) as info:
        open_index(url)
    assert "older layout" in info.value.message and "corpus build" in info.value.message
    # `corpus build` replaces it with the compact layout
    build_index(url, [("a", make_text(1, 300), {})]).close()
    assert open_index(url).names() == ["a"] and not conn.exists(f"{prefix}:meta")


def test_corpus_info_shows_real_memory_use(url, tmp_path):
    import subprocess
    import sys

    build_index(url, [(f"d{i}", make_text(i, 600), {}) for i in range(30)], expected_documents=30).close()
    out = subprocess.run([sys.executable, "-m", "integrity_check", "corpus", "info", "--index", url],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    line = next(x for x in out.stdout.splitlines() if x.startswith("memory"))
    assert "0 B" not in line.split("(")[0] and "per document" in line
    mem = open_index(url).info()["memory"]
    assert mem["documents"] > 30 * 1000 and mem["buckets"] > 0 and mem["total"] > mem["documents"]


class _Counting:
    """A redis client proxy counting round trips: commands sent alone and pipeline flushes."""

    def __init__(self, real):
        self.real, self.trips = real, 0

    def pipeline(self, *a, **kw):
        pipe, outer = self.real.pipeline(*a, **kw), self

        class P:
            def __getattr__(self, name):
                return getattr(pipe, name)

            def execute(self):
                outer.trips += 1
                return pipe.execute()

        return P()

    def __getattr__(self, name):
        attr = getattr(self.real, name)
        if callable(attr):
            def call(*a, **kw):
                self.trips += 1
                return attr(*a, **kw)
            return call
        return attr


def test_round_trips_per_search_do_not_grow_with_the_report(url):
    docs = [(f"d{i}", make_text(i, 800), {}) for i in range(20)]
    idx = build_index(url, docs, expected_documents=20)
    idx.r = _Counting(idx.r)
    trips = []
    for words in (300, 3000):
        report = make_text(500 + words, words) + " " + " ".join(docs[3][1].split()[:200])
        idx.r.trips = 0
        assert idx.search(report)[0].source == "d3"
        trips.append(idx.r.trips)
    # meta check, exact band buckets, content-word band buckets (paraphrase retrieval),
    # names, sources, the generation check: six, whatever the report's length
    assert trips[0] == trips[1] <= 6
