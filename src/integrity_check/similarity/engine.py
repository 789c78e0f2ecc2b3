"""Shared index logic: preparing documents, searching, scoring.

Both back-ends (SQLite file, Redis server) store the same things per
document: metadata, the LSH band keys of its windows, and what alignment
needs (the text, or for fingerprints-only documents the seed hashes and word
offsets).  Searching is the same everywhere: LSH candidates -> rank source
documents by band hits -> exact alignment -> per-source shares.
"""

from __future__ import annotations

import hashlib
import json
import struct
import time
import zlib
from dataclasses import dataclass, field

import numpy as np

from .align import Side, align_sides, side_from_text
from .errors import CorpusIndexError, rebuild_hint
from .fingerprint import content_fingerprint, document_fingerprint, seed_hashes
from .normalize import excluded_mask, tokenize
from .paraphrase import paraphrase_candidates, paraphrase_sources
from .params import SimilarityParams, describe_mismatch
from .scoring import assign_shares
from .results import SourceMatch

# A fixed text whose band keys and seeds are stored in every index: if this
# code (stemmer, datasketch permutations, hash functions) would hash it
# differently, the index is refused instead of silently finding nothing.
PROBE_TEXT = (
    "Plagiarism detection compares running texts: the quick brown fox jumps over the "
    "lazy dog while researchers measured 42 normalised shingles, Unicode ﬁnal forms "
    "and Stemming behaviours across 2013 corpora. " * 4
)


def probe_digest(params: SimilarityParams) -> str:
    words = tokenize(PROBE_TEXT).words
    _, keys, _ = document_fingerprint(words, params)
    h = hashlib.sha256(keys.tobytes())
    h.update(seed_hashes(words, params.seed_size).tobytes())
    return h.hexdigest()[:32]


def settings_record(params: SimilarityParams) -> dict[str, str]:
    """The meta fields a new index stores: format, every hashing setting, probe, date."""
    from .params import FORMAT_VERSION

    return {
        "format_version": str(FORMAT_VERSION),
        "settings": json.dumps(params.hashing_settings(), sort_keys=True),
        "probe": probe_digest(params),
        "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
    }


@dataclass
class DocRecord:
    name: str
    sha256: str
    words: int
    windows: int
    keys: np.ndarray  # unique int64 band keys of all windows
    text_blob: bytes | None  # zlib(utf-8 text), None when fingerprints-only
    fp_blob: bytes | None  # zlib(seeds, starts, ends), fingerprints-only docs
    meta: dict = field(default_factory=dict)
    path: str = ""
    sigs: np.ndarray | None = None  # (windows, num_perm) uint32 MinHash signatures


    @property
    def fingerprints_only(self) -> bool:
        return self.text_blob is None


def pack_fingerprints(seeds: np.ndarray, starts, ends) -> bytes:
    starts = np.asarray(starts, dtype=np.int64)
    ends = np.asarray(ends, dtype=np.int64)
    n = len(starts)
    ds = np.diff(starts, prepend=0).astype(np.uint32)  # deltas compress well
    ln = (ends - starts).astype(np.uint32)
    head = struct.pack("<II", n, len(seeds))
    return zlib.compress(head + ds.tobytes() + ln.tobytes() + seeds.astype("<u8").tobytes(), 6)


def unpack_fingerprints(blob: bytes) -> Side:
    raw = zlib.decompress(blob)
    n, m = struct.unpack_from("<II", raw)
    o = 8
    ds = np.frombuffer(raw, dtype="<u4", count=n, offset=o).astype(np.int64)
    o += 4 * n
    ln = np.frombuffer(raw, dtype="<u4", count=n, offset=o).astype(np.int64)
    o += 4 * n
    seeds = np.frombuffer(raw, dtype="<u8", count=m, offset=o).astype(np.uint64)
    starts = np.cumsum(ds)
    return Side(seeds=seeds, starts=starts, ends=starts + ln, n_words=n, text=None)


