"""The document model every check reads.

A PDF (or a plain-text file) becomes a :class:`Document`: pages with every word
and its font, lines grouped into columns in reading order, page furniture set
aside, and blocks classified (title, abstract, headings, paragraphs, captions,
references...).  The *body text* is the abstract plus the section paragraphs,
dehyphenated and joined across columns and pages; every body word keeps its
character offsets into it and a link back to its page and box.
"""
from __future__ import annotations

import bisect
import enum
from dataclasses import dataclass, field

from .findings import BBox, union


class BlockKind(str, enum.Enum):
    TITLE = "title"
    AUTHORS = "authors"
    ABSTRACT_HEADING = "abstract_heading"
    ABSTRACT = "abstract"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    CAPTION = "caption"
    FIGURE_TEXT = "figure_text"  # text inside tables and figures
    FOOTNOTE = "footnote"
    REFERENCES_HEADING = "references_heading"
    REFERENCE = "reference"

    @property
    def is_body(self) -> bool:
        return self in (BlockKind.ABSTRACT, BlockKind.PARAGRAPH)


class Furniture(str, enum.Enum):
    LINE_NUMBER = "line_number"
    REVIEW_HEADER = "review_header"
    CORNER_BOX = "corner_box"
    PAGE_NUMBER = "page_number"
    RUNNING_HEADER = "running_header"
    RUNNING_FOOTER = "running_footer"


@dataclass(slots=True)
class Word:
    text: str
    page: int  # 1-based; 0 for plain-text documents
    x0: float
    top: float
    x1: float
    bottom: float
    font: str = ""
    size: float = 0.0
    color: tuple = ()
    # Offsets into Document.body_text for body words (None elsewhere).
    start: int | None = None
    end: int | None = None

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class Line:
    words: list[Word]
    page: int
    column: int  # 0, 1, ... left to right; -1 for a line spanning columns
    furniture: Furniture | None = None

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @property
    def size(self) -> float:
        """The size most of the line's characters are set in."""
        return weighted_mode(((w.size, len(w.text)) for w in self.words), 0.0)

    @property
    def font(self) -> str:
        return weighted_mode(((w.font, len(w.text)) for w in self.words), "")


@dataclass
class Block:
    kind: BlockKind
    lines: list[Line]
    text: str  # dehyphenated, single-spaced
    label: str | None = None  # "3.1" for a heading, "[4]" for a reference entry
    start: int | None = None  # offsets into body_text for body blocks
    end: int | None = None

    @property
    def page(self) -> int:
        return self.lines[0].page if self.lines else 0

    @property
    def pages(self) -> list[int]:
        return sorted({ln.page for ln in self.lines})

    @property
    def bbox(self) -> BBox:
        """Box of the block's lines on its first page."""
        return union(ln.bbox for ln in self.lines if ln.page == self.page)


@dataclass
class Box:
    """A rectangle in PDF points from the top-left of the page."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)


@dataclass
class Graphic(Box):
    """An image or a vector drawing (rect, line, curve): ink that is not text."""

    kind: str = "rect"  # "image", "rect", "line", "curve"
    page: int = 0


@dataclass
class FontInfo:
    name: str  # as in the PDF, subset prefix included
    type: str  # Type1, TrueType, Type0, Type3, ...
    embedded: bool
    pages: list[int] = field(default_factory=list)

    @property
    def base_name(self) -> str:
        return base_font_name(self.name)


@dataclass
class Page:
    number: int  # 1-based
    width: float
    height: float
    words: list[Word] = field(default_factory=list)  # every word, furniture included
    lines: list[Line] = field(default_factory=list)  # content lines in reading order
    furniture: list[Line] = field(default_factory=list)
    graphics: list[Graphic] = field(default_factory=list)
    columns: list[tuple[float, float]] = field(default_factory=list)  # x-extents, left to right
    rotation: int = 0  # degrees the displayed page was turned (clockwise) so that its text reads upright
    links: list[tuple[str, BBox]] = field(default_factory=list)  # hyperlink targets (URI annotations) and boxes


@dataclass
class Document:
    path: str
    kind: str  # "pdf" or "txt"
    pages: list[Page] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)  # reading order
    body_text: str = ""
    body_words: list[Word] = field(default_factory=list)  # ordered by offset
    fonts: list[FontInfo] = field(default_factory=list)
    body_size: float = 0.0  # dominant size of body paragraphs
    body_font: str = ""  # dominant font of body paragraphs (subset prefix removed)
    metadata: dict = field(default_factory=dict)
    _starts: list[int] = field(default_factory=list, repr=False)

    # -- navigation -----------------------------------------------------------
    def blocks_of(self, *kinds: BlockKind) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]

    @property
    def references(self) -> list[Block]:
        return self.blocks_of(BlockKind.REFERENCE)

    @property
    def references_heading(self) -> Block | None:
        found = self.blocks_of(BlockKind.REFERENCES_HEADING)
        return found[0] if found else None

    def words_in_span(self, start: int, end: int) -> list[Word]:
        """Body words overlapping the character span [start, end)."""
        if not self._starts or len(self._starts) != len(self.body_words):
            self._starts = [w.start for w in self.body_words]
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        out = []
        for w in self.body_words[i:]:
            if w.start >= end:
                break
            if w.end > start:
                out.append(w)
        return out

    def locate(self, start: int, end: int) -> tuple[int | None, BBox | None]:
        """Page and box (on its first page) of a body-text span."""
        words = self.words_in_span(start, end)
        if not words or not words[0].page:
            return None, None
        page = words[0].page
        return page, union(w.bbox for w in words if w.page == page)

    @property
    def word_count(self) -> int:
        return len(self.body_words)


def weighted_mode(pairs, default):
    """The value with the largest total weight in (value, weight) pairs; the
    first one seen wins a tie; *default* when there are none."""
    weights: dict = {}
    for value, weight in pairs:
        weights[value] = weights.get(value, 0) + weight
    return max(weights, key=weights.get) if weights else default


def base_font_name(name: str) -> str:
    """'ABCDEF+NimbusRomNo9L-Regu' -> 'NimbusRomNo9L-Regu' (subset prefix dropped)."""
    if len(name) > 7 and name[6] == "+" and name[:6].isalpha() and name[:6].isupper():
        return name[7:]
    return name
