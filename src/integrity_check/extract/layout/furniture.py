"""Page furniture: review line numbers, headers, corner boxes, page numbers, running heads; the text block."""
from __future__ import annotations

import re
from collections import Counter
from statistics import median

from ...model import Document, Furniture, Line, Page
from .patterns import _NUMBER, _PAGE_OF, _REVIEW_HEADER, _ROMAN, _SANS


def _is_black(color: tuple) -> bool:
    if not color:
        return True
    if len(color) == 1:
        return color[0] < 0.2
    if len(color) == 3:
        return max(color) < 0.2
    if len(color) == 4:  # CMYK
        return color[3] > 0.8 or max(color[:3]) < 0.2
    return True


def _mark_line_numbers(page: Page, body_size: float) -> set[int]:
    """Review-mode line numbers: runs of small numbers stacked at one x, often coloured."""
    candidates = [
        i for i, w in enumerate(page.words)
        if _NUMBER.match(w.text) and w.size <= body_size * 0.95 + 0.01
    ]
    stacks: Counter = Counter(round(page.words[i].x0) for i in candidates)
    marked = set()
    for i in candidates:
        w = page.words[i]
        stacked = stacks[round(w.x0)] >= 5
        styled = not _is_black(w.color) or _SANS.search(w.font) is not None
        if stacked and styled or stacked and (w.x1 < page.width * 0.1 or w.x0 > page.width * 0.9):
            marked.add(i)
        elif styled and not _is_black(w.color) and (stacks[round(w.x0)] >= 2 or w.x1 < page.width * 0.1 or w.x0 > page.width * 0.9):
            marked.add(i)  # the few numbers that CVPR 2025+ puts in the gutter
    return marked


def _furniture_of_line(line: Line, page: Page, body_top: float, body_bottom: float,
                       number_pages: int = 1) -> Furniture | None:
    """Review header, corner box or page number; *number_pages* is how many pages hold a
    number-only line at about this line's height."""
    text = line.text
    above = line.bottom <= body_top + 1
    below = line.top >= body_bottom - 1
    if above and _REVIEW_HEADER.search(text):
        return Furniture.REVIEW_HEADER
    if above and (line.x1 < page.width * 0.12 or line.x0 > page.width * 0.88):
        return Furniture.CORNER_BOX
    if (above or below) and _is_page_number(line, page, below, number_pages):
        return Furniture.PAGE_NUMBER
    return None


def _page_number_text(text: str) -> bool:
    words = text.split()
    return bool(_PAGE_OF.match(text.strip())) or 0 < len(words) <= 3 and all(
        _NUMBER.match(w) or _ROMAN.match(w) for w in words)


def _is_page_number(line: Line, page: Page, below: bool, number_pages: int) -> bool:
    """A page number is "Page N of M", or a short number in the footer band standing alone
    on its row, or one that recurs at the same height page after page (a header's number).
    Equation numbers, table cells and axis labels have neighbours on their row and do not
    recur from page to page."""
    if not _page_number_text(line.text):
        return False
    if _PAGE_OF.match(line.text.strip()) or number_pages >= 2:
        return True
    alone = not any(other is not line and other.top < line.bottom and line.top < other.bottom for other in page.lines)
    return below and alone and "(" not in line.text


def number_row(line: Line) -> int:
    """The height band (8 pt) a running head or page number is matched on from page to page."""
    return round((line.top + line.bottom) / 8)


def _first_page_footer(line: Line, page: Page, body_bottom: float, body_size: float) -> bool:
    """The publisher's note under the text block of page 1 (ACL "Proceedings of ...", IEEE copyright):
    small, centred, and a clear line's height below the last line of the text block."""
    centre = (line.x0 + line.x1) / 2
    return (
        page.number == 1
        and line.top >= body_bottom + body_size
        and line.size < body_size - 0.5
        and abs(centre - page.width / 2) < page.width * 0.1
    )


def _mask_digits(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip().lower())


def _body_region(doc: Document, body_size: float) -> tuple[float, float]:
    """Top and bottom of the text block: the median over pages of where prose starts and ends.

    Only lines of body size with several words count, so that corner boxes,
    page numbers and one-word labels cannot stretch the region.
    """
    tops, bottoms = [], []
    for page in doc.pages:
        prose = [ln for ln in page.lines if abs(ln.size - body_size) <= 0.6 and len(ln.words) >= 4
                 and not _page_number_text(ln.text)]
        if prose:
            tops.append(min(ln.top for ln in prose))
            bottoms.append(max(ln.bottom for ln in prose))
    if not tops:
        return 0.0, max(p.height for p in doc.pages)
    return median(tops), median(bottoms)
