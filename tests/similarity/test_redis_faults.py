"""A Redis index that fails mid-batch never yields a silent "clean" verdict (issue 12, items 1, 4, 10).

Each test starts its own redis-server on a loopback port (conftest.RedisServer) and
restarts, flushes or stops it between two files of a batch.
"""
from __future__ import annotations

import subprocess
import sys

import pytest
import redis

from integrity_check.similarity import CorpusIndexError, build_index, open_index

from .conftest import check_batch, codes, make_text, write_submissions

pytestmark = pytest.mark.redis


@pytest.fixture
def batch(server, tmp_path):
    docs, subs = write_submissions(tmp_path)
    build_index(server.url, docs).close()
    return subs


def _assert_rest(results, code):
    assert "SIM001" in codes(results["sub0.txt"])
    for name in ("sub1.txt", "sub2.txt", "sub3.txt"):
        got = codes(results[name])
        assert code in got and "SIM001" not in got, (name, got)
        assert results[name].error is None and not any(c.startswith("INP") for c in got)
        message = next(f.message for f in results[name].findings if f.rule == code)
        assert message.lower().count("similarity was not checked") == 1 and "export" not in message, message


def test_flush_mid_batch_is_idx002_on_every_later_file(server, batch):
    results = check_batch(batch, server.url, after_first=lambda: redis.Redis(port=server.port).flushall())
    _assert_rest(results, "IDX002")


def test_restart_without_data_mid_batch_is_idx002(server, batch, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    results = check_batch(batch, server.url, after_first=lambda: server.restart_empty(empty))
    _assert_rest(results, "IDX002")


def test_server_down_mid_batch_is_idx001_on_every_later_file(server, batch):
    results = check_batch(batch, server.url, after_first=server.stop)
    _assert_rest(results, "IDX001")


def test_after_a_confirmed_outage_searches_fail_at_once(server):
    idx = build_index(server.url, [(f"d{i}", make_text(i, 400), {}) for i in range(3)])
    query = make_text(1, 400)
    assert idx.search(query)
    server.stop()
    with pytest.raises(CorpusIndexError) as first:
        idx.search(query)
    assert first.value.code == "IDX001"
    server.start()  # back, with its data: the next file of the batch does not wait for it
    probe = redis.Redis(port=server.port)
    before = probe.info("stats")["total_connections_received"]
    with pytest.raises(CorpusIndexError) as second:
        idx.search(query)
    assert second.value.code == "IDX001"
    assert probe.info("stats")["total_connections_received"] == before  # no retries by the search


def test_wrong_password_is_an_auth_error_not_an_outage(tmp_path):
    import shutil

    from .conftest import RedisServer

    if not shutil.which("redis-server"):
        pytest.skip("redis-server not installed")
    srv = RedisServer(tmp_path, "--requirepass", "s3cret")
    try:
        good = f"redis://:s3cret@127.0.0.1:{srv.port}/0"
        build_index(good, [("d1", make_text(1, 300), {})]).close()
        for url in (f"redis://:wrong@127.0.0.1:{srv.port}/0", srv.url):  # wrong, and no password
            with pytest.raises(CorpusIndexError) as info:
                open_index(url)
            assert info.value.code == "IDX003"
            assert "password" in info.value.message and "unreachable" not in info.value.message
            assert "s3cret" not in info.value.message
        report = tmp_path / "r.txt"
        report.write_text(make_text(1, 300), encoding="utf-8")
        out = subprocess.run([sys.executable, "-m", "integrity_check", str(report), "--index",
                              f"redis://:wrong@127.0.0.1:{srv.port}/0"], capture_output=True, text=True)
        assert out.returncode == 2 and "Traceback" not in out.stderr
        assert "refused the credentials" in out.stderr and "unreachable" not in out.stderr
        assert "wrong" not in out.stderr  # the password is never shown
    finally:
        srv.stop()


def test_two_adders_and_five_checkers_at_once_lose_nothing_and_see_whole_documents(server):
    import threading

    build_index(server.url, [(f"base{i}", make_text(1000 + i, 300), {}) for i in range(3)]).close()
    new = {f"n{w}-{k}": make_text(2000 + 10 * w + k, 300) for w in range(2) for k in range(8)}
    errors, seen = [], []
    done = threading.Event()

    def adder(w):
        try:
            idx = open_index(server.url)
            for k in range(0, 8, 2):  # several adds per grader
                idx.add([(f"n{w}-{j}", new[f"n{w}-{j}"], {}) for j in (k, k + 1)])
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def checker(c):
        try:
            idx = open_index(server.url)
            names = sorted(new)
            i = c
            while not done.is_set():
                name = names[i % len(names)]
                i += 1
                found = idx.search(new[name])
                if found:  # a document is visible whole or not at all
                    assert found[0].source == name and found[0].share > 0.95, (name, found[0].source)
                    seen.append(name)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    adders = [threading.Thread(target=adder, args=(w,)) for w in range(2)]
    checkers = [threading.Thread(target=checker, args=(c,)) for c in range(5)]
    for t in adders + checkers:
        t.start()
    for t in adders:
        t.join(120)
    done.set()
    for t in checkers:
        t.join(120)
    assert not errors, errors
    assert sorted(open_index(server.url).names()) == sorted([f"base{i}" for i in range(3)] + list(new))
    assert seen  # the checkers did see documents arrive
