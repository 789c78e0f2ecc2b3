"""From words to structure: furniture, lines, columns, reading order, blocks, body text.

Everything here is measured from the document itself (dominant sizes, column
edges, the gutter), never from a venue's numbers, so that the same model serves
CVPR, ACL, ECCV or a Word export, and the format rules can then compare what
was measured with what the venue requires.
"""
from __future__ import annotations

from ...model import Document, Furniture, Line, base_font_name, weighted_mode
from .body import _assemble_body
from .classify import _classify
from .columns import _find_gutter, _order_page
from .furniture import (
    _body_region, _first_page_footer, _furniture_of_line, _mark_line_numbers, _mask_digits, _page_number_text, number_row,
)
from .patterns import is_bold
from .rows import _merge_small_caps, _rows, _segments
from .sizes import _prose_size, _size_before_references

__all__ = ["build_layout", "is_bold"]


def build_layout(doc: Document) -> None:
    body_size = _prose_size(doc)

    # 1. Furniture on words (line numbers), then lines per page.
    for page in doc.pages:
        marked = _mark_line_numbers(page, body_size)
        numbers = [page.words[i] for i in sorted(marked)]
        for w in numbers:
            page.furniture.append(Line([w], page.number, -1, Furniture.LINE_NUMBER))
        content = [w for i, w in enumerate(page.words) if i not in marked]
        for row in _rows(content) if content else []:
            for seg in _segments(row):
                page.lines.append(Line(_merge_small_caps(seg), page.number, 0))

    # Long reference lists (ACL: five pages of 10 pt entries under 11 pt prose) must not
    # outvote the prose: measure the body size on the pages before the References heading.
    body_size = _size_before_references(doc) or body_size

    # 2. Furniture on lines: review header, corner boxes, page numbers, running heads.
    body_top, body_bottom = _body_region(doc, body_size)
    # Pages on which a text recurs in the header or footer band (digits masked), and pages
    # with a number-only line at a given height: running heads and page numbers recur page
    # after page (numbers in their place), table cells do not.
    repeated: dict[str, set[int]] = {}
    numbers: dict[int, set[int]] = {}
    for page in doc.pages:
        for ln in page.lines:
            if ln.bottom <= body_top + 1 or ln.top >= body_bottom - 1:
                repeated.setdefault(_mask_digits(ln.text), set()).add(page.number)
                if _page_number_text(ln.text):
                    numbers.setdefault(number_row(ln), set()).add(page.number)
    min_repeats = max(2, (len(doc.pages) + 1) // 2)
    for page in doc.pages:
        kept = []
        for ln in page.lines:
            kind = _furniture_of_line(ln, page, body_top, body_bottom, len(numbers.get(number_row(ln), ())))
            if kind is None and len(doc.pages) > 1 and len(repeated.get(_mask_digits(ln.text), ())) >= min_repeats and (
                ln.bottom <= body_top + 1 or ln.top >= body_bottom - 1
            ):
                kind = Furniture.RUNNING_HEADER if ln.bottom <= body_top + 1 else Furniture.RUNNING_FOOTER
            if kind is None and _first_page_footer(ln, page, body_bottom, body_size):
                kind = Furniture.RUNNING_FOOTER
            if kind:
                ln.furniture = kind
                page.furniture.append(ln)
            else:
                kept.append(ln)
        page.lines = kept

    # 3. Columns and reading order.
    gutter = _find_gutter(doc.pages, body_size)
    for page in doc.pages:
        _order_page(page, gutter)

    # 4. Blocks and body text.
    _classify(doc, body_size)
    _assemble_body(doc)
    para_lines = [ln for b in doc.blocks if b.kind.is_body for ln in b.lines]
    doc.body_size = weighted_mode([(w.size, len(w.text)) for ln in para_lines for w in ln.words], 0.0) or body_size
    doc.body_font = base_font_name(
        weighted_mode([(w.font, len(w.text)) for ln in para_lines for w in ln.words], "")
    )
