"""In-text citations: numeric, author-year, and unresolved LaTeX citations.

Recognised forms (offsets index the text the finder was given):

* numeric ``[3]``, ``[1, 4]``, ``[2-5]`` / ``[2–5]`` (ranges expanded, up to
  50 numbers), ``[3, p. 14]``;
* unresolved ``[?]``, ``[?, ?]`` (what LaTeX prints for an undefined
  ``\\cite``) and runs of two or more question marks ``??`` / ``????``
  (an undefined ``\\ref``/``\\cite`` in some styles);
* author-year, parenthetical ``(Smith, 2020)``, ``(Smith & Lee, 2020;
  Brown, 2019, p. 14)``, ``(see Smith et al., 2020a)``, also in brackets
  ``[Zeus et al. 1968]``; narrative ``Smith et al. (2020)``, ``Smith and Lee
  (2020, p. 3)``.

Each :class:`Citation` carries ``keys``: numbers as strings for numeric
citations (``"3"``), ``"surname:year"`` (lower case, year with its letter)
for author-year ones, and ``"?"`` for unresolved ones.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass, field

MAX_RANGE = 50
AUTHORS_WINDOW = 160  # characters before "(2020)" searched for a narrative citation's authors

_DASH = "-\u2010\u2011\u2012\u2013\u2014"
_NUM_ITEM = rf"\d{{1,4}}(?:\s*[{_DASH}]\s*\d{{1,4}})?"
_LOCATOR = r"(?:p|pp|sec|secs|ch|chap|fig|figs|eq|eqs|thm|app|table|tab)\.?\s*[\w\u2013\-.]+"
_NUMERIC = re.compile(
    rf"\[\s*({_NUM_ITEM}(?:\s*[,;]\s*{_NUM_ITEM})*)(?:\s*,\s*{_LOCATOR})?\s*\]", re.IGNORECASE
)
# "(3)", "(1, 4)" when the list is numbered so; up to 3 digits, so "(2021)" stays a year.
_PAREN_ITEM = rf"\d{{1,3}}(?:\s*[{_DASH}]\s*\d{{1,3}})?"
_NUMERIC_PAREN = re.compile(rf"(?<![\w)\]])\(\s*({_PAREN_ITEM}(?:\s*[,;]\s*{_PAREN_ITEM})*)\s*\)")
_UNRESOLVED_BRACKET = re.compile(r"\[\s*\?(?:\s*[,;]\s*\?)*\s*\]")
_UNRESOLVED_RUN = re.compile(r"(?<![\w?])\?{2,}(?![\w?])")
# "Equation [5]", "Eq. (3)", "Fig. [2]", "Table [1]": a cross-reference, not a citation.
_XREF_BEFORE = re.compile(
    r"(?:\b(?:(?:Equations?|Figures?|Tables?|Sections?|Algorithms?|Appendix|Appendices|Chapters?|Lines?|Steps?|"
    r"Theorems?|Lemmas?|Definitions?|Listings?)\s*|(?i:eqs?|figs?|tabs?|secs?|alg|app|ch|thm|def|eqn)\.\s*)"
    r"(?:\d+\s*(?:,|and|&)\s*)*|[=\u2208\u00d7\u2a2f\u2264\u2265<>^_*/+])\s*$"
)
# "a tensor of shape [2, 4, 240, 240]", "values in the range [1, 5]": data, not a citation.
_DATA_BEFORE = re.compile(
    r"\b(?:shapes?|sizes?|dimensions?|dims|ranges?|intervals?|between|tensors?|arrays?|coordinates?|values?)"
    r"\s*(?:of\s*)?$",
    re.IGNORECASE,
)
# "k in [2, 8]", "λ within [1, 16]": a variable (one lower-case Latin, a Greek or a math-italic
# letter, perhaps with a digit or prime: "k", "x1", "α'") ranging over an interval or a set.
# Not "A in [3]" (a method's label) nor "is in [3]", "e.g. in [3]": one letter, standing alone.
_VARIABLE_IN = re.compile(
    r"(?<![\w.\-])(?:[a-z]|[\u03b1-\u03c9\u0391-\u03a9]|[\U0001d400-\U0001d7ff])(?:\d{1,2}|['\u2032])?"
    r"\s+(?:in|within)\s*$"
)

# Surnames: capitalised, with particles (van, De la, von...), hyphens, apostrophes, "Jr.".
_PARTICLE = (r"(?:(?:[Vv]an|[Vv]on|[Dd]er|[Dd]en|[Dd]e|[Dd]el|[Dd]ella|[Dd]i|[Dd]a|[Dd]u|[Ll]e|[Ll]a|dos|das|"
             r"ten|ter|bin|al|el)\s+)")
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LO = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f"
# Unambiguous (no nested alternatives over the same letters): "Smith",
# "McDonald", "O'Neil", "Fotheringham-Smythe", "Müller", "ElSherief".
_NAME_WORD = rf"[{_UP}](?:['\u2019][{_UP}])?[{_LO}]+(?:(?:[\-'\u2019][{_UP}{_LO}]|[{_UP}])[{_LO}]+)*"
_SUFFIX = r"(?:,?\s+(?:Jr|Sr)\b\.?)?"
# Atomic groups: once a surname is read it is not re-read another way ("De" is a
# particle and a name), so a failing list costs linear, not exponential, time.
_SURNAME = rf"(?>{_PARTICLE}{{0,2}}{_NAME_WORD}{_SUFFIX})"
# Inside parentheses a surname may have several words: "De la Peña Sarracén".
_SURNAME_LONG = rf"(?>{_PARTICLE}{{0,2}}{_NAME_WORD}(?:\s+{_PARTICLE}{{0,2}}{_NAME_WORD}){{0,2}}{_SUFFIX})"
ET_AL = r"\b[ea]t\.?\s*al\b"  # "et al.", and the common typos "at al." and "et. al."
_ET_AL = rf"(?:\s+{ET_AL}\s*\.?)?"


def _authors(surname: str) -> str:
    return rf"{surname}(?:\s*,\s*{surname})*(?:\s*,?\s*(?:and|&)\s+{surname})?{_ET_AL}"


_AUTHORS = _authors(_SURNAME)
_YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?|n\.\s?d\."
# A web source's access date stands for its year: "(GiliiBueno, Accessed on 2023-09-18)".
# Also "(OpenAI, accessed 2023)", "(NASA, retrieved 18 March 2023)", "(X, Accessed: September 18, 2023)".
_ACCESS = r"(?:[Aa]ccessed|[Rr]etrieved)(?:\s+on)?:?\s+"
_DATE = (rf"(?:{_ACCESS})?(?:1[5-9]\d\d|20\d\d)-\d\d?-\d\d?"
         rf"|{_ACCESS}(?:\d{{1,2}}\s+)?(?:[A-Z][a-z]{{2,8}}\.?\s+(?:\d{{1,2}},?\s+)?)?(?:1[5-9]\d\d|20\d\d)")
_YEARS = rf"(?:{_DATE}|{_YEAR})(?:\s*,\s*(?:{_YEAR}|[a-z](?![\w.])))*"  # 2019, 2021 / 2020a,b
_PREFIX = r"(?:(?:e\.\s?g\.|i\.\s?e\.|see(?:\s+also)?|cf\.|also|as\s+in|reviewed\s+in|following)\s*,?\s*)?"
_AY_ITEM = re.compile(rf"^\s*{_PREFIX}({_authors(_SURNAME_LONG)})\s*,?\s*({_YEARS})(?:\s*,\s*{_LOCATOR})?\s*$")
# A corporate author: "(World Health Organization, 2020)", "(OpenAI, 2023)".
_CORPORATE = rf"[{_UP}][\w&.\-]*(?:\s+(?:of|for|and|the|on|&|[{_UP}][\w&.\-]*)){{0,6}}"
_AY_CORPORATE = re.compile(rf"^\s*{_PREFIX}({_CORPORATE})\s*,\s*({_YEARS})\s*$")
_PAREN = re.compile(r"[(\[]([^()\[\]]{4,400})[)\]]")
_YEAR_PAREN = re.compile(rf"[(\[]\s*({_YEARS})(?:\s*,\s*{_LOCATOR})?\s*[)\]]")
_NARRATIVE_AUTHORS = re.compile(rf"({_AUTHORS})\s*")
# Where a narrative citation's author list may begin: a capitalised word or a
# particle not glued to a hyphen, slash or letter ("LIU-Net (2021)" is a name).
_AUTHOR_START = re.compile(rf"(?<![\w\-\u2010\u2011/.@'\u2019])(?:[{_UP}]|{_PARTICLE})")
# Capitalised words that precede "(2020)" without being authors.
_NOT_AUTHORS = frozenset(
    "In On At The This That These We Our Table Figure Fig Section Sec Eq Equation Since Until "
    "From To By For Of And Or As Year Years Edition Version Appendix Chapter Page Vol".split()
)


@dataclass(slots=True)
class Citation:
    start: int
    end: int
    kind: str  # "numeric", "author-year", "unresolved"
    keys: list[str] = field(default_factory=list)
    text: str = ""
    locator: str = ""
    # The form may be a name with a year rather than a citation ("(ICCV, 2019)",
    # a corporate author): it counts when it resolves, and is not an error when not.
    weak: bool = False
    page: int | None = None  # set for citations outside the body text (tables, captions, footnotes)
    where: str = "body"  # "body", "caption", "table", "footnote"


def _expand(items: str) -> list[str] | None:
    out: list[str] = []
    for part in re.split(r"\s*[,;]\s*", items.strip()):
        m = re.fullmatch(rf"(\d+)\s*[{_DASH}]\s*(\d+)", part)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            if a <= b and b - a <= MAX_RANGE:
                out.extend(str(k) for k in range(a, b + 1))
            else:
                out.extend([str(a), str(b)])
        elif part.isdigit():
            out.append(str(int(part)))
        else:
            return None
    return out


def normalise_name(name: str) -> str:
    """'Müller-Lüdenscheidt' -> 'muller-ludenscheidt' (accents off, lower case)."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower().strip()


