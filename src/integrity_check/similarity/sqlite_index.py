"""The embedded corpus index: one SQLite file.

Schema (format version 1)::

    meta(key TEXT PRIMARY KEY, value TEXT)
        format_version, settings (JSON: every hashing parameter), probe, created
    docs(id INTEGER PRIMARY KEY, name TEXT UNIQUE, path, sha256, words, windows,
         added, fingerprints_only, meta JSON,
         text BLOB      -- zlib(UTF-8 text); NULL for fingerprints-only docs
         fp BLOB        -- zlib(word offsets + seed n-gram hashes); NULL otherwise
         keys BLOB)     -- LSH band keys (int64) of fingerprints-only docs, for
                        -- removal (text docs recompute them from their text)
    bands(key INTEGER, doc INTEGER, PRIMARY KEY (key, doc)) WITHOUT ROWID
        one row per distinct band key of a document's windows

A search looks its band keys up with SQL (``WHERE key IN (...)``) so memory
does not grow with the corpus.  Writes are one ``BEGIN IMMEDIATE``
transaction per ``add()``/``remove()`` in WAL mode: a writer killed halfway
leaves the previous index intact, and concurrent writers queue on the
``busy_timeout`` instead of losing documents.  ``build_index`` writes a new
file next to the target and renames it into place.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

import numpy as np

from .engine import BaseIndex, DocRecord, prepare_many, settings_record
from .errors import CorpusIndexError, rebuild_hint
from .params import SimilarityParams

APP_ID = 0x49434B31  # "ICK1" in PRAGMA application_id
BUSY_TIMEOUT_MS = 60_000
QUICK_CHECK_MAX_BYTES = 256 * 1024 * 1024
_SQL_CHUNK = 30_000 if sqlite3.sqlite_version_info >= (3, 32, 0) else 900

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs(
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    path TEXT,
    sha256 TEXT NOT NULL,
    words INTEGER NOT NULL,
    windows INTEGER NOT NULL,
    added TEXT NOT NULL,
    fingerprints_only INTEGER NOT NULL,
    meta TEXT,
    text BLOB,
    fp BLOB,
    keys BLOB
);
CREATE TABLE IF NOT EXISTS bands(key INTEGER NOT NULL, doc INTEGER NOT NULL,
    PRIMARY KEY (key, doc)) WITHOUT ROWID;
"""


def _create_schema(db, params: SimilarityParams) -> None:
    """Tables plus the meta rows that record every hashing setting (inside the caller's transaction)."""
    for stmt in _SCHEMA.split(";"):
        if stmt.strip():
            db.execute(stmt)
    db.executemany("INSERT INTO meta VALUES (?, ?)", settings_record(params).items())


def _insert_doc(db, rec: DocRecord, added: str) -> int:
    """One docs row; returns its id (band keys are the caller's)."""
    cur = db.execute(
        "INSERT INTO docs(name, path, sha256, words, windows, added, fingerprints_only, meta, text, fp, keys)"
        " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        (rec.name, rec.path, rec.sha256, rec.words, rec.windows, added, int(rec.fingerprints_only),
         json.dumps(rec.meta, default=str), rec.text_blob, rec.fp_blob,
         rec.keys.astype("<i8").tobytes() if rec.fingerprints_only else None),
    )
    return cur.lastrowid


