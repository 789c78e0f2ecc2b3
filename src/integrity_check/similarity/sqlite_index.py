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

import errno
import json
import os
import sqlite3
import time
from pathlib import Path
from urllib.parse import quote

import numpy as np

from .engine import BaseIndex, DocRecord, prepare_many, settings_record
from .errors import (DECODE_ERRORS, CorpusIndexChanged, CorpusIndexError, CorpusIndexReadOnly,
                     CorpusIndexUnavailable, damaged_entry, generation_token, new_generation, rebuild_hint)
from .params import SimilarityParams
from .stored import stored_band_keys

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
    meta = {**settings_record(params), "generation": new_generation()}
    db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())


def _has_content(path: Path) -> bool:
    if path.is_dir():
        raise CorpusIndexUnavailable(f"{path} is a folder, not a corpus index file: give the index file's path "
                                     "with --corpus PATH")
    try:
        return path.stat().st_size > 0
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise CorpusIndexUnavailable(f"cannot read corpus index {path} ({exc.strerror}): check the path "
                                     "and its permissions") from None


def _create_index_file(path: Path, params: SimilarityParams) -> None:
    """Create an empty index at *path* atomically: the complete file (schema, settings,
    WAL mode) is written under a temporary name and hard-linked into place, which never
    replaces a file.  When several writers create the same new index at once, the first
    link wins and the others open that one, so no writer's documents are lost."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CorpusIndexReadOnly(f"cannot create the folder of corpus index {path} ({exc.strerror}): "
                                  "choose a writable place with --corpus PATH") from None
    tmp = path.with_name(f".{path.name}.new-{os.getpid()}-{new_generation()[:8]}")
    try:
        db = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            db.execute(f"PRAGMA application_id={APP_ID}")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("BEGIN IMMEDIATE")
            _create_schema(db, params)
            db.execute("COMMIT")
        finally:
            db.close()  # the last connection checkpoints the WAL into the file
        try:
            os.link(tmp, path)
        except FileExistsError:
            pass  # another writer created it first: use theirs
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EXDEV, errno.EMLINK):
                raise
            if not path.exists():  # no hard links on this file system: best effort
                os.rename(tmp, path)
    except sqlite3.DatabaseError as exc:
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise CorpusIndexReadOnly(f"cannot create corpus index {path}: its folder is read-only; choose a "
                                      "writable place with --corpus PATH") from None
        raise CorpusIndexError(f"cannot create corpus index {path} ({exc})") from None
    except OSError as exc:
        raise CorpusIndexReadOnly(f"cannot create corpus index {path} ({exc.strerror or exc}): choose a "
                                  "writable place with --corpus PATH") from None
    finally:
        for p in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm"), Path(f"{tmp}-journal")):
            try:
                p.unlink()
            except FileNotFoundError:
                pass


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
        self.read_only = False
        if not _has_content(self.path):
            if not create:
                raise CorpusIndexUnavailable(
                    f"no corpus index at {self.path}: create one with `integrity-check corpus build DIR "
                    f"--corpus {self.path}` (or `corpus add`)"
                )
            _create_index_file(self.path, params or SimilarityParams())
        try:
            self.db = self._connect()
            if create and not self.read_only and self.path.stat().st_size == 0:
                self._initialise(params or SimilarityParams())  # an empty file left at the path
            self._open_checks(params, quick_check)
        except sqlite3.DatabaseError as exc:
            raise CorpusIndexError(
                f"{self.path} is not a usable corpus index ({exc}): {rebuild_hint(self.path)}"
            ) from None

    # --- opening --------------------------------------------------------------
    def _connect(self):
        """A read-write connection where this process may write the file and its folder
        (WAL needs ``-wal`` and ``-shm`` beside it), else a read-only one.  A read-only
        index can be checked against, never changed.  ``mode=ro`` shares the writers'
        ``-shm`` when one exists (someone has the index open); otherwise ``immutable=1``,
        which creates nothing: ``mode=ro`` would leave ``-shm``/``-wal`` files with the
        index's read-only permissions behind, which later block its owner's writes."""
        folder = self.path.parent
        if os.access(self.path, os.W_OK) and os.access(folder, os.W_OK | os.X_OK):
            db = sqlite3.connect(str(self.path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            try:
                db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                db.execute("PRAGMA application_id").fetchone()  # opens the WAL files
                return db
            except sqlite3.OperationalError:  # e.g. a read-only mount access() does not report
                db.close()
        self.read_only = True
        uri = "file:" + quote(str(self.path.resolve()))
        shared = Path(f"{self.path}-shm").exists()
        for mode in ("mode=ro", "immutable=1") if shared else ("immutable=1",):
            db = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            try:
                db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
                db.execute("PRAGMA application_id").fetchone()
                return db
            except sqlite3.OperationalError:
                db.close()
                if mode == "immutable=1":
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def _initialise(self, params: SimilarityParams):
        """Tables and settings in an existing empty file (the file itself is the caller's)."""
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
        st = self.path.stat()
        self._identity = (st.st_dev, st.st_ino)
        self.token = generation_token(meta)
        if self.read_only:
            return
        # WAL lets searches run while another process adds documents
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            try:
                db.execute("PRAGMA journal_mode=WAL")
            except sqlite3.OperationalError:
                pass
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA cache_size=-65536")  # 64 MiB page cache

    def verify_unchanged(self) -> None:
        """Raise unless the file at the path is still the index this object opened: the same
        file (not removed, not replaced by `corpus build`) with the same generation token
        (not overwritten in place).  Every search calls it, so that a search never returns
        "no match" from an index that is gone."""
        try:
            st = self.path.stat()
        except FileNotFoundError:
            raise CorpusIndexChanged(
                f"corpus index {self.path} was removed during the run: similarity was not checked; restore "
                "the index file and run the check again") from None
        except OSError as exc:
            raise CorpusIndexUnavailable(
                f"corpus index {self.path} cannot be read any more ({exc.strerror}): similarity was not "
                "checked; make the index readable and run the check again") from None
        try:
            token = generation_token(dict(self.db.execute("SELECT key, value FROM meta")))
        except sqlite3.DatabaseError:
            token = None
        if (st.st_dev, st.st_ino) != self._identity or token != self.token:
            raise CorpusIndexChanged(
                f"corpus index {self.path} was replaced or overwritten during the run (e.g. by `corpus build`): "
                "similarity was not checked against the index this run opened; run the check again")

    def search(self, *args, **kwargs):
        try:
            found = super().search(*args, **kwargs)
        except sqlite3.DatabaseError as exc:
            self.verify_unchanged()  # a replaced file explains the error better
            raise CorpusIndexChanged(
                f"corpus index {self.path} is damaged ({exc}): similarity was not checked; restore a backup "
                f"or {rebuild_hint(self.path)}") from None
        self.verify_unchanged()
        return found

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
    def _read_only_error(self, reason: str) -> CorpusIndexReadOnly:
        return CorpusIndexReadOnly(
            f"corpus index {self.path} is read-only here ({reason}); nothing was changed: make the file and "
            "its folder writable, ask the index's owner, or work on a copy with --corpus COPY")

    def _write(self, fn):
        db = self.db
        if self.read_only:
            raise self._read_only_error("no write permission on the file or its folder, or a read-only mount")
        try:
            db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "readonly" in str(exc):
                raise self._read_only_error(str(exc)) from None
            raise CorpusIndexError(f"corpus index {self.path} is busy ({exc}): retry when the "
                                   "other `corpus` command has finished") from None
        try:
            out = fn(db)
            db.execute("COMMIT")
            return out
        except BaseException as exc:
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc):
                raise self._read_only_error(str(exc)) from None
            raise

    def _doc_keys(self, db, doc_id: int, keys_blob) -> np.ndarray:
        text = None if keys_blob is not None else db.execute("SELECT text FROM docs WHERE id=?", (doc_id,)).fetchone()[0]
        return stored_band_keys(keys_blob, text, self.params)

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
            try:
                out[doc_id] = (name, self._source_side(fpo, text, fp), bool(fpo), json.loads(meta or "{}"))
            except DECODE_ERRORS as exc:
                raise damaged_entry(self.location, name, exc) from None
        return out


def build_sqlite(path, docs, params: SimilarityParams | None = None, fingerprints_only: bool = False,
                 jobs: int = 1, progress=None, records=None) -> SQLiteIndex:
    """Build a new index file at *path* from (name, text, meta) items, replacing
    any file there only when the build has completed (write to a temporary
    file, then rename)."""
    params = params or SimilarityParams()
    path = Path(path)
    if path.exists() and not os.access(path, os.W_OK):
        raise CorpusIndexReadOnly(
            f"corpus index {path} is read-only; `corpus build` would replace it, so nothing was changed: make "
            "it writable if it should be rebuilt, or build into another file with --corpus PATH")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CorpusIndexReadOnly(f"cannot create the folder of corpus index {path} ({exc.strerror}): "
                                  "choose a writable place with --corpus PATH") from None
    if not os.access(path.parent, os.W_OK | os.X_OK):
        raise CorpusIndexReadOnly(f"cannot build corpus index {path}: its folder is read-only; nothing was "
                                  "changed: choose a writable place with --corpus PATH")
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
        if records is None:
            records = prepare_many(docs, params, fingerprints_only, jobs=jobs)
        for rec in records:
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
