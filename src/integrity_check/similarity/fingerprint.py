"""Shingles, MinHash window signatures, LSH band keys and alignment seeds.

The MinHash values are bit-for-bit those of ``datasketch.MinHash(num_perm,
seed, scheme='affine32')`` updated with the same shingles (verified in
tests/similarity/test_fingerprint.py), but computed for all windows of a
document at once: each shingle is hashed once (SHA-1, datasketch's
``sha1_hash32``), permuted once for all ``num_perm`` permutations with numpy,
then windows take minima over blocks of ``stride`` shingles.  This module
imports numpy (and datasketch for its permutation parameters); it is only
used on the similarity path.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import replace
from functools import lru_cache

import numpy as np

from .params import SimilarityParams

_U32_MAX = np.uint32(0xFFFFFFFF)
_unpack_I = struct.Struct("<I").unpack_from
_sha1 = hashlib.sha1


@lru_cache(maxsize=16)
def permutations(num_perm: int, seed: int, scheme: str) -> tuple[np.ndarray, np.ndarray]:
    """The (a, b) permutation parameters datasketch uses for these settings."""
    if scheme != "affine32":
        raise ValueError(f"unsupported MinHash scheme {scheme!r} (this version uses 'affine32')")
    from datasketch import MinHash

    m = MinHash(num_perm=num_perm, seed=seed, scheme=scheme)
    a, b = m.permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3 32-bit finalizer (datasketch's pre-mix for affine32)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def shingles(words: list[str], k: int) -> list[bytes]:
    """Word k-gram shingles as UTF-8 bytes ('w1 w2 ... wk').  A text shorter
    than k words gives one shingle of all its words (none if empty)."""
    n = len(words)
    if n == 0:
        return []
    if n < k:
        return [" ".join(words).encode("utf-8")]
    return [" ".join(words[i:i + k]).encode("utf-8") for i in range(n - k + 1)]


def shingle_hashes(words: list[str], k: int) -> np.ndarray:
    """sha1_hash32 of every shingle, as uint32."""
    out = [_unpack_I(_sha1(s).digest())[0] for s in shingles(words, k)]
    return np.array(out, dtype=np.uint32)


def window_bounds(n_shingles: int, window: int, stride: int) -> list[tuple[int, int]]:
    """Shingle index ranges [s, e) of the windows of a text.

    Windows start every `stride` shingles while a full window fits; a last
    window ending at the final shingle covers any tail.  A text with at most
    `window` shingles is one window."""
    if n_shingles <= 0:
        return []
    if n_shingles <= window:
        return [(0, n_shingles)]
    out = [(s, s + window) for s in range(0, n_shingles - window + 1, stride)]
    if out[-1][1] < n_shingles:
        out.append((n_shingles - window, n_shingles))
    return out


def window_signatures(hashes: np.ndarray, params: SimilarityParams, stride: int | None = None
                      ) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """MinHash signature (uint32, shape (W, num_perm)) of every window.

    Equal to datasketch MinHash(...).update_batch(shingles of the window)."""
    stride = stride or params.stride
    n = len(hashes)
    bounds = window_bounds(n, params.window, stride)
    if not bounds:
        return np.zeros((0, params.num_perm), dtype=np.uint32), bounds
    a, b = permutations(params.num_perm, params.seed, params.scheme)
    hv = fmix32(hashes.astype(np.uint32)).reshape(-1, 1)
    phv = hv * a + b  # (n, P) uint32, wraparound = mod 2^32
    if n <= params.window:
        return phv.min(axis=0, keepdims=True), bounds
    # minima over blocks of `stride` shingles, then over window/stride blocks
    block_min = np.minimum.reduceat(phv, np.arange(0, n, stride), axis=0)
    per = params.window // stride
    nfull = n - params.window + 1
    nwin_aligned = len(range(0, nfull, stride))
    sig = block_min[:nwin_aligned].copy()
    for j in range(1, per):
        np.minimum(sig, block_min[j:j + nwin_aligned], out=sig)
    if len(bounds) > nwin_aligned:  # tail window
        s, e = bounds[-1]
        sig = np.vstack([sig, phv[s:e].min(axis=0, keepdims=True)])
    return sig, bounds


_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)


def _fmix64(h: np.ndarray) -> np.ndarray:
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def band_keys(sig: np.ndarray, params: SimilarityParams, bands: tuple[int, int] | None = None) -> np.ndarray:
    """LSH band keys, int64 of shape (W, bands): band i of a window hashes
    (i, its r signature values) to a non-negative 47-bit integer (stored in
    6 bytes by SQLite).  *bands*: (b, r) instead of the word windows' banding."""
    b, r = bands or params.bands()
    W = sig.shape[0]
    if W == 0:
        return np.zeros((0, b), dtype=np.int64)
    v = sig[:, : b * r].reshape(W, b, r).astype(np.uint64)
    with np.errstate(over="ignore"):
        acc = np.broadcast_to(np.arange(1, b + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15),
                              (W, b)).copy()
        for j in range(r):
            acc = _fmix64(acc ^ v[:, :, j])
    return (acc >> np.uint64(17)).astype(np.int64)


