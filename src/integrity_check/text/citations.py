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

import re
import unicodedata
from dataclasses import dataclass, field

MAX_RANGE = 50

_DASH = "-\u2010\u2011\u2012\u2013\u2014"
_NUM_ITEM = rf"\d{{1,4}}(?:\s*[{_DASH}]\s*\d{{1,4}})?"
_LOCATOR = r"(?:p|pp|sec|secs|ch|chap|fig|figs|eq|eqs|thm|app|table|tab)\.?\s*[\w\u2013\-.]+"
_NUMERIC = re.compile(
    rf"\[\s*({_NUM_ITEM}(?:\s*[,;]\s*{_NUM_ITEM})*)(?:\s*,\s*{_LOCATOR})?\s*\]", re.IGNORECASE
)
_UNRESOLVED_BRACKET = re.compile(r"\[\s*\?(?:\s*[,;]\s*\?)*\s*\]")
_UNRESOLVED_RUN = re.compile(r"(?<![\w?])\?{2,}(?![\w?])")

# Surnames: capitalised, with particles (van, de, von...), hyphens, apostrophes.
_PARTICLE = r"(?:(?:van|von|der|den|de|del|della|di|da|du|le|la|dos|das|ten|ter|bin|al|el)\s+)"
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
_LO = "a-z\u00df-\u00f6\u00f8-\u00ff\u0100-\u024f"
# Unambiguous (no nested alternatives over the same letters): "Smith",
# "McDonald", "O'Neil", "Fotheringham-Smythe", "Müller".
_SURNAME = rf"(?:{_PARTICLE}{{0,2}}[{_UP}](?:['\u2019][{_UP}])?[{_LO}]+(?:(?:[\-'\u2019][{_UP}{_LO}]|[{_UP}])[{_LO}]+)*)"
_AUTHORS = (
    rf"{_SURNAME}(?:\s*,\s*{_SURNAME})*(?:\s*,?\s*(?:and|&)\s+{_SURNAME})?(?:\s+et\s*al\s*\.?)?"
)
_YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?|n\.\s?d\."
_YEARS = rf"(?:{_YEAR})(?:\s*,\s*(?:{_YEAR}|[a-z](?![\w.])))*"  # 2019, 2021 / 2020a,b
_PREFIX = r"(?:(?:e\.\s?g\.|i\.\s?e\.|see(?:\s+also)?|cf\.|also|as\s+in|reviewed\s+in|following)\s*,?\s*)?"
_AY_ITEM = re.compile(rf"^\s*{_PREFIX}({_AUTHORS})\s*,?\s*({_YEARS})(?:\s*,\s*{_LOCATOR})?\s*$")
_PAREN = re.compile(r"[(\[]([^()\[\]]{4,400})[)\]]")
_NARRATIVE = re.compile(rf"\b({_AUTHORS})\s*[(\[]\s*({_YEARS})(?:\s*,\s*{_LOCATOR})?\s*[)\]]")
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
    head = re.split(r"\s*(?:,|&|\band\b|\bet\s*al\b)", authors, maxsplit=1)[0].strip()
    return normalise_name(head)


def _author_year_keys(authors: str, years: str) -> list[str]:
    surname = first_surname(authors)
    keys, last = [], ""
    for y in re.split(r"\s*,\s*", years):
        y = y.strip().lower().replace(" ", "")
        if len(y) == 1 and y.isalpha() and last:
            y = last.rstrip("abcdefghijklmnopqrstuvwxyz") + y  # "2020a,b" -> 2020b
        if y:
            keys.append(f"{surname}:{y}")
            last = y
    return keys


def find_citations(text: str) -> list[Citation]:
    """Every in-text citation of ``text``, in order, without overlaps.  Never raises."""
    found: list[Citation] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(c: Citation) -> None:
        found.append(c)
        taken.append((c.start, c.end))

    for m in _NUMERIC.finditer(text):
        keys = _expand(m.group(1))
        if keys and "0" not in keys:  # "[0, 1]" is an interval: entries start at 1
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
        for item in m.group(1).split(";"):
            im = _AY_ITEM.match(item)
            if not im:
                keys = []
                break
            keys.extend(_author_year_keys(im.group(1), im.group(2)))
        if keys:
            add(Citation(m.start(), m.end(), "author-year", keys, m.group()))
    for m in _NARRATIVE.finditer(text):
        authors = m.group(1)
        if authors.split()[0] in _NOT_AUTHORS or not free(m.start(), m.end()):
            continue
        add(Citation(m.start(), m.end(), "author-year", _author_year_keys(authors, m.group(2)), m.group()))
    found.sort(key=lambda c: c.start)
    return found