def first_surname(authors: str) -> str:
    """The first author's surname in a citation's author list."""
    head = re.split(rf"\s*(?:,|&|\band\b|{ET_AL})", authors, maxsplit=1)[0].strip()
    head = re.sub(r"\s+(?:Jr|Sr)\b\.?$", "", head)
    return normalise_name(head)


_PARTICLE_WORD = re.compile(rf"^{_PARTICLE}$")


def _several_words(authors: str) -> bool:
    """Does the first author's name have several capitalised words besides
    particles ("World Health Organization", "Deep Residual Learning")?"""
    head = re.split(rf"\s*(?:,|&|\band\b|{ET_AL})", authors, maxsplit=1)[0]
    words = [w for w in head.split() if w[:1].isupper() and not _PARTICLE_WORD.match(w + " ")
             and w.rstrip(".") not in ("Jr", "Sr")]
    return len(words) > 1


def _year_key(y: str) -> str:
    """'2020a' -> '2020a', 'n. d.' -> 'n.d.', 'Accessed on 2023-09-18' and 'accessed 18 March 2023' -> '2023'."""
    y = y.strip().lower().replace(" ", "")
    m = re.search(r"(1[5-9]\d\d|20\d\d)-\d", y) or (
        re.search(r"(1[5-9]\d\d|20\d\d)$", y) if y.startswith(("accessed", "retrieved")) else None)
    return m.group(1) if m else y


