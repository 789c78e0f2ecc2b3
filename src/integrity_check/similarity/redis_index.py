"""The shared corpus index in a Redis server.

``redis://[user:password@]HOST:PORT/DB[?prefix=NAME]`` (password may also
come from the environment variable ``INTEGRITY_CHECK_REDIS_PASSWORD``; it is
never shown in messages).

Layout (all keys start with the prefix, default ``icheck``):

* the LSH is datasketch's own ``MinHashLSH`` with Redis storage
  (``basename=PREFIX:lsh``); one LSH key per indexed window,
  ``b"<doc id>:<window>"``, inserted with ``insertion_session()`` (one
  pipelined batch per ``add()``, no per-key duplicate check);
* ``PREFIX:meta`` (hash): format_version, settings (JSON, every hashing
  parameter, the same as the SQLite index), probe;
* ``PREFIX:names`` (hash): document name -> document id; ``PREFIX:nextid``;
* ``PREFIX:doc:<id>`` (hash): name, path, sha256, words, windows, added,
  fingerprints_only, meta, text (zlib) or fp (fingerprints), state.

Queries are batched per LSH band: all query windows' band keys of band i are
fetched by one pipelined ``add_to_select_buffer`` / ``collect_select_buffer``
on datasketch's hash table i, i.e. ``bands`` round trips per search whatever
the report length (datasketch's ``collect_query_buffer`` intersects the
results of the buffered queries, which is not what a multi-window search
needs, so the per-table buffers are used directly).

Consistency: a document is written with ``state=pending``, then its windows
go into the LSH, then one MULTI/EXEC marks it complete and maps its name.
Searches only use complete documents, so a server that dies mid-batch never
yields a partial result silently: the add raises CorpusIndexError, and the
pending leftovers are swept by the next add or remove.  Any connection error
during a search raises CorpusIndexError (after one bounded retry).
"""

from __future__ import annotations

import json
import os
import time
from urllib.parse import parse_qs, unquote, urlparse

import numpy as np

from .engine import BaseIndex, prepare_many, settings_record
from .errors import CorpusIndexError, CorpusIndexUnreachable
from .params import SimilarityParams

PASSWORD_ENV = "INTEGRITY_CHECK_REDIS_PASSWORD"
PENDING_MAX_AGE_S = 3600


def parse_redis_url(url: str) -> tuple[dict, str, str]:
    """(redis.Redis kwargs, prefix, display URL without credentials)."""
    u = urlparse(url)
    if u.scheme not in ("redis", "rediss"):
        raise CorpusIndexError(f"unsupported index URL scheme {u.scheme!r}: use redis://HOST:PORT/DB")
    try:
        port = u.port or 6379
    except ValueError:
        raise CorpusIndexError("the Redis URL has an invalid port: use redis://HOST:PORT/DB") from None
    host = u.hostname or "localhost"
    path = (u.path or "/0").strip("/") or "0"
    if not path.isdigit():
        raise CorpusIndexError(f"the Redis URL's database must be a number, got {path!r}: use redis://HOST:PORT/DB")
    kw = {"host": host, "port": port, "db": int(path), "socket_timeout": 10, "socket_connect_timeout": 5}
    if u.username:
        kw["username"] = unquote(u.username)
    password = unquote(u.password) if u.password else os.environ.get(PASSWORD_ENV)
    if password:
        kw["password"] = password
    if u.scheme == "rediss":
        kw["ssl"] = True
    q = parse_qs(u.query)
    prefix = q.get("prefix", ["icheck"])[0]
    display = f"{u.scheme}://{host}:{port}/{int(path)}" + (f"?prefix={prefix}" if "prefix" in q else "")
    return kw, prefix, display


