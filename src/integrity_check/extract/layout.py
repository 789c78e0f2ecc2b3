"""From words to structure: furniture, lines, columns, reading order, blocks, body text.

Everything here is measured from the document itself (dominant sizes, column
edges, the gutter), never from a venue's numbers, so that the same model serves
CVPR, ACL, ECCV or a Word export, and the format rules can then compare what
was measured with what the venue requires.
"""
from __future__ import annotations

import re
from collections import Counter
from statistics import median

from ..model import Block, BlockKind, Document, Furniture, Line, Page, Word, base_font_name, weighted_mode

_NUMBER = re.compile(r"^\(?\d{1,4}\)?$")
_ROMAN = re.compile(r"^[ivxlcdm]{1,6}$", re.I)
_HEADING_NUMBER = re.compile(r"^((?:\d+|[A-Z])(?:\.\d+)*)\.?$")
_REFERENCES = re.compile(r"^(?:\d+\.?\s*)?(references|bibliography|literature cited|works cited)$", re.I)
_REFERENCES_WORD = re.compile(r"references|bibliography|cited", re.I)  # a word every such heading has
_ABSTRACT = re.compile(r"^abstract[.:\u2014-]?$", re.I)
_CAPTION = re.compile(r"^(figure|fig\.|table|tab\.|algorithm)\s*[A-Z]?\d+(\.\d+)?[.:]", re.I)
_REF_LABEL = re.compile(r"^\[(\d+|[A-Za-z][\w+.-]*)\]$")
_UNNUMBERED_HEADINGS = {
    "acknowledgments", "acknowledgements", "acknowledgment", "acknowledgement", "appendix",
    "limitations", "ethics statement", "ethical considerations", "conclusion", "conclusions",
    "introduction", "related work", "broader impact", "supplementary material",
}
_BOLD = re.compile(r"bold|medi|semibold|black|heavy|-b$|bx\d|cmbx|sfbx", re.I)
_SANS = re.compile(r"sans|helvetica|arial|sfss|cmss", re.I)
_REVIEW_HEADER = re.compile(r"confidential|review copy|do not distribute|submission\s*#", re.I)

SPLIT_GAP = 1.2  # a horizontal gap wider than this many font sizes ends a line segment


def is_bold(font: str) -> bool:
    return bool(_BOLD.search(base_font_name(font)))


# --------------------------------------------------------------------------- furniture
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


def _rows(words: list[Word]) -> list[list[Word]]:
    """Cluster words into visual rows by their vertical middles."""
    rows: list[list[Word]] = []
    for w in sorted(words, key=lambda w: ((w.top + w.bottom) / 2, w.x0)):
        mid = (w.top + w.bottom) / 2
        if rows:
            row = rows[-1]
            row_mid = median((x.top + x.bottom) / 2 for x in row)
            height = max(x.bottom - x.top for x in row)
            if abs(mid - row_mid) < 0.5 * max(height, w.bottom - w.top):
                row.append(w)
                continue
        rows.append([w])
    return [sorted(r, key=lambda w: w.x0) for r in rows]