def _author_year_keys(authors: str, years: str) -> list[str]:
    surname = first_surname(authors)
    keys, last = [], ""
    date = re.match(rf"(?:{_DATE})", years)  # an access date is one year, commas and all
    parts = [years[:date.end()]] + re.split(r"\s*,\s*", years[date.end():]) if date else re.split(r"\s*,\s*", years)
    for y in parts:
        y = _year_key(y)
        if len(y) == 1 and y.isalpha() and last:
            y = last.rstrip("abcdefghijklmnopqrstuvwxyz") + y  # "2020a,b" -> 2020b
        if y:
            keys.append(f"{surname}:{y}")
            last = y
    return keys


def is_data(text: str, start: int, keys: list[str], n_entries: int | None = None) -> bool:
    """Is the bracketed number list at ``start`` data or a cross-reference, not a citation?

    "[0, 1]" (entries start at 1), "[2, 4, 240, 240]" (a number repeats), a
    bracket right after "Equation", "Fig.", "=", several numbers right after
    "shape", "range", "between", and, when the list has ``n_entries``
    entries, several numbers of which one is far beyond it. After a variable
    ("k in [2, 8]") the list is an interval or a set of values unless every
    number is an entry's (then it counts, so no entry is called uncited).
    Decimals, negatives and half-open intervals ("[0.5, 2]", "[-1, 1]",
    "[0, 1)") never match the citation pattern at all.
    """
    if "0" in keys:
        return True
    if len(keys) > 1 and len(set(keys)) < len(keys) and not re.search(rf"[{_DASH}]", text[start:start + 40].split("]")[0]):
        return True
    before = text[max(0, start - 40):start]
    if _XREF_BEFORE.search(before) or len(keys) > 1 and _DATA_BEFORE.search(before):
        return True
    if _VARIABLE_IN.search(before) and (not n_entries or max(int(k) for k in keys) > n_entries):
        return True
    if n_entries and len(keys) > 1 and max(int(k) for k in keys) > max(2 * n_entries, n_entries + 20):
        return True
    return False