class SQLiteIndex(BaseIndex):
    def __init__(self, path, create: bool = False, params: SimilarityParams | None = None,
                 quick_check: bool | None = None):
        self.path = Path(path)
        self.location = str(self.path)
        exists = self.path.exists() and self.path.stat().st_size > 0
        if not exists and not create:
            raise CorpusIndexError(
                f"no corpus index at {self.path}: create one with `integrity-check corpus build DIR "
                f"--corpus {self.path}` (or `corpus add`)"
            )
        if not exists:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            self.db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if not exists:
                self._initialise(params or SimilarityParams())
            self._open_checks(params, quick_check)
        except sqlite3.DatabaseError as exc:
            raise CorpusIndexError(
                f"{self.path} is not a usable corpus index ({exc}): {rebuild_hint(self.path)}"
            ) from None

    # --- opening --------------------------------------------------------------
    def _initialise(self, params: SimilarityParams):
        db = self.db
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("BEGIN IMMEDIATE")
        try:
            have = db.execute("SELECT name FROM sqlite_master WHERE name='meta'").fetchone()
            if not have:  # another process may have won the race
                db.execute(f"PRAGMA application_id={APP_ID}")
                _create_schema(db, params)
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _open_checks(self, params, quick_check):
        db = self.db
        app = db.execute("PRAGMA application_id").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if app != APP_ID or not {"meta", "docs", "bands"} <= tables:
            raise CorpusIndexError(f"{self.path} is an SQLite file but not an integrity-check corpus index: "
                                   f"use another path, or {rebuild_hint(self.path)}")
        meta = dict(db.execute("SELECT key, value FROM meta"))
        self._adopt_settings(meta, params, f"corpus index {self.path}")
        size = self.path.stat().st_size
        if quick_check is None:
            quick_check = size <= QUICK_CHECK_MAX_BYTES
        if quick_check:
            res = db.execute("PRAGMA quick_check").fetchall()
            if res != [("ok",)]:
                raise CorpusIndexError(f"corpus index {self.path} is damaged ({res[0][0]}): restore a backup "
                                       f"or {rebuild_hint(self.path)}")
        self.check_probe(meta.get("probe"), self.location)
        # WAL lets searches run while another process adds documents
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            try:
                db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:
                pass
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache

    def verify(self) -> None:
        """Full ``PRAGMA integrity_check``; raises CorpusIndexError if damaged."""
        res = self.db.execute("PRAGMA integrity_check").fetchall()
        if res != [("ok",)]:
            raise CorpusIndexError(f"corpus index {self.path} is damaged ({res[0][0]}): {rebuild_hint(self.path)}")

    def close(self):
        try:
            self.db.close()
        except Exception:  # pragma: no cover
            pass

    # --- writing ---------------------------------------------------------------
    def _write(self, fn):
        db = self.db
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise CorpusIndexError(f"corpus index {self.path} is busy or read-only ({exc}): retry when the "
                                   "other `corpus` command has finished") from None
        try:
            out = fn(db)
            db.execute("COMMIT")
            return out
        except BaseException:
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            raise

    def _doc_keys(self, db, doc_id: int, keys_blob) -> np.ndarray:
        if keys_blob is not None:
            return np.frombuffer(keys_blob, dtype="<i8")
        import zlib

        from .fingerprint import document_fingerprint
        from .normalize import tokenize

        text = zlib.decompress(db.execute("SELECT text FROM docs WHERE id=?", (doc_id,)).fetchone()[0])
        _, keys, _ = document_fingerprint(tokenize(text.decode("utf-8")).words, self.params)
        return np.unique(keys.ravel())

    def _delete_doc(self, db, doc_id: int, keys_blob):
        keys = self._doc_keys(db, doc_id, keys_blob)
        db.executemany("DELETE FROM bands WHERE key=? AND doc=?", ((int(k), doc_id) for k in keys))
        db.execute("DELETE FROM docs WHERE id=?", (doc_id,))

    def _insert_record(self, db, rec: DocRecord) -> bool:
        row = db.execute("SELECT id, sha256, fingerprints_only, keys FROM docs WHERE name=?", (rec.name,)).fetchone()
        if row is not None:
            if row[1] == rec.sha256 and bool(row[2]) == rec.fingerprints_only:
                return False
            self._delete_doc(db, row[0], row[3])
        doc_id = _insert_doc(db, rec, time.strftime("%Y-%m-%dT%H:%M:%S%z"))
        db.executemany("INSERT OR IGNORE INTO bands(key, doc) VALUES (?, ?)",
                       ((k, doc_id) for k in rec.keys.tolist()))
        return True

    def add(self, docs, fingerprints_only: bool = False, jobs: int = 1) -> int:
        """Add (name, text, meta) documents in one transaction; return how many
        were added or replaced (an identical document under the same name is
        skipped).  Hashing happens before the write lock is taken."""
        records = list(prepare_many(docs, self.params, fingerprints_only, jobs=jobs))
        return self._write(lambda db: sum(self._insert_record(db, r) for r in records))

    def remove(self, names) -> int:
        def run(db):
            n = 0
            for name in names:
                row = db.execute("SELECT id, keys FROM docs WHERE name=?", (name,)).fetchone()
                if row:
                    self._delete_doc(db, row[0], row[1])
                    n += 1
            return n

        return self._write(run)

    # --- reading ----------------------------------------------------------------
    def names(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT name FROM docs ORDER BY name")]

    def info(self) -> dict:
        db = self.db
        ndocs, nwin, nfp, nwords = db.execute(
            "SELECT count(*), coalesce(sum(windows),0), coalesce(sum(fingerprints_only),0),"
            " coalesce(sum(words),0) FROM docs").fetchone()
        size = sum(p.stat().st_size for p in (self.path, Path(str(self.path) + "-wal")) if p.exists())
        return {
            "location": str(self.path),
            "backend": "sqlite",
            "documents": ndocs,
            "windows": nwin,
            "words": nwords,
            "fingerprints_only_documents": nfp,
            "size_on_disk": size,
            "settings": dict(self.settings),
        }

    def _candidate_hits(self, keys: np.ndarray) -> dict:
        hits: dict[int, int] = {}
        ks = keys.tolist()
        for i in range(0, len(ks), _SQL_CHUNK):
            chunk = ks[i:i + _SQL_CHUNK]
            q = "SELECT doc, count(*) FROM bands WHERE key IN (%s) GROUP BY doc" % ",".join("?" * len(chunk))
            for doc, c in self.db.execute(q, chunk):
                hits[doc] = hits.get(doc, 0) + c
        return hits

    def _doc_names(self, doc_ids) -> dict:
        out = {}
        ids = list(doc_ids)
        for i in range(0, len(ids), _SQL_CHUNK):
            chunk = ids[i:i + _SQL_CHUNK]
            q = "SELECT id, name FROM docs WHERE id IN (%s)" % ",".join("?" * len(chunk))
            out.update(self.db.execute(q, chunk))
        return out

    def _load_sources(self, doc_ids) -> dict:
        out = {}
        ids = list(doc_ids)
        if not ids:
            return out
        q = "SELECT id, name, fingerprints_only, meta, text, fp FROM docs WHERE id IN (%s)" % ",".join("?" * len(ids))
        for doc_id, name, fpo, meta, text, fp in self.db.execute(q, ids):
            out[doc_id] = (name, self._source_side(fpo, text, fp), bool(fpo), json.loads(meta or "{}"))
        return out


def build_sqlite(path, docs, params: SimilarityParams | None = None, fingerprints_only: bool = False,
                 jobs: int = 1, progress=None) -> SQLiteIndex:
    """Build a new index file at *path* from (name, text, meta) items, replacing
    any file there only when the build has completed (write to a temporary
    file, then rename)."""
    params = params or SimilarityParams()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.building-{os.getpid()}")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm"), Path(str(tmp) + "-journal")):
        if p.exists():
            p.unlink()
    try:
        db = sqlite3.connect(str(tmp), isolation_level=None)
        db.execute(f"PRAGMA application_id={APP_ID}")
        db.execute("PRAGMA journal_mode=OFF")
        db.execute("PRAGMA synchronous=OFF")
        db.execute("PRAGMA cache_size=-262144")
        db.execute("PRAGMA temp_store=FILE")
        db.execute("BEGIN")
        _create_schema(db, params)
        db.execute("CREATE TEMP TABLE stage(key INTEGER, doc INTEGER)")
        now = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        seen: set[str] = set()
        n = 0
        for rec in prepare_many(docs, params, fingerprints_only, jobs=jobs):
            if rec.name in seen:
                raise CorpusIndexError(f"two documents are named {rec.name!r}: give them distinct names")
            seen.add(rec.name)
            doc_id = _insert_doc(db, rec, now)
            db.executemany("INSERT INTO stage VALUES (?, ?)", ((k, doc_id) for k in rec.keys.tolist()))
            n += 1
            if progress and n % 1000 == 0:
                progress(n)
        db.execute("INSERT OR IGNORE INTO bands SELECT key, doc FROM stage ORDER BY key, doc")
        db.execute("DROP TABLE stage")
        db.execute("COMMIT")
        db.execute("PRAGMA journal_mode=WAL")
        db.close()
        os.replace(tmp, path)
        for p in (Path(str(path) + "-wal"), Path(str(path) + "-shm")):
            if p.exists():
                p.unlink()
    except BaseException:
        for p in (tmp, Path(str(tmp) + "-journal")):
            if p.exists():
                p.unlink()
        raise
    return SQLiteIndex(path, params=params)
