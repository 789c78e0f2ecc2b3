"""Line kinds: front matter, headings, references, captions, footnotes, figure and table text."""
from __future__ import annotations

import re
from collections import Counter

from ...model import BlockKind, Document, Line, weighted_mode
from .blocks import _continues, _entry_number, _group
from .patterns import _ABSTRACT, _CAPTION, _HEADING_NUMBER, _REF_LABEL, _REFERENCES, _ROMAN_LABEL, _UNNUMBERED_HEADINGS, is_bold


def _heading_kind(line: Line, body_size: float) -> tuple[bool, str | None]:
    """Is this line a section heading, and its number label if any."""
    words = line.words
    if not words or len(words) > 14:
        return False, None
    text = line.text.strip()
    lettered = [w for w in words if any(c.isalpha() for c in w.text)]
    first = words[0].text
    # IEEE and Word number sections in Roman numerals over capitals: "IV. EXPERIMENTAL RESULTS"
    roman = _ROMAN_LABEL.match(first)
    if roman and _in_capitals(lettered[1:]) and not _FORMULA.search(text):
        return True, roman.group(1)
    styled = bool(lettered) and all(is_bold(w.font) for w in lettered) or line.size > body_size + 0.8
    # Capitals (or small capitals) mark a heading as bold does: "REFERENCES", "1. INTRODUCTION";
    # not a formula in capitals ("F W = [F HOG ; F CH ]"), nor a lettered label ("F HOG")
    capitals = not styled and _in_capitals(lettered) and not _FORMULA.search(text)
    if not styled and not capitals:
        return False, None
    m = _HEADING_NUMBER.match(first)
    if m and len(words) > 1 and words[1].text[:1].isupper() and (styled or m.group(1)[0].isdigit()):
        return True, m.group(1)
    if _REFERENCES.match(text) or text.lower().rstrip(".") in _UNNUMBERED_HEADINGS:
        return True, None
    # "1.Introduction" when the generator leaves no space after the number
    m2 = re.match(r"^(\d+(?:\.\d+)*)\.([A-Z]\w+)", first)
    if m2:
        return True, m2.group(1)
    return False, None


# What a numbered entry's head has and a section title has not: a comma ("Smith, J."), a year,
# "et al.", a colon or a full stop inside ("OpenAI. GPT-4 technical report").
_ENTRY_HEAD = re.compile(r",|\b(?:1[5-9]\d\d|20\d\d)\b|\bet al\b|:|\.\s")
APPENDIX_TITLE_WORDS = 8  # a section title after the list is short ("Additional Results", "Proof of Lemma 2")


def _numbered_heading_ends_list(line: Line, title: str, body_size: float, entry_lines: list[Line]) -> bool:
    """Does a digit-numbered heading inside the reference list ("8. Additional Results") end it?

    An entry numbered "8." ("8. Smith, J. (2020). ...", "8. OpenAI. GPT-4 ...") can pass
    for a heading when the list is set in capitals or bigger than the body (Word): a heading
    ends the list only when its title reads as one (short, no comma, year or inner full stop)
    and it stands out from the entries as a heading does: bold where they are not, or larger.
    """
    if not title or _ENTRY_HEAD.search(title) or len(title.split()) > APPENDIX_TITLE_WORDS:
        return False
    def bold(ln: Line) -> bool:
        lettered = [w for w in ln.words if any(c.isalpha() for c in w.text)]
        return bool(lettered) and all(is_bold(w.font) for w in lettered)
    entry_size = weighted_mode(((ln.size, len(ln.text)) for ln in entry_lines), 0.0) or body_size
    if bold(line) and not any(bold(ln) for ln in entry_lines):
        return True
    return line.size > entry_size + 0.8


def _in_capitals(words) -> bool:
    """Words set in capitals: every letter upper case, and enough of them to be a word, not an initial."""
    text = "".join(w.text for w in words)
    if text != text.upper():  # a lower-case letter: most lines end here
        return False
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and any(sum(c.isalpha() for c in w.text) >= 3 for w in words)


_AFTER_REFERENCES = ("appendix", "appendices", "supplementary")
_FORMULA = re.compile(r"[=+;()\[\]{}<>^_|/\\]")


def _floats_in_references(lines: list[Line], kinds: list[BlockKind | None]) -> None:
    """Floats that LaTeX placed after the References heading are floats, not entries.

    A table at the top of the next column or a figure on the last page reads after
    the heading: its caption (and the caption's continuation lines directly below
    it), and its text in another size than the entries' are caption and figure text.
    """
    refs = [i for i, k in enumerate(kinds) if k == BlockKind.REFERENCE]
    if not refs:
        return
    size = weighted_mode(((lines[i].size, len(lines[i].text)) for i in refs), 0.0)
    entry_goes_on = False  # the line before opened (or continued) an entry set in another size
    for i in refs:
        ln = lines[i]
        if _CAPTION.match(ln.text.strip()):
            kinds[i] = BlockKind.CAPTION
        elif (
            kinds[i - 1] == BlockKind.CAPTION and _continues(lines[i - 1], ln)
            and abs(ln.size - lines[i - 1].size) < 0.3 and not _REF_LABEL.match(ln.words[0].text)
        ):
            kinds[i] = BlockKind.CAPTION
        elif abs(ln.size - size) > 0.6:
            # An entry pasted in another size (Word, Google Docs) is still an entry: it opens
            # with a label or an author-year head, and its other lines continue it.
            if _opens_entry(lines, i) or entry_goes_on and _continues(lines[i - 1], ln) \
                    and abs(ln.size - lines[i - 1].size) < 0.3:
                entry_goes_on = True
                continue
            kinds[i] = BlockKind.FIGURE_TEXT
        entry_goes_on = False