def _narrative(text: str):
    """Narrative citations "Smith et al. (2020)": each "(year)" with the author
    list right before it.  Linear in the text: the authors are looked for only
    in the ``AUTHORS_WINDOW`` characters before each year, at word starts."""
    for m in _YEAR_PAREN.finditer(text):
        lo = max(0, m.start() - AUTHORS_WINDOW)
        for cand in _AUTHOR_START.finditer(text, lo, m.start()):
            a = cand.start()
            if a > lo and text[a - 1] in "-\u2010\u2011/.@'\u2019" or a > 0 and text[a - 1].isalnum():
                continue
            am = _NARRATIVE_AUTHORS.fullmatch(text, a, m.start())
            if am is None:
                continue
            authors = am.group(1)
            if authors.split()[0] in _NOT_AUTHORS:
                continue
            yield a, m.end(), authors, m.group(1)
            break


def find_citations(text: str, paren_numbers: bool = False, n_entries: int | None = None) -> list[Citation]:
    """Every in-text citation of ``text``, in order, without overlaps.  Never raises.

    ``paren_numbers``: the reference list is numbered "(1)", so "(1)" and
    "(2, 5)" are citations too.  ``n_entries``: the list's length, when known
    (a bracket of several numbers far beyond it is data).
    """
    found: list[Citation] = []
    starts: list[int] = []  # the taken spans, sorted and disjoint
    ends: list[int] = []

    def free(a: int, b: int) -> bool:
        k = bisect.bisect_right(starts, a)
        return (k == 0 or ends[k - 1] <= a) and (k == len(starts) or starts[k] >= b)

    def add(c: Citation) -> None:
        found.append(c)
        k = bisect.bisect_right(starts, c.start)
        starts.insert(k, c.start)
        ends.insert(k, c.end)

    for m in _NUMERIC.finditer(text):
        keys = _expand(m.group(1))
        if keys and free(m.start(), m.end()) and not is_data(text, m.start(), keys, n_entries):
            add(Citation(m.start(), m.end(), "numeric", keys, m.group()))
    for m in _UNRESOLVED_BRACKET.finditer(text):
        if free(m.start(), m.end()):
            add(Citation(m.start(), m.end(), "unresolved", ["?"], m.group()))
    for m in _UNRESOLVED_RUN.finditer(text):
        if free(m.start(), m.end()):
            add(Citation(m.start(), m.end(), "unresolved", ["?"], m.group()))
    # Author-year in parentheses or brackets: every ";"-separated item must parse.
    for m in _PAREN.finditer(text):
        if not free(m.start(), m.end()) or not re.search(_YEAR, m.group(1)):
            continue
        keys: list[str] = []
        weak = False
        for item in m.group(1).split(";"):
            im = _AY_ITEM.match(item)
            if not im:
                im = _AY_CORPORATE.match(item)
                if not im or im.group(1).split()[0] in _NOT_AUTHORS:
                    keys = []
                    break
                weak = True
            weak = weak or _several_words(im.group(1))
            keys.extend(_author_year_keys(im.group(1), im.group(2)))
        if keys:
            add(Citation(m.start(), m.end(), "author-year", keys, m.group(), weak=weak))
    for a, b, authors, years in _narrative(text):
        if free(a, b):
            add(Citation(a, b, "author-year", _author_year_keys(authors, years), text[a:b]))
    if paren_numbers:
        for m in _NUMERIC_PAREN.finditer(text):
            keys = _expand(m.group(1))
            if keys and free(m.start(), m.end()) and not is_data(text, m.start(), keys, n_entries):
                add(Citation(m.start(), m.end(), "numeric", keys, m.group()))
    found.sort(key=lambda c: c.start)
    return found