def prepare_document(name: str, text: str, meta: dict | None, params: SimilarityParams,
                     fingerprints_only: bool = False, keep_sigs: bool = False) -> DocRecord:
    meta = dict(meta or {})
    tk = tokenize(text)
    sigs, keys, bounds = document_fingerprint(tk.words, params)
    ukeys = np.unique(keys.ravel())
    if fingerprints_only:
        fp = pack_fingerprints(seed_hashes(tk.words, params.seed_size), tk.starts, tk.ends)
        text_blob = None
        # metadata must not smuggle text in
        meta = {k: v for k, v in meta.items() if k not in ("text", "body_text")}
    else:
        fp = None
        text_blob = zlib.compress(text.encode("utf-8"), 6)
    return DocRecord(
        name=name,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        words=len(tk.words),
        windows=len(bounds),
        keys=ukeys,
        text_blob=text_blob,
        fp_blob=fp,
        meta=meta,
        path=str(meta.get("path", "")),
        sigs=sigs if keep_sigs else None,
    )


def _prepare_star(args):
    return prepare_document(*args)


def prepare_many(docs, params: SimilarityParams, fingerprints_only: bool = False, jobs: int = 1,
                 keep_sigs: bool = False):
    """Yield DocRecords for (name, text, meta) items, in order."""
    items = ((name, text, meta, params, fingerprints_only, keep_sigs) for name, text, meta in docs)
    if jobs <= 1:
        for it in items:
            yield _prepare_star(it)
        return
    import multiprocessing as mp

    ctx = mp.get_context("fork") if hasattr(__import__("os"), "fork") else mp.get_context()
    import itertools

    # bounded look-ahead: at most `window` documents in flight, so memory
    # stays flat however large the corpus (imap alone would queue results
    # without limit when writing is slower than hashing)
    window = 64 * jobs
    with ctx.Pool(jobs) as pool:
        while True:
            chunk = list(itertools.islice(items, window))
            if not chunk:
                break
            yield from pool.imap(_prepare_star, chunk, chunksize=4)


def _top(hits: dict, names: dict, k: int) -> list:
    """The *k* documents with most band hits, ties by name (identical in every back-end)."""
    return [d for d, _ in sorted(((d, h) for d, h in hits.items() if d in names),
                                 key=lambda kv: (-kv[1], names[kv[0]]))[:k]]