def _opens_entry(lines: list[Line], i: int) -> bool:
    """Does line i open a reference entry: "[4]", "4.", "(4)", or an author-year head with its year?"""
    first = lines[i].words[0].text
    if _REF_LABEL.match(first) or _entry_number(first) is not None:
        return True
    return _author_year_entry(lines, i)


# An author-year entry's first line (APA, Harvard): "Smith, J. (2020). ...", "Van der Berg, A., & Lee, K. 2019. ..."
_AUTHOR_YEAR_ENTRY = re.compile(r"^(?:[a-z]+\s+){0,2}[A-Z][\w'\u2019\-]+(?:\s+[A-Z][\w'\u2019\-]+){0,2},\s.*\b(?:1[5-9]\d\d|20\d\d)\b")


def _entry_follows(lines: list[Line], i: int) -> bool:
    """Does a reference entry start the line after line i, in its column: numbered ("[1]", "1.",
    "(1)") or author-year ("Smith, J. (2020). ...", its year within its first lines)?"""
    if i + 1 >= len(lines) or not _continues(lines[i], lines[i + 1]) and lines[i + 1].column != lines[i].column:
        return False
    first = lines[i + 1].words[0].text
    if _REF_LABEL.match(first) or _entry_number(first) == 1 or first.startswith("[1]"):
        return True  # "[1]", "1." or "(1)"
    return _author_year_entry(lines, i + 1)


ENTRY_HEAD_LINES = 3  # an author-year entry's year stands within its first lines (APA: the first; natbib: the last)


def _author_year_entry(lines: list[Line], i: int) -> bool:
    """Does line i open an author-year entry, its year within its first ``ENTRY_HEAD_LINES`` lines?"""
    entry, k = lines[i].text, i
    while k + 1 < len(lines) and k + 1 < i + ENTRY_HEAD_LINES and _continues(lines[k], lines[k + 1]):
        k += 1
        entry += " " + lines[k].text
    return bool(_AUTHOR_YEAR_ENTRY.match(entry))


def _abstract_goes_on(prev: Line, line: Line, body_size: float) -> bool:
    """Does this line continue the abstract whose last line (or heading) is *prev*?"""
    if prev.page != line.page or line.column != prev.column or line.size < body_size * 0.75:
        return False
    return -1 <= line.top - prev.bottom <= 1.5 * max(prev.size, line.size)


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
            # The title starts at the first line in its size: a running header or a course
            # line in small type may stand above it.
            i = next(j for j in first_page[:8] if lines[j].size >= title_size - 0.5)
            start = i
            while i in first_page and lines[i].size >= title_size - 0.5 and i < start + 4:
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
    abstract_last = abstract_at if abstract_at is not None else inline_abstract  # the abstract's last line so far
    in_references = False
    entry_lines: list[Line] = []  # the reference list's lines so far
    for i, ln in enumerate(lines):
        if kinds[i] is not None:
            continue
        if i == inline_abstract:
            kinds[i] = BlockKind.ABSTRACT
            continue
        if in_abstract and abstract_last is not None and _abstract_goes_on(lines[abstract_last], ln, body_size) \
                and not _CAPTION.match(ln.text.strip()) and not _heading_kind(ln, body_size)[0]:
            # The abstract may be set smaller than the body (ACL: 10 pt under 11 pt, IEEE: 9 pt
            # bold): its lines run on from the heading, in its column, until a gap or a heading.
            kinds[i] = BlockKind.ABSTRACT
            abstract_last = i
            continue
        is_heading, label = _heading_kind(ln, body_size)
        text = ln.text.strip()
        if not is_heading and not in_references and _REFERENCES.match(text) and _entry_follows(lines, i):
            is_heading = True  # "References" in plain type (Word, Google Docs) over "[1] ..." or "1. ..."
        elif is_heading and _REFERENCES.match(text) and ln.size < body_size - 0.5 and not _entry_follows(lines, i):
            is_heading = False  # a bold label smaller than the body ("Reference" over a figure's column)
        if is_heading:
            in_abstract = False
            if _REFERENCES.match(text):
                kinds[i] = BlockKind.REFERENCES_HEADING
                in_references, entry_lines = True, []
                continue
            title = text[len(ln.words[0].text):].strip() if label is not None else text
            if in_references and label is not None and (
                    not label.isdigit() or _numbered_heading_ends_list(ln, title, body_size, entry_lines)) \
                    or title.lower().startswith(_AFTER_REFERENCES):
                in_references = False  # an appendix after the references
            kinds[i], labels[i] = (BlockKind.HEADING, label) if not in_references else (BlockKind.REFERENCE, None)
            continue
        if in_references:
            kinds[i] = BlockKind.REFERENCE
            entry_lines.append(ln)
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

    _floats_in_references(lines, kinds)
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