# -- sources named only by a link ---------------------------------------------------

_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"\u201d)\]]{4,}", re.IGNORECASE)
# Code hosting: a link there is as often the report's own code as a source.
_CODE_HOSTS = re.compile(r"^(?:https?://)?(?:www\.)?(?:github\.com|gitlab\.com|bitbucket\.org|colab\.research\.google\.com)\b", re.I)
# Hosts of papers: a link there is a source for sure.
_PAPER_HOSTS = re.compile(
    r"^(?:https?://)?(?:[\w-]+\.)*(?:arxiv\.org|doi\.org|dl\.acm\.org|ieeexplore\.ieee\.org|openaccess\.thecvf\.com|"
    r"proceedings\.neurips\.cc|papers\.nips\.cc|aclanthology\.org|openreview\.net|link\.springer\.com|"
    r"sciencedirect\.com|semanticscholar\.org|jstor\.org|ncbi\.nlm\.nih\.gov|proceedings\.mlr\.press|"
    r"researchgate\.net|scholar\.google\.com)\b", re.I)


@dataclass(slots=True)
class SourceLink:
    url: str
    page: int | None
    bbox: tuple | None = None
    paper: bool = False  # the link goes to a paper host (arXiv, DOI, ACM...)


def source_links(doc) -> list[SourceLink]:
    """Links to sources, once each in reading order: hyperlinks (URI annotations)
    and URLs printed in the body text or footnotes; not mail, not code hosting."""
    found: list[SourceLink] = []
    for page in doc.pages:
        for url, box in page.links:
            found.append(SourceLink(url, page.number, box))
    from ..model import BlockKind

    for block in doc.blocks:
        if block.kind.is_body or block.kind == BlockKind.FOOTNOTE:
            for m in _URL.finditer(block.text):
                found.append(SourceLink(m.group().rstrip(".,;:"), block.page or None, None))
    out, seen = [], set()
    for link in sorted(found, key=lambda k: k.page or 0):
        key = re.sub(r"^(?:https?://)?(?:www\.)?", "", link.url.lower()).rstrip("/")
        if not re.match(r"^(?:https?://|www\.)", link.url, re.I) or _CODE_HOSTS.match(link.url) or key in seen:
            continue
        seen.add(key)
        link.paper = bool(_PAPER_HOSTS.match(link.url))
        out.append(link)
    return out
