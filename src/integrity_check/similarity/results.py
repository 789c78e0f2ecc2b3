"""Result types of the similarity engine (no heavy imports)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Passage:
    """A matched passage.

    ``start``/``end`` are character offsets into the checked (query) text,
    ``source_start``/``source_end`` into the source document's text.  ``text``
    is the query slice; ``source_text`` the source slice, or None when the
    source was stored as fingerprints only.
    """

    start: int
    end: int
    source_start: int
    source_end: int
    score: float  # fraction of the passage's query words inside identical seeds
    words: int  # words of the query text in the passage
    text: str = ""
    source_text: str | None = None
    kind: str = "verbatim"  # "verbatim" (exact seeds) or "paraphrase" (sentence-level)

    def to_dict(self) -> dict:
        return {
            "start": self.start, "end": self.end,
            "source_start": self.source_start, "source_end": self.source_end,
            "kind": self.kind, "score": round(self.score, 4), "words": self.words,
            "text": self.text, "source_text": self.source_text,
        }


@dataclass
class SourceMatch:
    """All passages of one checked text that match one source document."""

    source: str  # document name in the corpus (or the other submission)
    passages: list[Passage] = field(default_factory=list)
    # Share (0..1) of the checked text's words attributed to this source,
    # each word counted once for its best source (see similarity_index()).
    share: float = 0.0
    matched_words: int = 0  # words covered by this source's passages
    fingerprints_only: bool = False
    meta: dict = field(default_factory=dict)

    @property
    def similarity_pct(self) -> float:
        return round(100.0 * self.share, 2)

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "similarity_pct": self.similarity_pct,
            "fingerprints_only": self.fingerprints_only,
            "passages": [p.to_dict() for p in self.passages],
        }