# --- alignment seeds -----------------------------------------------------------

_word_hash_cache: dict[str, int] = {}
_SEED_BASE = np.uint64(0x100000001B3)


def word_hashes(words: list[str]) -> np.ndarray:
    cache = _word_hash_cache
    out = []
    for w in words:
        h = cache.get(w)
        if h is None:
            h = int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")
            if len(cache) > 1_000_000:
                cache.clear()
            cache[w] = h
        out.append(h)
    return np.array(out, dtype=np.uint64)


def seed_hashes(words: list[str], n: int) -> np.ndarray:
    """64-bit hash of the word n-gram starting at each position (length
    len(words) - n + 1, or 0 when shorter than n)."""
    wh = word_hashes(words)
    m = len(wh) - n + 1
    if m <= 0:
        return np.zeros(0, dtype=np.uint64)
    with np.errstate(over="ignore"):
        acc = wh[:m].copy()
        for j in range(1, n):
            acc = acc * _SEED_BASE + wh[j:j + m]
    return acc


def content_shingle_hashes(words: list[str]) -> np.ndarray:
    """32-bit hashes of the content-word skip-pairs: each content word (stemmed;
    stop words, digits and one-letter words skipped) with the next and the
    one after, as an unordered pair (fmix64 of the two words' blake2b
    hashes, salted, top 32 bits).  A reworded copy keeps many of them (function words changed,
    a synonym swapped between them, two words swapped) where 5-word
    shingles are broken."""
    from .paraphrase import content_words

    wh = word_hashes(content_words(words))
    if len(wh) < 3:
        return np.zeros(0, dtype=np.uint32)
    with np.errstate(over="ignore"):
        pairs = []
        for j in (1, 2):
            a, b = wh[:-j], wh[j:]
            lo, hi = np.minimum(a, b), np.maximum(a, b)
            pairs.append(_fmix64((lo * _SEED_BASE) ^ hi ^ _CONTENT_SALT64))
        # interleaved as (i, i+1), (i, i+2), ... for i in order
        n = len(wh) - 2
        h = np.empty(2 * n, dtype=np.uint64)
        h[0::2], h[1::2] = pairs[0][:n], pairs[1][:n]
    return (h >> np.uint64(32)).astype(np.uint32)


def content_fingerprint(words: list[str], params: SimilarityParams, stride: int | None = None):
    """(signatures, band keys, bounds) of the content-word skip-pair windows
    (``para_window`` pairs every *stride*, default ``para_stride``); band keys
    salted so they never equal a word window's."""
    stride = stride or params.para_stride
    cp = replace(params, window=params.para_window, stride=params.para_stride, query_stride=stride)
    csig, cbounds = window_signatures(content_shingle_hashes(words), cp, stride=stride)
    keys = band_keys(csig, params, (params.para_bands, params.para_rows)) ^ np.int64(_CONTENT_SALT)
    return csig, keys, cbounds


def document_fingerprint(words: list[str], params: SimilarityParams, stride: int | None = None,
                         content: bool = True):
    """(window signatures, band keys (W, b), window bounds) of a document;
    windows every *stride* shingles (default: the indexed stride).

    With *content* and ``params.para_window`` set, the content-word windows
    (content_fingerprint) follow the word windows in all three, as the index
    stores them; the band keys are then one flat array (the two kinds of
    window have different bands)."""
    hs = shingle_hashes(words, params.shingle_size)
    sig, bounds = window_signatures(hs, params, stride=stride)
    keys = band_keys(sig, params)
    if not (content and params.para_window):
        return sig, keys, bounds
    csig, ckeys, cbounds = content_fingerprint(words, params)
    return np.vstack([sig, csig]), np.concatenate([keys.ravel(), ckeys.ravel()]), bounds + cbounds


# XORed into content-window band keys (47-bit keys stay 47-bit), and into
# the content pair hashes (so a pair never hashes like a word shingle)
_CONTENT_SALT = 0x5A5A_1234_ABCD
_CONTENT_SALT64 = np.uint64(0x243F_6A88_85A3_08D3)