class RedisIndex(BaseIndex):
    def __init__(self, url: str, create: bool = False, params: SimilarityParams | None = None,
                 reset: bool = False, **_ignored):
        import redis

        self._redis_mod = redis
        self.conn_kw, prefix, self.location = parse_redis_url(url)
        self.prefix = prefix
        self.r = redis.Redis(**self.conn_kw)
        with self._guard("open"):
            self.r.ping()
            if reset:
                self._clear()
            meta = {k.decode(): v.decode() for k, v in self.r.hgetall(self._k("meta")).items()}
            if not meta:
                if not create:
                    raise CorpusIndexError(
                        f"no corpus index in Redis at {self.location}: build one with "
                        f"`integrity-check corpus build DIR --index {self.location}`")
                meta = settings_record(params or SimilarityParams())
                # HSETNX on the marker field: two creators agree on one settings record
                if self.r.hsetnx(self._k("meta"), "settings", meta["settings"]):
                    self.r.hset(self._k("meta"), mapping=meta)
                meta = {k.decode(): v.decode() for k, v in self.r.hgetall(self._k("meta")).items()}
        self._adopt_settings(meta, params, f"the Redis index at {self.location}")
        self.check_probe(meta.get("probe"), self.location)
        self._lsh = None

    # --- helpers ---------------------------------------------------------------------
    def _k(self, *parts) -> str:
        return ":".join((self.prefix,) + tuple(str(p) for p in parts))

    def _guard(self, what: str):
        redis = self._redis_mod
        index = self

        class _G:
            def __enter__(self_inner):
                return self_inner

            def __exit__(self_inner, et, ev, tb):
                if et is not None and issubclass(et, (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError,
                                                      redis.exceptions.BusyLoadingError)):
                    raise CorpusIndexUnreachable(
                        f"the Redis index at {index.location} is unreachable or restarting during {what} "
                        f"({et.__name__}); nothing partial was returned: start or check the server and retry"
                    ) from None
                if et is not None and issubclass(et, redis.exceptions.AuthenticationError):
                    raise CorpusIndexError(
                        f"the Redis server at {index.location} refused the credentials: set the password in the "
                        f"URL or in ${PASSWORD_ENV}") from None
                if et is not None and issubclass(et, redis.exceptions.ResponseError):
                    raise CorpusIndexError(f"the Redis server at {index.location} refused a command during "
                                           f"{what} ({ev}): check the server") from None
                return False

        return _G()

    @property
    def lsh(self):
        if self._lsh is None:
            from datasketch import MinHashLSH

            b, r = self.params.bands()
            cfg = dict(self.conn_kw)
            self._lsh = MinHashLSH(
                num_perm=self.params.num_perm, params=(b, r), prepickle=False,
                storage_config={"type": "redis", "basename": self._k("lsh").encode(), "redis": cfg},
            )
        return self._lsh

    def _clear(self):
        for key in self.r.scan_iter(match=self.prefix + ":*", count=1000):
            self.r.delete(key)

    def close(self):
        try:
            self.r.close()
        except Exception:  # pragma: no cover
            pass

    # --- writing --------------------------------------------------------------------
    def _remove_ids(self, ids):
        """Delete documents (LSH windows first, then the record)."""
        if not ids:
            return
        lsh = self.lsh
        for doc_id in ids:
            raw = self.r.hget(self._k("doc", doc_id), "windows")
            nwin = int(raw) if raw else 0
            with lsh.deletion_session() as sess:
                for w in range(nwin):
                    key = f"{doc_id}:{w}".encode()
                    if key in lsh.keys:
                        sess.remove(key)
            self.r.delete(self._k("doc", doc_id))

    def _sweep_pending(self):
        now = time.time()
        stale = []
        for key in self.r.scan_iter(match=self._k("doc", "*"), count=1000):
            state, added = self.r.hmget(key, "state", "added_ts")
            if state == b"pending" and (added is None or now - float(added) > PENDING_MAX_AGE_S):
                stale.append(int(key.decode().rsplit(":", 1)[1]))
        self._remove_ids(stale)

    def add(self, docs, fingerprints_only: bool = False, jobs: int = 1) -> int:
        from datasketch import LeanMinHash

        records = list(prepare_many(docs, self.params, fingerprints_only, jobs=jobs, keep_sigs=True))
        p = self.params
        with self._guard("corpus add"):
            self._sweep_pending()
            todo = []
            for rec in records:
                old = self.r.hget(self._k("names"), rec.name)
                if old is not None:
                    sha, fpo = self.r.hmget(self._k("doc", int(old)), "sha256", "fingerprints_only")
                    if sha is not None and sha.decode() == rec.sha256 and bool(int(fpo or 0)) == rec.fingerprints_only:
                        continue
                doc_id = int(self.r.incr(self._k("nextid")))
                fields = {
                    "name": rec.name, "path": rec.path, "sha256": rec.sha256, "words": rec.words,
                    "windows": rec.windows, "added": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    "added_ts": time.time(), "fingerprints_only": int(rec.fingerprints_only),
                    "meta": json.dumps(rec.meta, default=str), "state": "pending",
                }
                if rec.text_blob is not None:
                    fields["text"] = rec.text_blob
                else:
                    fields["fp"] = rec.fp_blob
                self.r.hset(self._k("doc", doc_id), mapping=fields)
                todo.append((doc_id, rec, None if old is None else int(old)))
            lsh = self.lsh
            with lsh.insertion_session(buffer_size=10_000) as sess:
                for doc_id, rec, _ in todo:
                    for w in range(rec.sigs.shape[0]):
                        m = LeanMinHash(seed=p.seed, hashvalues=rec.sigs[w], scheme=p.scheme)
                        sess.insert(f"{doc_id}:{w}".encode(), m, check_duplication=False)
            pipe = self.r.pipeline(transaction=True)
            for doc_id, rec, _ in todo:
                pipe.hset(self._k("doc", doc_id), "state", "complete")
                pipe.hset(self._k("names"), rec.name, doc_id)
            pipe.execute()
            self._remove_ids([old for _, _, old in todo if old is not None])
        return len(todo)

    def remove(self, names) -> int:
        with self._guard("corpus remove"):
            n = 0
            for name in names:
                old = self.r.hget(self._k("names"), name)
                if old is None:
                    continue
                self.r.hdel(self._k("names"), name)
                self._remove_ids([int(old)])
                n += 1
            return n

    # --- reading -------------------------------------------------------------------
    def names(self) -> list[str]:
        with self._guard("listing"):
            return sorted(k.decode() for k in self.r.hkeys(self._k("names")))

    def info(self) -> dict:
        with self._guard("corpus info"):
            ids = [int(v) for v in self.r.hvals(self._k("names"))]
            pipe = self.r.pipeline()
            for i in ids:
                pipe.hmget(self._k("doc", i), "windows", "words", "fingerprints_only")
            rows = pipe.execute() if ids else []
            mem = self.r.info("memory").get("used_memory")
        return {
            "location": self.location,
            "backend": "redis",
            "documents": len(ids),
            "windows": sum(int(r[0] or 0) for r in rows),
            "words": sum(int(r[1] or 0) for r in rows),
            "fingerprints_only_documents": sum(int(r[2] or 0) for r in rows),
            "size_on_disk": None,
            "server_used_memory": mem,
            "settings": dict(self.settings),
        }

    def _hits_for(self, keys_unused, sig: np.ndarray) -> dict:
        lsh = self.lsh
        hits: dict[int, int] = {}
        for i, ((start, end), table) in enumerate(zip(lsh.hashranges, lsh.hashtables)):
            hs = list(dict.fromkeys(lsh._H(sig[w, start:end]) for w in range(sig.shape[0])))
            table.add_to_select_buffer(hs)  # one pipelined round trip per band
            for members in table.collect_select_buffer():
                docs = {int(m.split(b":", 1)[0]) for m in members}
                for d in docs:
                    hits[d] = hits.get(d, 0) + 1
        return hits

    def search(self, text, exclude=(), min_words=None, max_candidates=None, timings=None, skip=()):
        last = None
        for attempt in range(2):  # one bounded retry on a dropped connection
            try:
                with self._guard("search"):
                    return super().search(text, exclude=exclude, min_words=min_words,
                                          max_candidates=max_candidates, timings=timings, skip=skip)
            except CorpusIndexUnreachable as exc:
                last = exc
                time.sleep(0.5)
                self._lsh = None
        raise last

    def _doc_names(self, doc_ids) -> dict:
        ids = list(doc_ids)
        pipe = self.r.pipeline()
        for i in ids:
            pipe.hmget(self._k("doc", i), "name", "state")
        out = {}
        for i, (name, state) in zip(ids, pipe.execute() if ids else []):
            if name is not None and state == b"complete":
                out[i] = name.decode()
        return out

    def _load_sources(self, doc_ids) -> dict:
        ids = list(doc_ids)
        pipe = self.r.pipeline()
        for i in ids:
            pipe.hmget(self._k("doc", i), "name", "fingerprints_only", "meta", "text", "fp", "state")
        out = {}
        for i, row in zip(ids, pipe.execute() if ids else []):
            name, fpo, meta, text, fp, state = row
            if name is None or state != b"complete":
                continue
            fingerprints_only = bool(int(fpo or 0))
            out[i] = (name.decode(), self._source_side(fingerprints_only, text, fp), fingerprints_only,
                      json.loads(meta or b"{}"))
        return out
