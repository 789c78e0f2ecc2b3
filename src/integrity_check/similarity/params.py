"""Hashing and matching parameters of the similarity engine.

Every parameter that changes the hash values or the LSH band keys is stored in
the index (see :meth:`SimilarityParams.hashing_settings`); an index whose
stored settings differ from the ones this code would use is refused with a
message telling how to rebuild it.  The reasons for each default are in
BENCHMARKS.md ("Similarity" section) and in the comments below.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from .normalize import STEMMER_NAME

FORMAT_VERSION = 2  # 2: content-bigram windows (paraphrase retrieval) added
# How a shingle becomes a 32-bit value: datasketch's default hash for the
# affine32 scheme, applied to the UTF-8 bytes of the stemmed words joined by
# one space.
SHINGLE_HASH = "datasketch.sha1_hash32(utf8(' '.join(stems)))"
# How a seed n-gram (alignment) becomes a 64-bit value.
SEED_HASH = "blake2b8(stem) rolling sum mod 2^64, base 0x100000001b3"
CONTENT_SHINGLE = ("top32(fmix64(min(h_i, h_i+j) * 0x100000001b3 ^ max(h_i, h_i+j) ^ salt)), j in (1, 2), "
                   "h = blake2b8(content word); content words = stems minus the paraphrase.py stop list")
BAND_KEY = "fmix64 chain over (band index, r uint32 values), top 47 bits"


@dataclass(frozen=True)
class SimilarityParams:
    # --- hashing (stored in the index; a change needs a rebuild) -------------
    # Word n-gram size of the MinHash shingles.  5 stemmed words: rare enough
    # that common phrases ("one of the most") do not make unrelated windows
    # collide, short enough that a 40-word copied passage still holds ~36.
    shingle_size: int = 5
    # Shingles per indexed window and distance between window starts.  50/25:
    # every shingle is in exactly two windows, a window is about a paragraph,
    # and a copied passage of >= 50 words fully covers at least one window.
    window: int = 50
    stride: int = 25
    # MinHash permutations.  32 keeps band rows and hashing cheap; retrieval
    # only has to find the source *document* (alignment is exact afterwards)
    # and a passage spans several query windows, so per-window recall can be
    # moderate.  See BENCHMARKS.md for the measured effect.
    num_perm: int = 32
    seed: int = 1
    scheme: str = "affine32"  # datasketch >= 2.0 default permutation scheme
    # LSH Jaccard threshold; bands/rows from datasketch's _optimal_param.
    lsh_threshold: float = 0.3
    # Word n-gram size of alignment seeds (also what fingerprints-only
    # documents keep).
    seed_size: int = 4
    # Content-word bigram windows (paraphrase retrieval; 0 = none).
    para_window: int = 40
    para_stride: int = 20
    para_bands: int = 16
    para_rows: int = 1
    # --- query time (not stored; may change freely) --------------------------
    # Query windows start every `query_stride` shingles: with 5, a copied
    # passage lines up with an indexed window to within 2 shingles.
    query_stride: int = 5
    # Candidate source documents aligned per search (ranked by LSH hits).
    max_candidates: int = 40
    # Minimum passage length in words.
    min_words: int = 15
    # Seeds on different diagonals or with gaps are merged into one passage
    # when both gaps are at most this many words.
    max_gap: int = 12
    # Share of a passage's words that must lie inside exact seed n-grams.
    # Merging across gaps lets topically similar sentences that share a few
    # stock phrases ("in the United States", "will be diagnosed") chain into a
    # "passage"; a copy, even lightly reworded (one word in five changed),
    # keeps >= 0.8 of its words in exact seeds.
    min_seed_coverage: float = 0.75
    # --- paraphrase alignment (query time; see paraphrase.py) ----------------
    paraphrase: bool = True
    para_query_stride: int = 4
    para_max_candidates: int = 3
    para_min_hits: int = 5
    para_hit_factor: float = 3.0
    para_max_sentence: int = 40
    para_min_content: int = 4
    para_min_containment: float = 0.5
    para_min_bigrams: int = 1
    para_max_skip: int = 1
    para_min_sentences: int = 2
    para_min_margin: float = 0.3
    para_min_passage_score: float = 0.6

    HASHING_FIELDS = (
        "shingle_size", "window", "stride", "num_perm", "seed", "scheme",
        "lsh_threshold", "seed_size", "para_window", "para_stride", "para_bands", "para_rows",
    )

    def __post_init__(self):
        if self.window % self.stride:
            raise ValueError("window must be a multiple of stride")
        if self.window % self.query_stride:
            raise ValueError("window must be a multiple of query_stride")
        if self.para_window and (self.para_window % self.para_stride or self.para_window % self.para_query_stride):
            raise ValueError("para_window must be a multiple of para_stride and para_query_stride")
        if self.para_bands * self.para_rows > self.num_perm:
            raise ValueError("para_bands x para_rows must be at most num_perm")
        if self.shingle_size < 1 or self.seed_size < 1:
            raise ValueError("shingle_size and seed_size must be >= 1")

    def bands(self) -> tuple[int, int]:
        return lsh_bands(self.lsh_threshold, self.num_perm)

    def hashing_settings(self) -> dict:
        b, r = self.bands()
        d = {k: getattr(self, k) for k in self.HASHING_FIELDS}
        d.update(
            format_version=FORMAT_VERSION,
            lsh_bands=b,
            lsh_rows=r,
            stemmer=STEMMER_NAME,
            tokenizer="unicode [^\\W_]+ words, NFKC, casefold",
            shingle_hash=SHINGLE_HASH,
            seed_hash=SEED_HASH,
            band_key=BAND_KEY,
            content_shingle=CONTENT_SHINGLE,
        )
        return d

    def with_hashing(self, settings: dict) -> "SimilarityParams":
        """These parameters with the hashing fields taken from *settings*."""
        kw = asdict(self)
        for k in self.HASHING_FIELDS:
            if k in settings:
                kw[k] = settings[k]
        return SimilarityParams(**kw)


_BANDS_CACHE: dict[tuple[float, int], tuple[int, int]] = {
    # Precomputed datasketch.lsh._optimal_param(t, n, 0.5, 0.5) values, so the
    # defaults need no scipy integration at start-up (checked in the tests).
    (0.3, 32): (12, 2),
    (0.5, 32): (8, 4),
    (0.3, 64): (21, 3),
    (0.5, 64): (14, 4),
    (0.5, 128): (25, 5),
}


def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    key = (round(threshold, 6), num_perm)
    got = _BANDS_CACHE.get(key)
    if got is None:
        from datasketch.lsh import _optimal_param

        got = tuple(_optimal_param(threshold, num_perm, 0.5, 0.5))
        _BANDS_CACHE[key] = got
    return got


def describe_mismatch(stored: dict, wanted: dict) -> list[str]:
    out = []
    for k in sorted(set(stored) | set(wanted)):
        if stored.get(k) != wanted.get(k):
            out.append(f"{k}={stored.get(k)!r} (index) vs {wanted.get(k)!r} (this run)")
    return out
