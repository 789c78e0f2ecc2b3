import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
if str(SRC) not in sys.path:
    sys.path.insert(0, str(SRC))
PAN = ROOT.parent / "shared" / "data" / "pan13-verbatim-dev"

WORDS = (
    "river stone cloud apple lantern violin orbit meadow copper glacier harbor falcon pepper "
    "marble thunder willow canyon ember quartz saddle tunnel velvet walnut yonder zephyr anchor "
    "blossom candle dragon engine feather garden hollow island jungle kettle lemon mirror needle "
    "ocean pillow quiver rocket silver timber umbrella valley wagon yellow basket crystal dolphin "
    "eagle forest goblet hammer igloo jacket koala ladder magnet noodle oyster parrot quilt "
    "ribbon sandal tiger unicorn vessel whistle xylophone yacht zebra acorn bridge castle desert"
).split()


def make_text(seed: int, n_words: int) -> str:
    """Deterministic pseudo-random English-like text (sentences of 8-20 words)."""
    import random

    rnd = random.Random(seed)
    out, sent = [], []
    for _ in range(n_words):
        sent.append(rnd.choice(WORDS))
        if len(sent) >= rnd.randint(8, 20):
            s = " ".join(sent)
            out.append(s[0].upper() + s[1:] + ".")
            sent = []
    if sent:
        out.append(" ".join(sent) + ".")
    return " ".join(out)


@pytest.fixture
def texts():
    return {f"doc{i:02d}": make_text(i, 600) for i in range(12)}


def redis_url():
    return os.environ.get("INTEGRITY_CHECK_REDIS_URL")


# --- a private redis-server per test (started and stopped by the test itself) ----------

def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port: int, folder, *extra: str):
    """A redis-server on a loopback port; its append-only file in *folder* keeps the data
    over a restart in the same folder."""
    import socket
    import subprocess
    import time

    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder),
         "--appendonly", "yes", "--save", "", *extra],
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


class RedisServer:
    """A test's own redis-server: stop(), start() again (same data), restart_empty()."""

    def __init__(self, folder, *extra: str):
        self.port = free_port()
        self.folder = folder
        self.extra = extra
        self.proc = start_redis(self.port, folder, *extra)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            self.proc.wait(10)
            self.proc = None

    def start(self, folder=None) -> None:
        self.proc = start_redis(self.port, folder or self.folder, *self.extra)

    def restart_empty(self, folder) -> None:
        """Restart without the data (a server that lost its memory, no persistence)."""
        self.stop()
        self.start(folder)


@pytest.fixture
def server(tmp_path):
    import shutil

    if not shutil.which("redis-server"):
        pytest.skip("redis-server not installed")
    data = tmp_path / "redis-data"
    data.mkdir()
    srv = RedisServer(data)
    yield srv
    srv.stop()


# --- a batch against an index, with a fault injected between its files -----------------

def write_submissions(folder, n: int = 4):
    """Corpus documents d0..d{n-1} and submissions sub{i}.txt that each copy d{i}."""
    docs = [(f"d{i}", make_text(i, 400), {}) for i in range(n)]
    paths = []
    for i in range(n):
        p = folder / f"sub{i}.txt"
        p.write_text(make_text(100 + i, 80) + " " + docs[i][1], encoding="utf-8")
        paths.append(p)
    return docs, paths


def check_batch(paths, location, after_first=None):
    """Check *paths* in one worker process as the CLI does (the index opened first, its
    token handed to the worker); *after_first* runs in the parent once the first file's
    result is in and before the next file is sent."""
    from pathlib import Path

    from integrity_check.checks.similarity import open_corpus
    from integrity_check.packs import load_pack
    from integrity_check.runner import RunOptions, check_paths

    key = "index" if str(location).startswith("redis") else "corpus"
    run = RunOptions(pack=load_pack("ce7454"), processes=1,
                     options={key: str(location), "index_token": getattr(open_corpus(str(location)), "token", None)})

    class Hook:
        def update(self, done, label=""):
            if done == 1 and after_first is not None:
                after_first()

        def close(self):
            pass

    return {Path(r.path).name: r for r in check_paths([str(p) for p in paths], run, Hook())}


def codes(result) -> set[str]:
    return {f.rule for f in result.findings}


def _cluster_port() -> int:
    """A free port whose cluster bus port (port + 10000) is free and valid too."""
    import socket

    while True:
        port = free_port()
        if port + 10000 >= 65536:
            continue
        try:
            with socket.socket() as s:
                s.bind(("127.0.0.1", port + 10000))
            return port
        except OSError:
            continue


class RedisClusterServers:
    """A 3-master Redis Cluster on loopback ports, made with redis-cli --cluster create."""

    def __init__(self, folder, masters: int = 3, *extra: str):
        import subprocess
        import time

        self.extra = extra
        self.ports = [_cluster_port() for _ in range(masters)]
        self.procs = {}
        self.folder = folder
        try:  # never leave a server behind when the cluster cannot be made
            for port in self.ports:
                self.start(port)
            subprocess.run(["redis-cli", "--cluster", "create", *[f"127.0.0.1:{p}" for p in self.ports],
                            "--cluster-replicas", "0", "--cluster-yes"], check=True, capture_output=True,
                           timeout=60)
        except BaseException:
            self.stop()
            raise
        for _ in range(400):  # every node agrees that all slots are served
            states = [subprocess.run(["redis-cli", "-p", str(p), "cluster", "info"], capture_output=True,
                                     text=True).stdout for p in self.ports]
            if all("cluster_state:ok" in s for s in states):
                break
            time.sleep(0.05)
        else:
            self.stop()
            pytest.fail("the Redis Cluster did not come up")

    def start(self, port: int) -> None:
        node = self.folder / str(port)
        node.mkdir(exist_ok=True)
        self.procs[port] = start_redis(port, node, "--cluster-enabled", "yes", "--cluster-config-file",
                                       "nodes.conf", "--cluster-node-timeout", "2000", *self.extra)

    @property
    def url(self) -> str:
        return "redis+cluster://" + ",".join(f"127.0.0.1:{p}" for p in self.ports[:2])

    def kill(self, port: int) -> None:
        proc = self.procs.pop(port)
        proc.kill()
        proc.wait(10)

    def stop(self) -> None:
        for port in list(self.procs):
            self.kill(port)


@pytest.fixture
def cluster(tmp_path):
    import shutil

    if not (shutil.which("redis-server") and shutil.which("redis-cli")):
        pytest.skip("redis-server and redis-cli are needed for a Redis Cluster")
    data = tmp_path / "cluster"
    data.mkdir()
    servers = RedisClusterServers(data)
    yield servers
    servers.stop()
