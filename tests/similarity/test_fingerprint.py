import numpy as np
import pytest

from integrity_check.similarity import SimilarityParams
from integrity_check.similarity.fingerprint import (
    band_keys, shingle_hashes, shingles, window_bounds, window_signatures,
)
from integrity_check.similarity.normalize import tokenize
from integrity_check.similarity.params import lsh_bands

from .conftest import make_text


@pytest.mark.parametrize("n_words,stride", [(3, 25), (40, 25), (54, 25), (700, 25), (700, 5), (133, 5)])
def test_window_signatures_equal_datasketch_minhash(n_words, stride):
    from datasketch import MinHash

    p = SimilarityParams()
    words = tokenize(make_text(7, n_words)).words
    hs = shingle_hashes(words, p.shingle_size)
    sig, bounds = window_signatures(hs, p, stride=stride)
    sh = shingles(words, p.shingle_size)
    assert len(bounds) == sig.shape[0] >= 1
    for (s, e), row in zip(bounds, sig):
        m = MinHash(num_perm=p.num_perm, seed=p.seed, scheme=p.scheme)
        m.update_batch(sh[s:e])
        assert m.hashvalues.dtype == row.dtype
        assert np.array_equal(m.hashvalues, row)


def test_windows_cover_every_shingle():
    for n in (1, 49, 50, 51, 74, 75, 76, 500):
        b = window_bounds(n, 50, 25)
        covered = set()
        for s, e in b:
            covered.update(range(s, e))
        assert covered == set(range(n))


def test_band_parameters_are_datasketchs():
    from datasketch.lsh import _optimal_param

    p = SimilarityParams()
    assert lsh_bands(p.lsh_threshold, p.num_perm) == tuple(_optimal_param(p.lsh_threshold, p.num_perm, 0.5, 0.5))
    b, r = p.bands()
    words = tokenize(make_text(3, 300)).words
    sig, _ = window_signatures(shingle_hashes(words, p.shingle_size), p)
    keys = band_keys(sig, p)
    assert keys.shape == (sig.shape[0], b)
    assert (keys >= 0).all() and (keys < 2 ** 47).all()