class BaseIndex:
    """Common search logic; back-ends implement storage."""

    params: SimilarityParams
    location: str

    # --- to implement --------------------------------------------------------
    def _candidate_hits(self, keys: np.ndarray) -> dict:
        """{doc_id: number of distinct query band keys found}."""
        raise NotImplementedError

    def _hits_for(self, keys: np.ndarray, sig: np.ndarray) -> dict:
        return self._candidate_hits(np.unique(keys.ravel()))

    def _doc_names(self, doc_ids) -> dict:
        """{doc_id: name} of the complete documents among doc_ids."""
        raise NotImplementedError

    def _load_sources(self, doc_ids) -> dict:
        """{doc_id: (name, Side, fingerprints_only, meta)}."""
        raise NotImplementedError

    # --- shared ----------------------------------------------------------------
    def _adopt_settings(self, meta: dict, requested: SimilarityParams | None, what: str) -> None:
        """Read the stored settings record (see settings_record) and check it
        against *requested*; *what* names the index in the error."""
        try:
            stored = json.loads(meta["settings"])
            stored["format_version"] = int(meta["format_version"])
        except (KeyError, ValueError):
            raise CorpusIndexError(f"{what} has no readable settings: {rebuild_hint(self.location)}") from None
        self.settings = stored
        self.params = self.check_params(stored, requested, self.location)

    def _source_side(self, fingerprints_only, text_blob, fp_blob) -> Side:
        """A stored document as alignment needs it: its fingerprints, or its text."""
        if fingerprints_only:
            return unpack_fingerprints(fp_blob)
        return side_from_text(zlib.decompress(text_blob).decode("utf-8"), self.params)

    def check_params(self, stored: dict, requested: SimilarityParams | None, location: str):
        """Refuse an index whose hashing settings differ from *requested* (or
        from what this code supports)."""
        from .params import FORMAT_VERSION

        if stored.get("format_version") != FORMAT_VERSION:
            raise CorpusIndexError(
                f"corpus index {location} has format version {stored.get('format_version')!r}, "
                f"this integrity-check reads version {FORMAT_VERSION}: {rebuild_hint(location)}"
            )
        try:
            base = (requested or SimilarityParams()).with_hashing(stored)
        except (TypeError, ValueError) as exc:
            raise CorpusIndexError(f"corpus index {location} has unusable settings ({exc}): "
                                   f"{rebuild_hint(location)}") from None
        wanted = (requested or base).hashing_settings()
        mism = describe_mismatch({k: stored.get(k) for k in wanted}, wanted)
        if mism:
            raise CorpusIndexError(
                f"corpus index {location} was built with different hashing settings ("
                + "; ".join(mism)
                + f"): {rebuild_hint(location)} "
                "(or open it without overriding its settings)"
            )
        return base

    def check_probe(self, stored_probe: str | None, location: str):
        if stored_probe is None:
            return
        try:
            now = probe_digest(self.params)
        except ValueError as exc:
            raise CorpusIndexError(f"corpus index {location} cannot be used by this version ({exc}): "
                                   f"{rebuild_hint(location)}") from None
        if now != stored_probe:
            raise CorpusIndexError(
                f"corpus index {location} was hashed by a different stemmer or MinHash implementation "
                f"(probe {stored_probe} != {now}; e.g. another nltk or datasketch version): "
                f"{rebuild_hint(location)}"
            )

    def query_keys(self, words: list[str]) -> tuple[np.ndarray, np.ndarray]:
        """Band keys and signatures of the dense query windows."""
        sig, keys, _ = document_fingerprint(words, self.params, stride=self.params.query_stride, content=False)
        return keys, sig

    def content_hits(self, words: list[str]) -> dict:
        """{doc_id: band hits} of the dense content-word query windows (paraphrase retrieval)."""
        p = self.params
        if not (p.paraphrase and p.para_window):
            return {}
        sig, keys, _ = content_fingerprint(words, p, stride=p.para_query_stride)
        return self._hits_for(keys, sig) if len(keys) else {}

    def search(self, text: str, exclude=(), min_words: int | None = None,
               max_candidates: int | None = None, timings: dict | None = None,
               skip=()) -> list[SourceMatch]:
        """Sources sharing passages with *text*, best first.

        *exclude*: (start, end) char spans of *text* never matched (quotes,
        reference list).  Passages shorter than *min_words* words are dropped.
        *skip*: names of documents never matched (the checked text itself, when
        it is in the index: its own exact passage would cover every word).
        """
        p = self.params
        t0 = time.perf_counter()
        tk = tokenize(text)
        qmask = np.asarray(excluded_mask(tk, exclude), dtype=bool) if exclude else None
        if qmask is not None and qmask.any():
            words = [w for w, m in zip(tk.words, qmask) if not m]
        else:
            words = tk.words
        if not words:
            return []
        keys, sig = self.query_keys(words)
        t1 = time.perf_counter()
        hits = self._hits_for(keys, sig)
        para_hits = paraphrase_sources(self.content_hits(words), p)
        t2 = time.perf_counter()
        if not hits and not para_hits:
            return []
        mc = max_candidates or p.max_candidates
        names = self._doc_names(list(set(hits) | set(para_hits)))
        if skip:
            names = {d: n for d, n in names.items() if n not in skip}
        ranked = _top(hits, names, mc)
        para = _top(para_hits, names, p.para_max_candidates)
        todo = ranked + [d for d in para if d not in set(ranked)]
        sources = self._load_sources(todo)
        t3 = time.perf_counter()
        q = side_from_text(text, p, tk)
        aligned = []
        for doc_id in todo:
            if doc_id in sources:
                name, side, fp_only, meta = sources[doc_id]
                aligned.append((name, side, fp_only, meta, align_sides(q, side, p, qmask=qmask, min_words=min_words)))
        # reworded passages, where no exact passage already covers the words, in
        # the sources with exact passages and the best paraphrase candidates
        para = set(para)
        extra = paraphrase_candidates(q, [(side, ps) if (ps or d in para) else None for d, (_, side, _, _, ps)
                                          in zip([d for d in todo if d in sources], aligned)], p, qmask, min_words)
        matches: list[SourceMatch] = []
        for (name, _side, fp_only, meta, ps), more in zip(aligned, extra):
            if ps or more:
                matches.append(SourceMatch(source=name, passages=sorted(ps + more, key=lambda x: x.start),
                                           fingerprints_only=fp_only, meta=meta))
        assign_shares(matches, tk)
        matches.sort(key=lambda m: (-m.share, -m.matched_words, m.source))
        t4 = time.perf_counter()
        if timings is not None:
            timings.update(hash=t1 - t0, lsh=t2 - t1, load=t3 - t2, align=t4 - t3,
                           candidates=len(hits), aligned=len(todo), para_candidates=len(para_hits))
        return matches

    def close(self):  # pragma: no cover - overridden
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