def _segments(row: list[Word]) -> list[list[Word]]:
    """Split a row where a gap is both wide and much wider than the row's word spacing.

    A justified line with few long words (Word does this) has uniformly wide
    gaps and stays whole; a column gutter or a table's cell gap stands out.
    """
    gaps = [w.x0 - prev.x1 for prev, w in zip(row, row[1:])]
    segs = [[row[0]]]
    for i, (prev, w) in enumerate(zip(row, row[1:])):
        size = max(prev.size, w.size, 1.0)
        neighbours = [gaps[j] for j in (i - 1, i + 1) if 0 <= j < len(gaps)]
        stands_out = not neighbours or any(gaps[i] > 2.0 * max(n, 0.5) for n in neighbours)
        if gaps[i] > SPLIT_GAP * size and stands_out:
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def _furniture_of_line(line: Line, page: Page, body_top: float, body_bottom: float) -> Furniture | None:
    text = line.text
    above = line.bottom <= body_top + 1
    below = line.top >= body_bottom - 1
    if above and _REVIEW_HEADER.search(text):
        return Furniture.REVIEW_HEADER
    if above and (line.x1 < page.width * 0.12 or line.x0 > page.width * 0.88):
        return Furniture.CORNER_BOX
    if (above or below) and len(line.words) <= 3 and all(_NUMBER.match(w.text) or _ROMAN.match(w.text) for w in line.words):
        return Furniture.PAGE_NUMBER
    return None


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
        prose = [ln for ln in page.lines if abs(ln.size - body_size) <= 0.6 and len(ln.words) >= 4]
        if prose:
            tops.append(min(ln.top for ln in prose))
            bottoms.append(max(ln.bottom for ln in prose))
    if not tops:
        return 0.0, max(p.height for p in doc.pages)
    return median(tops), median(bottoms)


# --------------------------------------------------------------------------- columns
def _find_gutter(pages: list[Page], body_size: float) -> tuple[float, float] | None:
    """The vertical strip in the middle third that body-size text never crosses."""
    total = 0
    width = max((p.width for p in pages), default=0)
    if not width:
        return None
    # lines covering each whole point x: +1 where a line starts, -1 after it ends
    coverage = [0] * (int(width) + 2)
    for page in pages:
        for line in page.lines:
            if abs(line.size - body_size) > 0.6:
                continue
            total += 1
            a, b = max(0, int(line.x0)), min(int(width), int(line.x1))
            if a <= b:
                coverage[a] += 1
                coverage[b + 1] -= 1
    for x in range(1, len(coverage)):
        coverage[x] += coverage[x - 1]
    if total < 10:
        return None
    limit = max(2, total * 0.03)
    lo, hi = int(width * 0.3), int(width * 0.7)
    best: tuple[int, int] | None = None
    run_start = None
    for x in range(lo, hi + 2):
        free = x <= hi and coverage[x] <= limit
        if free and run_start is None:
            run_start = x
        elif not free and run_start is not None:
            if best is None or x - run_start > best[1] - best[0]:
                best = (run_start, x)
            run_start = None
    if best is None or best[1] - best[0] < 8:
        return None
    # Text must stand on both sides of it, or it is just a margin.
    left = sum(coverage[x] for x in range(0, best[0]))
    right = sum(coverage[x] for x in range(best[1], int(width) + 1))
    if min(left, right) < 0.2 * max(left, right):
        return None
    return float(best[0]), float(best[1])


