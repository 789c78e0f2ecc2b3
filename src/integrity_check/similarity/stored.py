"""What both index back-ends store per document, decoded the same way."""

from __future__ import annotations

import zlib

import numpy as np

from .params import SimilarityParams


def stored_band_keys(keys_blob: bytes | None, text_blob: bytes | None, params: SimilarityParams) -> np.ndarray:
    """A stored document's unique LSH band keys, for removing it: kept as packed int64 for
    fingerprints-only documents, recomputed from the text otherwise (smaller index)."""
    if keys_blob is not None:
        return np.frombuffer(keys_blob, dtype="<i8")
    from .fingerprint import document_fingerprint
    from .normalize import tokenize

    _, keys, _ = document_fingerprint(tokenize(zlib.decompress(text_blob).decode("utf-8")).words, params)
    return np.unique(keys.ravel())
