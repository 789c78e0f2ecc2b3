"""A Redis server that goes down or restarts mid-batch: a retry or a clear error, never a partial result.

Starts its own redis-server on a free loopback port (the shared test server is
not restarted under other tests).
"""
import shutil
import socket
import subprocess
import time

import pytest

from integrity_check.similarity import CorpusIndexError, build_index

from .conftest import make_text

pytestmark = pytest.mark.redis


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(port: int, folder) -> subprocess.Popen:
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--appendonly", "yes", "--save", ""],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return proc
        except OSError:
            time.sleep(0.05)
    proc.kill()
    pytest.fail("redis-server did not start")


@pytest.fixture
def server(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server not installed")
    port = _free_port()
    state = {"proc": _start(port, tmp_path), "port": port, "dir": tmp_path}
    yield state
    state["proc"].terminate()
    state["proc"].wait(10)


def test_restart_mid_batch_is_retried(server):
    url = f"redis://127.0.0.1:{server['port']}/0"
    idx = build_index(url, [(f"d{i}", make_text(i, 400), {}) for i in range(5)])
    query = make_text(3, 400)[200:1800]
    before = [(m.source, [(p.start, p.end) for p in m.passages]) for m in idx.search(query)]
    assert before and before[0][0] == "d3"
    server["proc"].terminate()
    server["proc"].wait(10)
    server["proc"] = _start(server["port"], server["dir"])  # same data (append-only file)
    after = [(m.source, [(p.start, p.end) for p in m.passages]) for m in idx.search(query)]
    assert after == before


def test_server_down_mid_batch_is_a_clear_error(server):
    url = f"redis://127.0.0.1:{server['port']}/0"
    idx = build_index(url, [(f"d{i}", make_text(i, 400), {}) for i in range(3)])
    server["proc"].terminate()
    server["proc"].wait(10)
    with pytest.raises(CorpusIndexError, match="unreachable"):
        idx.search(make_text(1, 400))