# --------------------------------------------------------------------------- build
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
                page.lines.append(Line(seg, page.number, 0))

    # Long reference lists (ACL: five pages of 10 pt entries under 11 pt prose) must not
    # outvote the prose: measure the body size on the pages before the References heading.
    body_size = _size_before_references(doc) or body_size

    # 2. Furniture on lines: review header, corner boxes, page numbers, running heads.
    body_top, body_bottom = _body_region(doc, body_size)
    repeated: Counter = Counter()
    for page in doc.pages:
        for ln in page.lines:
            if ln.bottom <= body_top + 1 or ln.top >= body_bottom - 1:
                repeated[_mask_digits(ln.text)] += 1
    min_repeats = max(2, (len(doc.pages) + 1) // 2)
    for page in doc.pages:
        kept = []
        for ln in page.lines:
            kind = _furniture_of_line(ln, page, body_top, body_bottom)
            if kind is None and len(doc.pages) > 1 and repeated[_mask_digits(ln.text)] >= min_repeats and (
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


def _size_before_references(doc: Document) -> float:
    """Dominant word size on the pages before the one with the References heading (0 if none)."""
    for page in doc.pages[1:]:
        if any(_REFERENCES.match(ln.text.strip()) and (is_bold(ln.font) or len(ln.words) <= 2) for ln in page.lines):
            words = [w for p in doc.pages[: page.number - 1] for ln in p.lines for w in ln.words]
            return weighted_mode([(w.size, len(w.text)) for w in words], 0.0)
    return 0.0


def _rejoin_justified(page: Page) -> None:
    """Rejoin a justified line that a wide word space split in two.

    Inside one column, a row of exactly two pieces that together run the
    column's full width is one stretched line (a reference entry such as
    "tems able to satisfy impolite users?      CoRR,"), not two table cells.
    """
    for column in (0, 1):
        lines = [ln for ln in page.lines if ln.column == column]
        if not lines:
            continue
        x0, x1 = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
        by_row: dict[int, list[Line]] = {}
        for ln in lines:
            by_row.setdefault(round((ln.top + ln.bottom) / 2), []).append(ln)
        for row in by_row.values():
            if len(row) != 2:
                continue
            a, b = sorted(row, key=lambda ln: ln.x0)
            size = max(a.size, b.size, 1.0)
            if a.x0 <= x0 + 2 * size and b.x1 >= x1 - size and b.x0 - a.x1 < 3 * size and min(len(a.words), len(b.words)) <= 2:
                a.words.extend(b.words)
                page.lines.remove(b)


def _order_page(page: Page, gutter: tuple[float, float] | None) -> None:
    if not page.lines:
        return
    if gutter is None:
        xs = [ln.x0 for ln in page.lines]
        page.columns = [(min(xs), max(ln.x1 for ln in page.lines))]
        for ln in page.lines:
            ln.column = 0
        page.lines.sort(key=lambda ln: (ln.top, ln.x0))
        return
    mid = (gutter[0] + gutter[1]) / 2
    for ln in page.lines:
        if ln.x1 <= mid + 1:
            ln.column = 0
        elif ln.x0 >= mid - 1:
            ln.column = 1
        else:
            ln.column = -1
    _rejoin_justified(page)
    left = [ln for ln in page.lines if ln.column == 0]
    right = [ln for ln in page.lines if ln.column == 1]
    page.columns = [
        (min((ln.x0 for ln in left), default=0.0), max((ln.x1 for ln in left), default=mid)),
        (min((ln.x0 for ln in right), default=mid), max((ln.x1 for ln in right), default=page.width)),
    ]
    # Spanning lines cut the page into bands; each band reads left column, then right.
    spanning = sorted((ln for ln in page.lines if ln.column == -1), key=lambda ln: ln.top)
    ordered: list[Line] = []
    cursor = -1e9
    for sp in [*spanning, None]:
        limit = sp.top if sp is not None else 1e9
        band = [ln for ln in page.lines if ln.column >= 0 and cursor <= ln.top < limit]
        band.sort(key=lambda ln: (ln.column, ln.top, ln.x0))
        ordered.extend(band)
        if sp is not None:
            ordered.append(sp)
            cursor = sp.top
    page.lines = ordered


# --------------------------------------------------------------------------- classify
def _heading_kind(line: Line, body_size: float) -> tuple[bool, str | None]:
    """Is this line a section heading, and its number label if any."""
    words = line.words
    if not words or len(words) > 14:
        return False, None
    text = line.text.strip()
    lettered = [w for w in words if any(c.isalpha() for c in w.text)]
    styled = bool(lettered) and all(is_bold(w.font) for w in lettered) or line.size > body_size + 0.8
    if not styled:
        return False, None
    first = words[0].text
    m = _HEADING_NUMBER.match(first)
    if m and len(words) > 1 and words[1].text[:1].isupper():
        return True, m.group(1)
    if _REFERENCES.match(text) or text.lower().rstrip(".") in _UNNUMBERED_HEADINGS:
        return True, None
    # "1.Introduction" when the generator leaves no space after the number
    m2 = re.match(r"^(\d+(?:\.\d+)*)\.([A-Z]\w+)", first)
    if m2:
        return True, m2.group(1)
    return False, None


def _column_edges(doc: Document, body_size: float) -> dict[tuple[int, int], tuple[float, float]]:
    """Per page and column, the left edge (most common x0) and right edge of body lines."""
    edges: dict[tuple[int, int], tuple[float, float]] = {}
    for page in doc.pages:
        by_col: dict[int, list[Line]] = {}
        for ln in page.lines:
            if abs(ln.size - body_size) <= 0.6 and ln.column >= 0:
                by_col.setdefault(ln.column, []).append(ln)
        for col, lines in by_col.items():
            left = Counter(round(ln.x0, 0) for ln in lines).most_common(1)[0][0]
            rights = sorted(ln.x1 for ln in lines)
            right = rights[int(len(rights) * 0.9)] if rights else left
            edges[(page.number, col)] = (left, right)
    return edges


def _classify(doc: Document, body_size: float) -> None:
    lines = [ln for p in doc.pages for ln in p.lines]
    if not lines:
        return
    edges = _column_edges(doc, body_size)
    kinds: list[BlockKind | None] = [None] * len(lines)
    labels: list[str | None] = [None] * len(lines)
    is_footnote = _footnote_test(lines, body_size)

    # Front matter on page 1: title (largest type at the top), authors, abstract heading.
    first_page = [i for i, ln in enumerate(lines) if ln.page == doc.pages[0].number]
    abstract_at = next((i for i in first_page if _ABSTRACT.match(lines[i].text.strip())), None)
    inline_abstract = None
    if abstract_at is None:
        inline_abstract = next(
            (i for i in first_page if re.match(r"^abstract[.:\u2014]", lines[i].text.strip(), re.I)), None
        )
    if first_page:
        top_sizes = [lines[i].size for i in first_page[:8]]
        title_size = max(top_sizes)
        if title_size > body_size * 1.2:
            i = first_page[0]
            while i in first_page and lines[i].size >= title_size - 0.5 and i < first_page[0] + 4:
                kinds[i] = BlockKind.TITLE
                i += 1
            end = abstract_at if abstract_at is not None else inline_abstract
            if end is not None:
                for j in range(i, end):
                    if kinds[j] is None:
                        kinds[j] = BlockKind.AUTHORS
            else:  # no abstract heading: the full-width lines under the title are the authors
                while i in first_page and lines[i].column == -1 and kinds[i] is None:
                    kinds[i] = BlockKind.AUTHORS
                    i += 1
    if abstract_at is not None:
        kinds[abstract_at] = BlockKind.ABSTRACT_HEADING

    in_abstract = abstract_at is not None or inline_abstract is not None
    in_references = False
    for i, ln in enumerate(lines):
        if kinds[i] is not None:
            continue
        if i == inline_abstract:
            kinds[i] = BlockKind.ABSTRACT
            continue
        is_heading, label = _heading_kind(ln, body_size)
        text = ln.text.strip()
        if is_heading:
            in_abstract = False
            if _REFERENCES.match(text):
                kinds[i] = BlockKind.REFERENCES_HEADING
                in_references = True
                continue
            if in_references and label is not None and not label.isdigit() or text.lower().startswith("appendix"):
                in_references = False  # an appendix after the references
            kinds[i], labels[i] = (BlockKind.HEADING, label) if not in_references else (BlockKind.REFERENCE, None)
            continue
        if in_references:
            kinds[i] = BlockKind.REFERENCE
            continue
        if _CAPTION.match(text):
            kinds[i] = BlockKind.CAPTION
            continue
        if i > 0 and kinds[i - 1] == BlockKind.CAPTION and _continues(lines[i - 1], ln) and ln.size < body_size - 0.3:
            kinds[i] = BlockKind.CAPTION
            continue
        if ln.size < body_size - 0.6:
            kinds[i] = BlockKind.FOOTNOTE if is_footnote(ln) else BlockKind.FIGURE_TEXT
            continue
        if ln.size > body_size + 0.6:
            kinds[i] = BlockKind.FIGURE_TEXT
            continue
        kinds[i] = BlockKind.ABSTRACT if in_abstract else BlockKind.PARAGRAPH

    # Rows that split into several segments inside one column are tables.
    _mark_tables(lines, kinds)
    _mark_ruled_tables(doc, lines, kinds)
    # Captions that continue at body size (some templates) stay captions until a gap.
    for i in range(1, len(lines)):
        if kinds[i] in (BlockKind.PARAGRAPH,) and kinds[i - 1] == BlockKind.CAPTION and _continues(lines[i - 1], lines[i]) and abs(lines[i].size - lines[i - 1].size) < 0.3:
            kinds[i] = BlockKind.CAPTION

    # Where reference entries start in each column: the outer edge of a hanging indent.
    for i, ln in enumerate(lines):
        if kinds[i] == BlockKind.REFERENCE:
            key = ("reference", ln.page, ln.column)
            edges[key] = min(edges.get(key, ln.x0), ln.x0)
    doc.blocks = _group(lines, kinds, labels, edges, body_size)


def _continues(prev: Line, line: Line) -> bool:
    """Same column and page, directly below."""
    if prev.page != line.page or prev.column != line.column:
        return False
    gap = line.top - prev.bottom
    return -1 <= gap <= max(prev.size, line.size) * 0.9


def _footnote_test(lines: list[Line], body_size: float):
    """is_footnote(line): small type in the lower 40% of its page's text with
    no body-size line below it in its column.  The page and column extremes
    are measured once, not per line."""
    page_bottom: dict[int, float] = {}
    lowest_body_top: dict[tuple[int, int], float] = {}
    for ln in lines:
        page_bottom[ln.page] = max(page_bottom.get(ln.page, ln.bottom), ln.bottom)
        if abs(ln.size - body_size) <= 0.6:
            key = (ln.page, ln.column)
            lowest_body_top[key] = max(lowest_body_top.get(key, ln.top), ln.top)

    def is_footnote(line: Line) -> bool:
        if line.top < page_bottom[line.page] * 0.6:
            return False
        return lowest_body_top.get((line.page, line.column), float("-inf")) <= line.top

    return is_footnote


def _mark_ruled_tables(doc: Document, lines: list[Line], kinds: list[BlockKind | None]) -> None:
    """Body-size lines between two horizontal rules of a table (booktabs, Word borders)."""
    on_page: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        on_page.setdefault(ln.page, []).append(i)
    for page in doc.pages:
        rules = sorted(
            (g for g in page.graphics if g.kind in ("line", "rect") and g.bottom - g.top < 1.5 and g.x1 - g.x0 > 40),
            key=lambda g: g.top,
        )
        for upper, lower in zip(rules, rules[1:]):
            if not 5 < lower.top - upper.top < 250:
                continue
            x0, x1 = max(upper.x0, lower.x0), min(upper.x1, lower.x1)
            for i in on_page.get(page.number, ()):
                ln = lines[i]
                if (
                    kinds[i] in (BlockKind.PARAGRAPH, BlockKind.ABSTRACT)
                    and upper.top < ln.top and ln.bottom < lower.bottom + 1
                    and ln.x0 >= x0 - 2 and ln.x1 <= x1 + 2
                ):
                    kinds[i] = BlockKind.FIGURE_TEXT


def _mark_tables(lines: list[Line], kinds: list[BlockKind | None]) -> None:
    by_row: dict[tuple[int, int, int], list[int]] = {}
    for i, ln in enumerate(lines):
        if kinds[i] in (BlockKind.PARAGRAPH, BlockKind.ABSTRACT):
            by_row.setdefault((ln.page, ln.column, round((ln.top + ln.bottom) / 4)), []).append(i)
    for idx in by_row.values():
        if len(idx) > 1:
            for i in idx:
                kinds[i] = BlockKind.FIGURE_TEXT


def _starts_block(kind: BlockKind, prev: Line, line: Line, run: list[Line], edges, body_size: float) -> bool:
    """Paragraph and entry boundaries from indentation, short lines and gaps."""
    if kind in (BlockKind.TITLE, BlockKind.AUTHORS):
        return False
    if kind in (BlockKind.HEADING, BlockKind.ABSTRACT_HEADING, BlockKind.REFERENCES_HEADING):
        return not _continues(prev, line) or bool(_HEADING_NUMBER.match(line.words[0].text))
    if kind == BlockKind.CAPTION:
        return bool(_CAPTION.match(line.text)) or not _continues(prev, line)
    size = max(line.size, 1.0)
    left, right = edges.get((line.page, line.column), (line.x0, line.x1))
    if kind == BlockKind.REFERENCE:
        if _REF_LABEL.match(line.words[0].text):
            return True
        if any(_REF_LABEL.match(ln.words[0].text) for ln in run):
            return False  # numbered entries: only a new label starts one
        # "1." / "(1)" numbered entries (LNCS, APA-like lists): the next number starts one.
        number = _entry_number(run[0].words[0].text)
        if number is not None:
            return _entry_number(line.words[0].text) == number + 1
        # An entry goes on after a line ending with a comma or before one opening
        # with "and": "Soral, Wiktor, ..., Dominik," / "and Bilewicz, Michał."
        if prev.text.rstrip().endswith(",") or line.words[0].text in ("and", "&"):
            return False
        # Author-year entries: a hanging indent (the first line sticks out) or a gap.
        if prev.page == line.page and prev.column == line.column:
            # A row split in two segments (an accent raised one part) starts at its leftmost segment.
            row_x0 = min((ln.x0 for ln in run if ln.page == prev.page and ln.column == prev.column
                          and ln.top < prev.bottom and prev.top < ln.bottom), default=prev.x0)
            return line.x0 < row_x0 - 0.5 * size or line.top - prev.bottom > 0.5 * size
        # Across a column or page break: with hanging indents, a line at the column's
        # outer edge starts an entry and an indented one continues it.
        hanging = len(run) > 1 and run[1].x0 > run[0].x0 + 0.5 * size
        outer = edges.get(("reference", line.page, line.column), line.x0)
        return hanging and line.x0 < outer + 0.5 * size
    # paragraphs, abstract, footnotes, figure text
    same_place = prev.page == line.page and prev.column == line.column
    if same_place and line.top - prev.bottom > size * 1.0:
        return True
    prev_right = edges.get((prev.page, prev.column), (prev.x0, prev.x1))[1]
    run_right = max(ln.x1 for ln in run) if len(run) > 1 else prev_right
    prev_short = prev.x1 < min(run_right, prev_right) - 1.5 * size
    indented = line.x0 > left + 0.6 * size
    if same_place:
        if line.x0 > prev.x0 + 0.6 * size:
            return True
        if prev_short and not (abs(line.x0 - prev.x0) < 1 and prev.x0 > left + 0.6 * size):
            return True
        return False
    # New column or page: continue unless the previous line ended short or this one is indented.
    return prev_short or indented


def _entry_number(word: str) -> int | None:
    """3 for an entry opening "3." or "(3)"; None otherwise."""
    m = re.fullmatch(r"(\d{1,3})\.|\((\d{1,3})\)", word)
    return int(m.group(1) or m.group(2)) if m else None


def _group(lines, kinds, labels, edges, body_size: float) -> list[Block]:
    blocks: list[Block] = []
    run: list[Line] = []
    run_kind: BlockKind | None = None
    run_label = None

    def flush():
        nonlocal run, run_kind, run_label
        if run:
            blocks.append(Block(run_kind, run, _join_lines(run), label=run_label))
        run, run_kind, run_label = [], None, None

    for i, ln in enumerate(lines):
        kind = kinds[i]
        if kind == run_kind and run and not _starts_block(kind, run[-1], ln, run, edges, body_size):
            run.append(ln)
            continue
        # A paragraph broken by a float (caption, table) continues when the next body line
        # is not indented: rejoin it to the paragraph before the float.
        if kind in (BlockKind.PARAGRAPH, BlockKind.ABSTRACT) and run_kind not in (kind, None):
            flush()
            prev_para = next((b for b in reversed(blocks) if b.kind.is_body or b.kind in (BlockKind.HEADING, BlockKind.REFERENCES_HEADING)), None)
            if (
                prev_para is not None
                and prev_para.kind == kind
                and blocks[-1] is not prev_para
                and all(b.kind in (BlockKind.CAPTION, BlockKind.FIGURE_TEXT, BlockKind.FOOTNOTE) for b in blocks[blocks.index(prev_para) + 1:])
                and not _starts_block(kind, prev_para.lines[-1], ln, prev_para.lines, edges, body_size)
            ):
                # Re-emitted when flushed, so it lands after the float in reading order.
                blocks.remove(prev_para)
                run, run_kind, run_label = prev_para.lines + [ln], kind, None
                continue
        flush()
        run, run_kind = [ln], kind
        run_label = labels[i]
        if kind == BlockKind.REFERENCE and _REF_LABEL.match(ln.words[0].text):
            run_label = ln.words[0].text
    flush()
    floats = (BlockKind.FIGURE_TEXT, BlockKind.CAPTION)
    for i, b in enumerate(blocks):
        # A stray label between a figure's pieces ("Epoch") is figure text, not a paragraph.
        if (
            b.kind == BlockKind.PARAGRAPH and len(b.text.split()) < 4
            and 0 < i < len(blocks) - 1 and blocks[i - 1].kind in floats and blocks[i + 1].kind in floats
        ):
            b.kind = BlockKind.FIGURE_TEXT
    for b in blocks:
        if b.kind == BlockKind.HEADING and b.label is None:
            m = re.match(r"^(\d+(?:\.\d+)*)\.", b.text)
            b.label = m.group(1) if m else None
    return blocks


def _dehyphenate(words: list[Word], lines: list[Line]) -> list[list[Word]]:
    """Group words into logical words, joining 'sin-' + 'gle' across line ends."""
    line_end = {id(ln.words[-1]) for ln in lines[:-1]}
    groups: list[list[Word]] = []
    skip = False
    for k, w in enumerate(words):
        if skip:
            skip = False
            continue
        nxt = words[k + 1] if k + 1 < len(words) else None
        if (
            nxt is not None
            and id(w) in line_end
            and len(w.text) > 2
            and w.text.endswith("-")
            and w.text[-2].isalpha()
            and nxt.text[:1].islower()
        ):
            groups.append([w, nxt])
            skip = True
        else:
            groups.append([w])
    return groups


def _logical_text(group: list[Word]) -> str:
    if len(group) == 1:
        return group[0].text
    return group[0].text[:-1] + group[1].text


def _join_lines(lines: list[Line]) -> str:
    words = [w for ln in lines for w in ln.words]
    return " ".join(_logical_text(g) for g in _dehyphenate(words, lines))


def _assemble_body(doc: Document) -> None:
    """Concatenate abstract and paragraphs; give each body word its offsets."""
    parts: list[str] = []
    body_words: list[Word] = []
    pos = 0
    for block in doc.blocks:
        if not block.kind.is_body:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        block.start = pos
        words = [w for ln in block.lines for w in ln.words]
        # An inline "Abstract." label is a heading, not abstract text.
        if block.kind == BlockKind.ABSTRACT and words and re.match(r"^abstract[.:\u2014]$", words[0].text, re.I):
            words = words[1:]
        for n, group in enumerate(_dehyphenate(words, block.lines)):
            text = _logical_text(group)
            if n:
                parts.append(" ")
                pos += 1
            for w in group:
                w.start, w.end = pos, pos + len(text)
                body_words.append(w)
            parts.append(text)
            pos += len(text)
        block.end = pos
        block.text = "".join(parts)[block.start:]
    doc.body_text = "".join(parts)
    doc.body_words = body_words
