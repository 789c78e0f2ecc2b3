"""The shared corpus index in Redis: one server, or a Redis Cluster.

``redis://[user:password@]HOST:PORT/DB[?prefix=NAME]`` or
``redis+cluster://[user:password@]HOST:PORT[,HOST:PORT...][?prefix=NAME]``
(the password may also come from ``INTEGRITY_CHECK_REDIS_PASSWORD``; it is
never shown in messages).

Layout ``compact1`` (all keys start with the prefix P, default ``icheck``;
the part in braces is the Redis Cluster hash tag):

* ``P:meta:{P}`` (hash): format_version, settings (JSON, every hashing
  parameter, as in the SQLite index), probe, created, generation (a token
  every search verifies), layout, bucket_bits;
* ``P:names:{P}`` (hash): document name -> document id; ``P:nextid:{P}``;
* ``P:doc:{P:ID}`` (hash), one per document: name, path, sha256, words,
  windows, added, added_ts, fingerprints_only, meta, and text (zlib) or, for a
  fingerprints-only document, fp (fingerprints) and keys (its band keys, for
  removal; a text document's are recomputed from its text);
* ``P:b:{P:N}`` (sorted set, all scores 0), one per band-key bucket N (the
  low ``bucket_bits`` bits of a 47-bit LSH band key, the same keys as the
  SQLite index): a member is the key's remaining high bits (4-5 bytes) and
  the document id (4 bytes), big-endian, so that ``ZRANGEBYLEX`` on the high
  part returns exactly the documents of one band key.  Buckets hold about 64 members, so Redis keeps
  them in its compact listpack encoding (about 12 bytes a member).

A search sends all its band-key look-ups in one pipeline, then two for the
candidates' names (and that they are committed), one for their texts and one
for the generation token: five round trips (per cluster node) whatever the
report's length.  Findings
equal the SQLite index's: same band keys, same hit counts, same ranking.

Consistency: a document's hash and bucket members are written first, then
``HSET names NAME ID`` commits it (one command, one key).  A search only uses
a document whose name maps to its id, so a writer that dies halfway leaves
nothing visible; its leftovers are swept by a later ``corpus add``.  In a
cluster every key lives in the slot of its tag, so a document's record is
written atomically on one node and buckets spread over all nodes.
"""

from __future__ import annotations

import json
import math
import os
import time
from itertools import islice
from urllib.parse import parse_qs, unquote, urlsplit

import numpy as np

from .engine import BaseIndex, prepare_many, settings_record
from .errors import (DECODE_ERRORS, OUTAGE_HOLD_S, RETRY_PAUSES_S, CorpusIndexAuthError, CorpusIndexChanged,
                     CorpusIndexError, CorpusIndexUnavailable, CorpusIndexUnreachable, damaged_entry,
                     generation_token, new_generation, rebuild_hint)
from .params import SimilarityParams
from .stored import stored_band_keys

PASSWORD_ENV = "INTEGRITY_CHECK_REDIS_PASSWORD"
PENDING_MAX_AGE_S = 3600
LAYOUT = "compact1"
# Bucket count 2**bucket_bits.  Redis keeps a sorted set in its compact listpack
# encoding up to 128 members (zset-max-listpack-entries); aiming at 64 members a
# bucket leaves room for the Poisson spread and for growth, and a key's own
# overhead (~100 bytes) stays under 2 bytes a member.  `corpus build` sizes the
# buckets from the documents it indexes (10 to 24 bits: 1,024 to 16.7M buckets,
# up to 1 billion band keys); an index created by `corpus add` gets 16 bits
# (~4M band keys, ~2,900 documents of 3,000 words, before buckets outgrow the
# compact encoding: still correct, about 5x the memory per member; `corpus
# build` resizes).
MEMBERS_PER_BUCKET = 64
MIN_BUCKET_BITS, DEFAULT_BUCKET_BITS, MAX_BUCKET_BITS = 10, 16, 24
BAND_KEY_BITS = 47  # params.BAND_KEY: the top 47 bits of the band hash
# Commands per pipeline flush while writing (bounded client memory, steady server).
WRITE_BATCH = 20_000
ADD_CHUNK_DOCS = 200  # documents prepared and written per step of a large add


