"""Quotations: inline (between quote marks) and block (set in from both column edges).

Inline quotations
    Pairs of “curly” double quotes (what LaTeX ``...'' renders as), straight
    "double" quotes, guillemets « » (and German » «), low-high „ “ quotes, and
    the TeX source forms ``...''.  Single quotes ‘...’ and '...' count only
    when they clearly pair: an opening mark after a space or bracket and
    before a letter, and a closing mark after a letter or punctuation and
    before a space or punctuation.  The closing single quote is also the
    apostrophe, so "the students’ essays" (no opening mark) is never a
    quotation, and inside a single-quoted passage a possessive "s’ word" is
    skipped when a later closing mark exists.  Quotations nested inside
    another count once (the outer one).  ``body_text`` joins lines, columns
    and pages, so a quotation crossing them is one quotation.

Block quotations
    A body paragraph of at least two lines whose every line starts at least
    ``min_inset`` points right of its column's left edge and ends at least
    ``min_inset`` points left of the right edge (LaTeX ``quote``/``quotation``,
    Word's indented paragraphs).  Column edges come from the page's body lines
    (median left edge, 90th-percentile right edge).  A first-line indent (the
    other lines start at the edge) or a hanging indent (the lines reach the
    right edge) is not a block quotation; reference entries never are.  Nor
    are lists (a line opening with a bullet or an enumerator), tables and
    data (mostly numbers, few lowercase words) and equations or code (set
    mostly in math or typewriter fonts).

What is not a quotation (:func:`assess`)
    Text between quote marks is someone else's words only when a careful
    reader would read it so.  It is not when it is
    a term or scare quotes (at most ``TERM_MAX_WORDS`` words);
    a name, title or label (few lowercase words: “Sequence to Bag of
    Labels”, “Predicted: M 95% (True: Y)”);
    the title of a work (after "entitled", "titled", "the paper"...);
    an example, prompt, question or instruction the report presents (after
    "e.g.", "for example", "such as", "like", "prompt", "question",
    "instruction", "template"..., or their verbs "asked", "prompted",
    "instructed", "replied"..., or standing alone in parentheses);
    math or code (set mostly in math or typewriter fonts).
    A block introduced by a sentence that announces an example ("as in this
    example:") is an example, not a quotation; one introduced "as follows:"
    is too, unless a source is cited in that sentence or right after the
    block ("Smith [3] puts it as follows:").
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

# opening mark -> closing marks it accepts
_DOUBLE_PAIRS = {
    "\u201c": "\u201d",  # “ ”
    "\u201e": "\u201c\u201d",  # „ “ (German) or „ ” (Polish)
    "\u00ab": "\u00bb",  # « »
    "\u00bb": "\u00ab",  # » « (German guillemets)
    "``": "''",  # TeX source
    '"': '"',  # straight
}
_SINGLE_PAIRS = {"\u2018": "\u2019", "\u2039": "\u203a", "'": "'", "\u201a": "\u2018\u2019"}
_BEFORE_OPEN = set(" \t\n([{\u2014\u2013-/:;\u201c\u201e\u00ab\"")
_AFTER_CLOSE = set(" \t\n)]}.,;:!?\u2014\u2013-/\u201d\u00bb\"")
MAX_QUOTE_CHARS = 3000  # longer than that, an unmatched mark is more likely than a quotation
_OPEN_RE = re.compile(r"``|[\u201c\u201e\u00ab\u00bb\"\u2018\u2039'\u201a]")


@dataclass(slots=True)
class Quotation:
    start: int  # span including the quote marks (block quotations: the paragraph)
    end: int
    inner_start: int  # the quoted words only
    inner_end: int
    kind: str  # "inline" or "block"
    mark: str = ""  # the opening mark ("" for block quotations)
    page: int | None = None
    words: int = 0  # filled by the analysis (body words inside)
    cited: bool | None = None  # filled by the analysis
    not_quotation: str = ""  # why it is not someone else's words (filled by the analysis), "" if it is
    extra: dict = field(default_factory=dict)

    def text_in(self, text: str) -> str:
        return text[self.inner_start:self.inner_end]


def _opens(text: str, i: int, mark: str) -> bool:
    """Can the mark at i open a quotation?"""
    nxt = text[i + len(mark):i + len(mark) + 1]
    if mark == "\u00ab" and nxt in (" ", "\u00a0", "\u202f"):
        nxt = text[i + 2:i + 3]  # French spacing: « Bonjour »
    if not nxt or nxt.isspace():
        return False
    prev = text[i - 1] if i > 0 else " "
    if mark in ("\u2018", "'", "\u2039", "\u201a"):
        return (prev in _BEFORE_OPEN or prev.isspace()) and (nxt.isalpha() or nxt in "\u201c\"")
    if mark == '"':
        return prev in _BEFORE_OPEN or prev.isspace()
    if mark == "\u00bb":  # German » « only when a « closes it later; checked by the caller
        return prev in _BEFORE_OPEN or prev.isspace()
    return True


def _closes(text: str, j: int, mark: str) -> bool:
    prev = text[j - 1] if j > 0 else " "
    nxt = text[j + len(mark):j + len(mark) + 1]
    if mark == "\u00bb" and prev in (" ", "\u00a0", "\u202f") and j > 1:
        prev = text[j - 2]
    if prev.isspace():
        return False
    return not nxt or nxt.isspace() or nxt in _AFTER_CLOSE or (nxt in "[(" and mark != "'")


def _find_close(text: str, i: int, mark: str, limit: int, memo: dict | None = None) -> int | None:
    """Offset of the mark closing the quotation opened at i, or None.

    ``memo`` (one dict per text) keeps, per mark, the stretch a failed search
    covered without meeting any closing mark: a later opening mark inside it
    resumes where that search stopped, so unmatched marks ("'abc 'abc ...")
    cost linear time instead of ``MAX_QUOTE_CHARS`` per mark.
    """
    single = mark in _SINGLE_PAIRS
    closers = _SINGLE_PAIRS[mark] if single else _DOUBLE_PAIRS[mark]
    j = i + len(mark)
    depth = 0
    candidates = []
    opened: list[int] = []  # same-kind opening marks nested after i
    seen = memo.get(mark) if memo is not None else None
    if seen is not None and i < seen[0]:
        stop, stopped_by_break, before = seen
        if stopped_by_break:
            return None  # the same paragraph end stops this search too, with nothing found
        opened = [k for k in before if k > i]
        j, depth = max(j, stop), len(opened)
    saw_closer = False
    stopped_by_break = False
    while j < limit:
        c = text[j]
        two = text[j:j + 2]
        if mark == "``" and two == "``":
            depth += 1
            opened.append(j)
            j += 2
            continue
        if mark == "``" and two == "''":
            if depth == 0:
                return j
            saw_closer = True
            depth -= 1
            j += 2
            continue
        if mark != "``" and c == mark and mark not in closers and _opens(text, j, mark):
            depth += 1  # same-kind nesting: “a “b” c”
            opened.append(j)
        elif c in closers and mark != "``" and _closes(text, j, c):
            saw_closer = True
            if depth:
                depth -= 1
            elif single:
                candidates.append(j)
                # A possessive "students’ essays" is skipped if the passage
                # goes on: prefer a later closing mark in the same sentence.
                nxt = text[j + 1:j + 3]
                if not (text[j - 1] == "s" and len(nxt) == 2 and nxt[0] == " " and nxt[1].islower()):
                    return j
            else:
                return j
        elif single and c in ".!?" and candidates and text[j + 1:j + 2] in (" ", "\n", ""):
            break
        elif single and text[j:j + 2] == "\n\n":
            stopped_by_break = True
            break
        j += 1
    if memo is not None and not saw_closer:
        memo[mark] = (j, stopped_by_break, opened)
    return candidates[-1] if candidates else None


def find_inline_quotations(text: str, max_chars: int = MAX_QUOTE_CHARS) -> list[Quotation]:
    """Outermost inline quotations of ``text``, in order.  Never raises."""
    out: list[Quotation] = []
    pos = 0
    n = len(text)
    memo: dict = {}
    while pos < n:
        m = _OPEN_RE.search(text, pos)
        if not m:
            break
        i, mark = m.start(), m.group()
        if mark == "'" and text[i:i + 2] == "''":
            pos = i + 2  # a TeX closing mark without its opening
            continue
        if not _opens(text, i, mark):
            pos = i + len(mark)
            continue
        j = _find_close(text, i, mark, min(n, i + len(mark) + max_chars), memo)
        if j is None:
            pos = i + len(mark)
            continue
        close_len = 2 if mark == "``" else 1
        inner_start, inner_end = i + len(mark), j
        if text[inner_start:inner_end].strip():
            out.append(Quotation(i, j + close_len, inner_start, inner_end, "inline", mark))
        pos = j + close_len
    return out


# -- block quotations ------------------------------------------------------------


def _percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    k = min(len(values) - 1, max(0, round(q * (len(values) - 1))))
    return values[k]


def column_edges(doc) -> dict[tuple[int, int], tuple[float, float]]:
    """(page, column) -> (left, right) text edges measured on body lines.

    A (page, column) with fewer than 6 body lines borrows the edges measured
    on the whole document for that column index.
    """
    from ..model import BlockKind

    per: dict[tuple[int, int], list] = {}
    per_col: dict[int, list] = {}
    for block in doc.blocks:
        if block.kind not in (BlockKind.PARAGRAPH, BlockKind.ABSTRACT):
            continue
        for ln in block.lines:
            if ln.column < 0 or not ln.words:
                continue
            per.setdefault((ln.page, ln.column), []).append(ln)
            per_col.setdefault(ln.column, []).append(ln)

    def edges(lines) -> tuple[float, float]:
        return _percentile([ln.x0 for ln in lines], 0.5), _percentile([ln.x1 for ln in lines], 0.9)

    whole = {col: edges(lines) for col, lines in per_col.items() if lines}
    out = {}
    for key, lines in per.items():
        out[key] = edges(lines) if len(lines) >= 6 else whole[key[1]]
    for page in doc.pages:
        for col in whole:
            out.setdefault((page.number, col), whole[col])
    return out


def find_block_quotations(doc, min_inset: float = 6.0, min_lines: int = 2) -> list[Quotation]:
    """Body paragraphs set in from both column edges over >= ``min_lines`` lines."""
    from ..model import BlockKind

    if doc.kind != "pdf" or not doc.pages:
        return []
    edges = column_edges(doc)
    out = []
    in_references = False
    for block in doc.blocks:
        if block.kind == BlockKind.REFERENCES_HEADING:
            in_references = True
        if in_references or block.kind != BlockKind.PARAGRAPH or block.start is None:
            continue
        lines = [ln for ln in block.lines if ln.words]
        if len(lines) < min_lines or any(ln.column < 0 for ln in lines):
            continue
        # A quote environment sets its lines together: one line on each of several
        # pages (a filler "Page 10 of the manuscript.") is not a block quotation.
        per_place: dict[tuple[int, int], int] = {}
        for ln in lines:
            per_place[(ln.page, ln.column)] = per_place.get((ln.page, ln.column), 0) + 1
        if max(per_place.values()) < min_lines:
            continue
        # Lists, tables and data, equations and code are not quotations.
        if any(is_list_item(ln.words[0].text) for ln in lines) or lower_share(block.text) < 0.3:
            continue
        math, code = special_font_share([w for ln in lines for w in ln.words])
        if math + code >= 0.3:
            continue
        ok = True
        for k, ln in enumerate(lines):
            left, right = edges.get((ln.page, ln.column), (None, None))
            if left is None or ln.x0 < left + min_inset:
                ok = False
                break
            # The last line of a paragraph may end anywhere short of the edge.
            if ln.x1 > right - min_inset:
                ok = False
                break
        if not ok:
            continue
        # The paragraph's lines must share their left edge (a quote block, not
        # a centred display of different widths).
        if max(ln.x0 for ln in lines) - min(ln.x0 for ln in lines) > 3.0 and len(lines) > 2:
            lefts = sorted(ln.x0 for ln in lines)
            if lefts[-2] - lefts[0] > 3.0:
                continue
        a, b = block.start, block.end
        out.append(Quotation(a, b, a, b, "block", "", page=lines[0].page,
                             extra={"inset_left": round(lines[0].x0 - edges[(lines[0].page, lines[0].column)][0], 1)}))
    return out


def merge_quotations(inline: list[Quotation], block: list[Quotation]) -> list[Quotation]:
    """Block quotations plus the inline ones outside them, in text order."""
    out = list(block)
    for q in inline:
        if not any(b.start <= q.start < b.end for b in block):
            out.append(q)
    return sorted(out, key=lambda q: q.start)


# -- what is not a quotation -------------------------------------------------------

TERM_MAX_WORDS = 3  # “my”, “et al.”, “ground truth”: a term or scare quotes, not a quotation
# Math and typewriter fonts (TeX Computer Modern and AMS math, Latin Modern,
# STIX/Cambria math, Symbol; Courier, Consolas, Menlo, *Mono*).
_MATH_FONT = re.compile(r"cmmi|cmsy|cmex|cmbsy|msam|msbm|eufm|rsfs|math|symbol|stix.*(?:math|integrals)|lmmi|lmsy", re.I)
_CODE_FONT = re.compile(r"cmtt|sftt|txtt|lmmono|courier|consol|menlo|mono|inconsolata|typewriter", re.I)
_TITLE_CUE = re.compile(r"\b(?:entitled|titled|(?:the|their|his|her|its|our|a|an|this|that) (?:paper|article|book|chapter|talk|"
                        r"blog post|thesis|report|song|film|movie))\W*$", re.I)
_NAME_CUE = re.compile(r"\b(?:called|named|termed|dubbed|known as|refer(?:red)? to as|the (?:term|word|phrase|label|tag|keyword|token|string|class|category))\W*$", re.I)
# The cue words as a word family, nouns and verbs: "prompt", "prompted", "asked", "instructed to", "replied".
_EXAMPLE_CUE = re.compile(
    r"\b(?:e\.\s?g\.|i\.\s?e\.|for (?:example|instance)|such as|examples?|samples?|prompt(?:s|ed|ing)?|"
    r"questions?|ask(?:s|ed|ing)?|quer(?:y|ies|ied|ying)|instruct(?:s|ed|ing|ions?)?|templates?|inputs?|outputs?|"
    r"respon(?:se|ses|d|ds|ded|ding)|answer(?:s|ed|ing)?|repl(?:y|ies|ied|ying)|utterances?|command(?:s|ed)?|"
    r"captions?|sentences?|messages?|labell?ed|strings?|typ(?:e|es|ed|ing)|enter(?:s|ed|ing)?)\b", re.I)
_EXAMPLE_LEAD = re.compile(r"\b(?:e\.\s?g\.|for (?:example|instance)|examples?|template|prompt)\b[^.!?]*:", re.I)
# "... as follows:" introduces the report's own example, definition or procedure, unless a
# source is cited with it (in the sentence, or right after the block): then it is a quotation.
_FOLLOWS_LEAD = re.compile(r"\bas follows\b[^.!?]*:", re.I)
_LOWER_WORD = re.compile(r"^[(\[\u201c\"'\u2018]*[a-z\u00df-\u00ff\u0100-\u024f][a-z0-9\u00df-\u00ff\u0100-\u024f'\u2019-]*[)\].,;:!?\u201d\"'\u2019]*$")
_LIST_MARK = re.compile(r"^(?:\(cid:\d+\)|[\u2022\u25e6\u25aa\u25ab\u2023\u2043\u2219\u00b7\u25cf\u25cb\u25a0\u25a1\u27a2\u2713\u2714*\u2013\u2014-]|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[.)])$")
EXAMPLE_CUE_CHARS = 60  # how far before an inline quotation an example cue ("such as") may stand


def lower_share(text: str) -> float:
    """Share of the tokens of ``text`` that are lowercase words: prose is mostly
    lowercase words; names, titles, labels, table rows and equations are not."""
    tokens = text.split()
    return sum(1 for t in tokens if _LOWER_WORD.match(t)) / len(tokens) if tokens else 0.0


def special_font_share(words) -> tuple[float, float]:
    """(math, code) share of the characters of ``words`` (model words with fonts)."""
    total = sum(len(w.text) for w in words) or 1
    math = sum(len(w.text) for w in words if _MATH_FONT.search(w.font or ""))
    code = sum(len(w.text) for w in words if _CODE_FONT.search(w.font or ""))
    return math / total, code / total


def is_list_item(first_word: str) -> bool:
    """Does a line opening with this word open a list item (•, -, 1., (a), iv))?
    A glyph the PDF does not map to text ("(cid:127)") is a bullet symbol."""
    return bool(_LIST_MARK.match(first_word))


def assess(text: str, q: Quotation, lead: str, words, lead_cited: bool = False) -> str:
    """Why the quotation ``q`` of ``text`` is not someone else's words ("" when it is).

    ``lead`` is the text before it in its sentence (for a block quotation: the
    sentence introducing it); ``words`` the model words inside (fonts);
    ``lead_cited``: a citation stands in the introducing sentence or closes the block.
    """
    inner = q.text_in(text).strip()
    n = len(inner.split())
    math, code = special_font_share(words) if words else (0.0, 0.0)
    if math >= 0.5:
        return "an equation or math"
    if code >= 0.5:
        return "code or verbatim text"
    if q.kind == "block":
        if _EXAMPLE_LEAD.search(lead) or _FOLLOWS_LEAD.search(lead) and not lead_cited:
            return "an example the report presents"
        return ""
    if n <= TERM_MAX_WORDS:
        return "a term or scare quotes"
    near = lead[-EXAMPLE_CUE_CHARS:]
    if _TITLE_CUE.search(lead):
        return "the title of a work"
    if _NAME_CUE.search(lead):
        return "a name or term"
    if _EXAMPLE_CUE.search(near) or re.search(r"\blike\W*$", lead):
        return "an example the report presents"
    if lead.rstrip().endswith("(") and text[q.end:q.end + 2].lstrip()[:1] == ")":
        return "an example in parentheses"
    if lower_share(inner) < 0.5 and not re.search(r"[.!?]\W*$", inner):
        return "a name, title or label"
    return ""
