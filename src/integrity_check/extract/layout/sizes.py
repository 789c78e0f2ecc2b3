"""The body type size, measured on the prose before the reference list."""
from __future__ import annotations

from ...model import Document, weighted_mode
from .patterns import _REFERENCES, _REFERENCES_WORD, is_bold
from .rows import _rows, _segments


def _prose_size(doc: Document) -> float:
    """The dominant type size of the text before the reference list.

    Long reference lists (ACL's run for pages) are set smaller than the body
    and would otherwise outweigh it.
    """
    weights: list[tuple[float, int]] = []
    for page in doc.pages:
        cut = None
        # rows are only worth building on a page that has the heading's word
        has_heading_word = any(_REFERENCES_WORD.search(w.text) for w in page.words)
        segments = [seg for row in _rows(page.words) for seg in _segments(row)] if has_heading_word else []
        for seg in segments:
            if _REFERENCES.match(" ".join(w.text for w in seg).strip()):
                cut = min(w.top for w in seg)
                break
        weights.extend((w.size, len(w.text)) for w in page.words if cut is None or w.top < cut)
        if cut is not None and len(weights) > 200:
            break
    return weighted_mode(weights or [(w.size, len(w.text)) for p in doc.pages for w in p.words], 0.0)


def _size_before_references(doc: Document) -> float:
    """Dominant word size on the pages before the one with the References heading (0 if none)."""
    for page in doc.pages[1:]:
        if any(_REFERENCES.match(ln.text.strip()) and (is_bold(ln.font) or len(ln.words) <= 2) for ln in page.lines):
            words = [w for p in doc.pages[: page.number - 1] for ln in p.lines for w in ln.words]
            return weighted_mode([(w.size, len(w.text)) for w in words], 0.0)
    return 0.0