def bucket_bits_for(band_keys: float) -> int:
    """Bucket bits for an index expected to hold *band_keys* (document, band key) pairs."""
    want = math.ceil(math.log2(max(band_keys, 1) / MEMBERS_PER_BUCKET)) if band_keys > 0 else 0
    return max(MIN_BUCKET_BITS, min(MAX_BUCKET_BITS, want))


def is_cluster_url(url: str) -> bool:
    return url.startswith("redis+cluster://")


def parse_redis_url(url: str) -> tuple[dict, str, str]:
    """(connection settings, prefix, display URL without credentials).  The settings hold
    ``nodes`` [(host, port)], ``db``, ``cluster`` and the redis-py keyword arguments."""
    u = urlsplit(url)
    if u.scheme not in ("redis", "rediss", "redis+cluster"):
        raise CorpusIndexError(f"unsupported index URL scheme {u.scheme!r}: use redis://HOST:PORT/DB or "
                               "redis+cluster://HOST:PORT[,HOST:PORT...]")
    cluster = u.scheme == "redis+cluster"
    creds, _, hosts = u.netloc.rpartition("@")
    nodes = []
    for part in (hosts or "localhost").split(","):
        host, sep, port = part.strip().rpartition(":")
        if not sep:
            host, port = port, "6379"
        if not port.isdigit() or not 0 < int(port) < 65536:
            raise CorpusIndexError("the Redis URL has an invalid port: use redis://HOST:PORT/DB")
        nodes.append((host.strip("[]") or "localhost", int(port)))
    if len(nodes) > 1 and not cluster:
        raise CorpusIndexError("several hosts need a cluster URL: redis+cluster://HOST:PORT,HOST:PORT")
    path = (u.path or "/0").strip("/") or "0"
    if not path.isdigit() or (cluster and path != "0"):
        raise CorpusIndexError(f"the Redis URL's database must be a number (0 in a cluster), got {path!r}: "
                               "use redis://HOST:PORT/DB")
    kw = {"socket_timeout": 10, "socket_connect_timeout": 5}
    user, _, password = creds.partition(":")
    if user:
        kw["username"] = unquote(user)
    password = unquote(password) if password else os.environ.get(PASSWORD_ENV)
    if password:
        kw["password"] = password
    if u.scheme == "rediss":
        kw["ssl"] = True
    q = parse_qs(u.query)
    prefix = q.get("prefix", ["icheck"])[0]
    where = ",".join(f"{h}:{p}" for h, p in nodes)
    display = f"{u.scheme}://{where}" + ("" if cluster else f"/{int(path)}") + (
        f"?prefix={prefix}" if "prefix" in q else "")
    return {"nodes": nodes, "db": int(path), "cluster": cluster, "kw": kw}, prefix, display


def _client_retry():
    """redis-py's own retry: one immediate reconnect (a stale pooled connection), no backoff;
    the longer story is RedisIndex.search's (RETRY_PAUSES_S)."""
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    return Retry(NoBackoff(), 1)


def _connect(settings: dict):
    import redis

    kw = dict(settings["kw"], retry=_client_retry())
    if settings["cluster"]:
        from redis.cluster import ClusterNode, RedisCluster

        return RedisCluster(startup_nodes=[ClusterNode(h, p) for h, p in settings["nodes"]], **kw)
    host, port = settings["nodes"][0]
    return redis.Redis(host=host, port=port, db=settings["db"], **kw)


def _decode(meta: dict) -> dict:
    return {k.decode(): v.decode() for k, v in meta.items()}


