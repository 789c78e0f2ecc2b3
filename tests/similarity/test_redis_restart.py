"""A Redis server that goes down or restarts mid-batch: a retry or a clear error, never a partial result.

Starts its own redis-server on a free loopback port (the shared test server is
not restarted under other tests).
"""
import pytest

from integrity_check.similarity import CorpusIndexError, build_index

from .conftest import make_text

pytestmark = pytest.mark.redis


def test_restart_mid_batch_is_retried(server):
    url = server.url
    idx = build_index(url, [(f"d{i}", make_text(i, 400), {}) for i in range(5)])
    query = make_text(3, 400)[200:1800]
    before = [(m.source, [(p.start, p.end) for p in m.passages]) for m in idx.search(query)]
    assert before and before[0][0] == "d3"
    server.stop()
    server.start()  # same data (append-only file)
    after = [(m.source, [(p.start, p.end) for p in m.passages]) for m in idx.search(query)]
    assert after == before


def test_server_down_mid_batch_is_a_clear_error(server):
    url = server.url
    idx = build_index(url, [(f"d{i}", make_text(i, 400), {}) for i in range(3)])
    server.stop()
    with pytest.raises(CorpusIndexError, match="unreachable"):
        idx.search(make_text(1, 400))
