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
    # Content-word windows (paraphrase retrieval; para_window 0 = none).  Their
    # shingles are unordered pairs of a content word (stem, stop words left
    # out) with the next and the one after ("skip-pairs"): a reworded copy
    # keeps many of them (function words changed, a synonym between two kept
    # words, two words swapped) where 5-word shingles all break.  On the
    # Clough answers, whole-answer containment of such pairs in the true
    # article is 0.15-0.57 for heavy revisions, 0.03-0.13 for independent
    # answers on the same topic and <= 0.04 against the best of 300 PAN pages.
    # 40 pairs (~20 content words, ~40 words of text) per window, about a
    # short paragraph; windows do not overlap (every 40): the query side is
    # dense, so a reworded passage still meets a source window it mostly
    # covers.
    para_window: int = 40
    para_stride: int = 40
    # 8 bands of 1 row (8 of the 32 MinHash values): a reworded passage and
    # its source share only 0.1-0.3 of their pairs per window, where 12 bands
    # of 2 rows (the word windows' banding) find a heavy revision's window
    # pair with probability 0.1-0.4 and missed 2 of 8 heavy Clough answers
    # outright; with 1 row a Jaccard of 0.15 gives 1 - 0.85^8 = 0.73 per
    # window pair, and a passage meets several.  16 bands with windows every
    # 20 gave the same clough-dev results with 3x the band rows (building
    # 2.5x slower than without content windows).  Chance hits are ranked
    # away (para_min_hits, para_hit_factor).
    para_bands: int = 8
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
    # Reworded passages are looked for at all (False: exact passages only).
    paraphrase: bool = True
    # Query content windows start every 8 pairs (4 content words): one lines
    # up with an indexed window to within 2 content words.
    para_query_stride: int = 8
    # At most 3 documents get a paraphrase alignment per search, besides the
    # sources with exact passages: each costs a tokenised text and two
    # sparse products, and a report rarely rewords more than a few sources
    # that share no exact passage.
    para_max_candidates: int = 3
    # A document is a paraphrase candidate with at least 5 content-window
    # band hits and 3x the median hits of the other documents hit (all but
    # the best para_max_candidates).  On clough-dev with 1,949 PAN pages, the
    # true article of a light/heavy answer gets 5-60 hits (cut: 15-40), an
    # unrelated page at most 4: 5 is the lowest floor above every unrelated
    # page (the weakest rewordings sit right at it).  A 3,000-word report
    # against 500 Markov-chain documents hits every one of them many times
    # by chance, hence the relative floor too.
    para_min_hits: int = 5
    para_hit_factor: float = 3.0
    # Sentences longer than 40 words (run-on text, lists without periods)
    # are cut into 40-word chunks, so a "sentence" stays a comparable unit.
    para_max_sentence: int = 40
    # A sentence needs 4 content words besides names (capitalised words
    # inside it) to be compared: shorter ones ("Results are shown below.")
    # match anything on the topic, and a list of organisations or a title
    # shares names with its source but no wording (on the PAN truth pairs,
    # the one false reworded passage left that was not a real rewording).
    para_min_content: int = 4
    # A sentence matches a source unit (a sentence, or two in a row) when at
    # least half of its idf-weighted content words are in it...
    para_min_containment: float = 0.5
    # ...it shares at least one content bigram with it (order kept
    # somewhere: independent text on the topic shares words, rarely pairs)...
    para_min_bigrams: int = 1
    # ...and the unit scores 0.3 above the median unit of the source (text
    # that shares its vocabulary everywhere matches no unit in particular).
    para_min_margin: float = 0.3
    # Consecutive matching sentences may skip 1 sentence (an inserted remark)
    # and their source units may be 1 sentence apart to stay one passage.
    para_max_skip: int = 1
    # A reworded passage needs 2 matching sentences: on the PAN truth pairs
    # (verbatim copies only), single sentences sharing topic words with a
    # source sentence were 45 of 49 paraphrase detections, all false; a
    # paraphrased Clough answer always rewords several sentences.
    para_min_sentences: int = 2
    # Mean sentence score of a kept passage.  The containment and passage
    # thresholds were measured as one sweep on clough-dev (each answer
    # against its own and the 4 other articles): 0.45-0.55 flags every cut
    # and light answer, 7 of 8 heavy, no independent answer and nothing
    # against another article; both at 0.4 flag 3 independent answers, both
    # at 0.6 lose a light one.  Containment sits mid-plateau (0.5); passages need 0.6,
    # which keeps the Clough results and drops 2 of the 4 remaining
    # topical false passages on the PAN truth pairs.
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