class RedisIndex(BaseIndex):
    def __init__(self, url: str, create: bool = False, params: SimilarityParams | None = None,
                 reset: bool = False, bucket_bits: int | None = None, **_ignored):
        import redis

        self._redis_mod = redis
        self.conn_settings, self.prefix, self.location = parse_redis_url(url)
        self.cluster = self.conn_settings["cluster"]
        self.token = None
        self._failure: tuple[CorpusIndexError, float] | None = None
        with self._guard("open"):
            self.r = _connect(self.conn_settings)
            self.r.ping()
            if reset:
                self._clear()
            meta = _decode(self.r.hgetall(self._k("meta")))
            if not meta and self.r.exists(f"{self.prefix}:meta"):  # the layout before compact1
                meta = {"layout": "datasketch"}
            if not meta:
                if not create:
                    raise CorpusIndexUnavailable(
                        f"no corpus index in Redis at {self.location}: build one with "
                        f"`integrity-check corpus build DIR --index {self.location}`")
                meta = {**settings_record(params or SimilarityParams()), "generation": new_generation(),
                        "layout": LAYOUT, "bucket_bits": str(bucket_bits or DEFAULT_BUCKET_BITS)}
                # HSETNX on the marker field: two creators agree on one settings record
                if self.r.hsetnx(self._k("meta"), "settings", meta["settings"]):
                    self.r.hset(self._k("meta"), mapping=meta)
                meta = _decode(self.r.hgetall(self._k("meta")))
        if meta.get("layout") != LAYOUT:
            raise CorpusIndexError(
                f"the Redis index at {self.location} uses an older layout ({meta.get('layout') or 'datasketch'}, "
                f"one key per window); this integrity-check reads layout {LAYOUT}, which takes a fraction of "
                f"the memory: {rebuild_hint(self.location)}")
        self._adopt_settings(meta, params, f"the Redis index at {self.location}")
        self.check_probe(meta.get("probe"), self.location)
        self.token = generation_token(meta)
        self.bucket_bits = int(meta.get("bucket_bits") or DEFAULT_BUCKET_BITS)
        self._high_bytes = (BAND_KEY_BITS - self.bucket_bits + 7) // 8
        if not MIN_BUCKET_BITS <= self.bucket_bits <= MAX_BUCKET_BITS:
            raise CorpusIndexError(f"the Redis index at {self.location} has unusable settings (bucket_bits "
                                   f"{self.bucket_bits}): {rebuild_hint(self.location)}")

    # --- keys ------------------------------------------------------------------------
    def _k(self, kind: str, tag=None) -> str:
        """``P:kind:{P}`` or ``P:kind:{P:tag}``: the braces are the cluster hash tag."""
        inner = self.prefix if tag is None else f"{self.prefix}:{tag}"
        return f"{self.prefix}:{kind}:{{{inner}}}"

    def _doc(self, doc_id: int) -> str:
        return self._k("doc", doc_id)

    def _buckets(self, keys: np.ndarray):
        """(bucket numbers, big-endian high parts as bytes) of int64 band keys."""
        keys = np.asarray(keys, dtype=np.int64)
        mask = (1 << self.bucket_bits) - 1
        high = (keys >> self.bucket_bits).astype(">u8").view(np.uint8).reshape(-1, 8)[:, 8 - self._high_bytes:]
        return (keys & mask).tolist(), [row.tobytes() for row in high]

    def _pipe(self):
        return self.r.pipeline(transaction=False)

    # --- faults ----------------------------------------------------------------------
    def _guard(self, what: str):
        redis = self._redis_mod
        index = self
        cluster_errors = ()
        try:
            from redis.exceptions import ClusterDownError, ClusterError, MasterDownError, RedisClusterException

            cluster_errors = (ClusterDownError, ClusterError, MasterDownError, RedisClusterException)
        except ImportError:  # pragma: no cover - older redis-py
            pass

        class _G:
            def __enter__(self_inner):
                return self_inner

            def __exit__(self_inner, et, ev, tb):
                if et is None:
                    return False
                # credentials first: redis-py's AuthenticationError is a ConnectionError
                if issubclass(et, (redis.exceptions.AuthenticationError, redis.exceptions.AuthorizationError,
                                   redis.exceptions.NoPermissionError)):
                    raise CorpusIndexAuthError(
                        f"the Redis server at {index.location} refused the credentials during {what} "
                        f"({et.__name__}): give the right user and password in the URL "
                        f"(redis://USER:PASSWORD@HOST:PORT/DB) or in ${PASSWORD_ENV}; the server is up, "
                        "so retrying will not help") from None
                if issubclass(et, (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
                                   redis.exceptions.BusyLoadingError, *cluster_errors)):
                    raise CorpusIndexUnreachable(
                        f"the Redis index at {index.location} is unreachable or restarting during {what} "
                        f"({et.__name__}); nothing partial was returned: start or check the server and retry"
                    ) from None
                if issubclass(et, redis.exceptions.ResponseError):
                    raise CorpusIndexError(f"the Redis server at {index.location} refused a command during "
                                           f"{what} ({ev}): check the server") from None
                return False

        return _G()

    def _clear(self):
        pipe = self._pipe()
        n = 0
        for key in self.r.scan_iter(match=self.prefix + ":*", count=1000):
            pipe.delete(key)
            n += 1
            if n % WRITE_BATCH == 0:
                pipe.execute()
        pipe.execute()

    def close(self):
        try:
            self.r.close()
        except Exception:  # pragma: no cover
            pass

    # --- writing --------------------------------------------------------------------
    def _remove_ids(self, ids) -> None:
        """Delete documents' bucket members and records (their names are no longer mapped)."""
        ids = list(ids)
        if not ids:
            return
        pipe = self._pipe()
        for doc_id in ids:
            pipe.hmget(self._doc(doc_id), "keys", "text")
        blobs = pipe.execute()
        pipe = self._pipe()
        n = 0
        for doc_id, (keys, text) in zip(ids, blobs):
            if keys or text:
                buckets, highs = self._buckets(stored_band_keys(keys, text, self.params))
                tail = int(doc_id).to_bytes(4, "big")
                grouped: dict[int, list[bytes]] = {}
                for b, h in zip(buckets, highs):
                    grouped.setdefault(b, []).append(h + tail)
                for b, members in grouped.items():
                    pipe.zrem(self._k("b", b), *members)
                    n += 1
                    if n % WRITE_BATCH == 0:
                        pipe.execute()
            pipe.delete(self._doc(doc_id))
        pipe.execute()

    def _sweep(self) -> None:
        """Remove leftovers of writers that died: documents older than PENDING_MAX_AGE_S
        whose name does not map to them (never committed, or replaced but not removed)."""
        now = time.time()
        names = {v: k for k, v in self.r.hgetall(self._k("names")).items()}
        stale = []
        for key in self.r.scan_iter(match=f"{self.prefix}:doc:*", count=1000):
            doc_id = int(key.decode().rsplit(":", 1)[1].rstrip("}"))
            if str(doc_id).encode() in names:
                continue
            added = self.r.hget(key, "added_ts")
            if added is None or now - float(added) > PENDING_MAX_AGE_S:
                stale.append(doc_id)
        self._remove_ids(stale)

    def add(self, docs, fingerprints_only: bool = False, jobs: int = 1) -> int:
        """Add (name, text, meta) documents; returns how many were added or replaced (an
        identical document under the same name is skipped)."""
        with self._guard("corpus add"):
            self._sweep()
        return self.add_records(prepare_many(docs, self.params, fingerprints_only, jobs=jobs))

    def add_records(self, records) -> int:
        records = iter(records)
        total = 0
        while True:
            chunk = list(islice(records, ADD_CHUNK_DOCS))
            if not chunk:
                return total
            with self._guard("corpus add"):
                total += self._write_chunk(chunk)

    def _write_chunk(self, chunk) -> int:
        names_key = self._k("names")
        olds = [int(o) if o else None for o in self.r.hmget(names_key, [rec.name for rec in chunk])]
        pipe = self._pipe()
        for old in olds:
            if old is not None:
                pipe.hmget(self._doc(old), "sha256", "fingerprints_only")
        known = iter(pipe.execute() if any(o is not None for o in olds) else [])
        todo = []
        for rec, old in zip(chunk, olds):
            have = next(known) if old is not None else None
            if have and have[0] is not None and have[0].decode() == rec.sha256 \
                    and bool(int(have[1] or 0)) == rec.fingerprints_only:
                continue  # the same document under the same name
            todo.append((rec, old))
        if not todo:
            return 0
        last = int(self.r.incrby(self._k("nextid"), len(todo)))
        ids = range(last - len(todo) + 1, last + 1)
        pipe = self._pipe()
        now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        grouped: dict[int, dict[bytes, int]] = {}  # one ZADD per bucket for the whole chunk
        for doc_id, (rec, _) in zip(ids, todo):
            fields = {
                "name": rec.name, "path": rec.path, "sha256": rec.sha256, "words": rec.words,
                "windows": rec.windows, "added": now, "added_ts": time.time(),
                "fingerprints_only": int(rec.fingerprints_only), "meta": json.dumps(rec.meta, default=str),
            }
            if rec.text_blob is not None:
                fields["text"] = rec.text_blob
            else:  # no text to recompute the band keys from at removal
                fields.update(fp=rec.fp_blob, keys=rec.keys.astype("<i8").tobytes())
            pipe.hset(self._doc(doc_id), mapping=fields)
            buckets, highs = self._buckets(rec.keys)
            tail = doc_id.to_bytes(4, "big")
            for b, h in zip(buckets, highs):
                grouped.setdefault(b, {})[h + tail] = 0
        for n, (b, members) in enumerate(grouped.items(), 1):
            pipe.zadd(self._k("b", b), members)
            if n % WRITE_BATCH == 0:
                pipe.execute()
        pipe.execute()
        # the commit: each name maps to its new document in one command
        self.r.hset(names_key, mapping={rec.name: doc_id for doc_id, (rec, _) in zip(ids, todo)})
        self._remove_ids([old for _, old in todo if old is not None])
        return len(todo)

    def remove(self, names) -> int:
        with self._guard("corpus remove"):
            names = list(names)
            if not names:
                return 0
            olds = self.r.hmget(self._k("names"), names)
            found = [(n, int(o)) for n, o in zip(names, olds) if o is not None]
            if found:
                self.r.hdel(self._k("names"), *[n for n, _ in found])
                self._remove_ids([i for _, i in found])
            return len(found)

    # --- reading -------------------------------------------------------------------
    def names(self) -> list[str]:
        with self._guard("listing"):
            return sorted(k.decode() for k in self.r.hkeys(self._k("names")))

    def info(self) -> dict:
        with self._guard("corpus info"):
            ids = [int(v) for v in self.r.hvals(self._k("names"))]
            pipe = self._pipe()
            for i in ids:
                pipe.hmget(self._doc(i), "windows", "words", "fingerprints_only")
            rows = pipe.execute() if ids else []
            memory = self._memory_usage(ids)
        return {
            "location": self.location,
            "backend": "redis cluster" if self.cluster else "redis",
            "documents": len(ids),
            "windows": sum(int(r[0] or 0) for r in rows),
            "words": sum(int(r[1] or 0) for r in rows),
            "fingerprints_only_documents": sum(int(r[2] or 0) for r in rows),
            "size_on_disk": None,
            "memory": memory,
            "settings": dict(self.settings),
        }

    def _memory_usage(self, ids, sample: int = 4000) -> dict:
        """Memory the index's keys take in Redis (``MEMORY USAGE``): exact up to *sample*
        keys of a kind, else the mean of an even sample times the count."""
        buckets = [k for k in self.r.scan_iter(match=self.prefix + ":b:*", count=5000)]
        fixed = [self._k("meta"), self._k("names"), self._k("nextid")]
        kinds = {"documents": [self._doc(i) for i in ids], "buckets": buckets}
        out = {}
        pipe = self._pipe()
        for key in fixed:
            pipe.memory_usage(key, samples=0)
        out["records"] = sum(v or 0 for v in pipe.execute())
        for kind, keys in kinds.items():
            picked = keys if len(keys) <= sample else keys[:: max(1, len(keys) // sample)]
            pipe = self._pipe()
            for key in picked:
                pipe.memory_usage(key, samples=0)
            used = [v or 0 for v in pipe.execute()] if picked else []
            out[kind] = round(sum(used) * len(keys) / len(picked)) if picked else 0
        out["bucket_keys"] = len(buckets)
        out["total"] = out["records"] + out["documents"] + out["buckets"]
        return out

    def verify_unchanged(self) -> None:
        """Raise unless the server still holds the index this object opened (same generation
        token): a server restarted without its data, flushed or rebuilt mid-batch must not
        turn into "no match"."""
        raw = self.r.hmget(self._k("meta"), "generation", "created")
        token = (raw[0] or raw[1] or b"").decode() or None
        if token == self.token:
            return
        what = "emptied (server restarted without its data, or flushed)" if token is None else "rebuilt"
        raise CorpusIndexChanged(
            f"the Redis index at {self.location} was {what} during the run: similarity was not checked "
            "against it; restore or rebuild the index, then run the check again")

    def search(self, text, exclude=(), min_words=None, max_candidates=None, timings=None, skip=()):
        if self._failure is not None:  # fail fast after a confirmed fault
            exc, since = self._failure
            if not isinstance(exc, CorpusIndexUnreachable) or time.monotonic() - since < OUTAGE_HOLD_S:
                raise type(exc)(exc.message)
            self._failure = None
        for pause in (*RETRY_PAUSES_S, None):
            try:
                with self._guard("search"):
                    found = super().search(text, exclude=exclude, min_words=min_words,
                                           max_candidates=max_candidates, timings=timings, skip=skip)
                    self.verify_unchanged()
                    return found
            except CorpusIndexUnreachable as exc:
                if pause is None:
                    self._failure = (exc, time.monotonic())
                    raise
                time.sleep(pause)
            except CorpusIndexError as exc:
                self._failure = (exc, time.monotonic())
                raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _candidate_hits(self, keys: np.ndarray) -> dict:
        buckets, highs = self._buckets(keys)
        pipe = self._pipe()
        for b, h in zip(buckets, highs):
            pipe.zrangebylex(self._k("b", b), b"[" + h, b"[" + h + b"\xff\xff\xff\xff")
        hits: dict[int, int] = {}
        for members in pipe.execute() if buckets else []:
            for m in members:
                d = int.from_bytes(m[-4:], "big")
                hits[d] = hits.get(d, 0) + 1
        return hits

    def _doc_names(self, doc_ids) -> dict:
        """{id: name} of the committed documents among doc_ids (their name maps to them)."""
        ids = list(doc_ids)
        if not ids:
            return {}
        pipe = self._pipe()
        for i in ids:
            pipe.hget(self._doc(i), "name")
        named = [(i, n) for i, n in zip(ids, pipe.execute()) if n is not None]
        if not named:
            return {}
        mapped = self.r.hmget(self._k("names"), [n for _, n in named])
        return {i: n.decode() for (i, n), m in zip(named, mapped) if m is not None and int(m) == i}

    def _load_sources(self, doc_ids) -> dict:
        ids = list(doc_ids)
        pipe = self._pipe()
        for i in ids:
            pipe.hmget(self._doc(i), "name", "fingerprints_only", "meta", "text", "fp")
        out = {}
        for i, row in zip(ids, pipe.execute() if ids else []):
            name, fpo, meta, text, fp = row
            if name is None:
                continue
            fingerprints_only = bool(int(fpo or 0))
            try:
                out[i] = (name.decode(), self._source_side(fingerprints_only, text, fp), fingerprints_only,
                          json.loads(meta or b"{}"))
            except DECODE_ERRORS as exc:
                raise damaged_entry(self.location, name.decode(errors="replace"), exc) from None
        return out


def build_redis(location, docs, params: SimilarityParams | None = None, fingerprints_only: bool = False,
                jobs: int = 1, expected_documents: int | None = None, records=None) -> RedisIndex:
    """Clear the index at *location* and fill it; the bucket count is sized from
    *expected_documents* times the band keys of the first documents."""
    params = params or SimilarityParams()
    if records is None:
        records = prepare_many(docs, params, fingerprints_only, jobs=jobs)
    records = iter(records)
    head = list(islice(records, 32))
    per_doc = sum(len(r.keys) for r in head) / len(head) if head else 0
    bits = bucket_bits_for(per_doc * max(expected_documents or 0, len(head)))
    idx = RedisIndex(location, create=True, params=params, reset=True, bucket_bits=bits)
    idx.add_records(head)
    idx.add_records(records)
    return idx
