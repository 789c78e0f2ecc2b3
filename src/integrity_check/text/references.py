"""Reference-list entries: label, first author's surname and year.

The document model already finds the References heading and splits the list
into entries (numbered ``[n]`` or author-year with a hanging indent).  This
module reads each entry:

* ``label`` ``"[4]"`` and ``number`` 4 for numbered entries, whether the
  list numbers them ``[4]``, ``(4)`` or ``4.`` (``style`` says which);
* ``first_author``: the surname of the first author, whether the entry
  starts "Yin Cui, Menglin Jia, ..." (CVPR/IEEE: given names first),
  "Smith, J., & Lee, K. (2020)" (APA: surname first) or "Bernard J Baars.
  1993." (ACL);
* ``year``: "(2020)" if present, else a year standing as its own sentence
  right after the authors (ACL "Baars. 1993."), else the last year in the
  entry (CVPR puts it at the end: "In CVPR, 2016.").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .citations import normalise_name

_LABEL = re.compile(r"^\s*(?:\[(\d{1,4})\]|\((\d{1,4})\)|(\d{1,3})\.(?=\s))\s*")
_STYLES = ("bracket", "paren", "dot")
_YEAR = r"(?:1[5-9]\d\d|20\d\d)[a-z]?"
_YEAR_PAREN = re.compile(rf"\(({_YEAR})\)")
_YEAR_ALONE = re.compile(rf"(?:^|[.,]\s)({_YEAR})\.")
_YEAR_ANY = re.compile(rf"(?<!\d)({_YEAR})(?![\d])")
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


@dataclass(slots=True)
class Reference:
    index: int  # position in the list, 0-based
    text: str  # the entry without its label
    label: str | None = None  # "[4]"
    number: int | None = None
    first_author: str = ""  # normalised surname ("he", "muller")
    author_head: str = ""  # the first author as written, normalised ("kaiming he")
    year: str | None = None  # "2016" or "2020a"
    page: int | None = None
    style: str = ""  # how the entry is numbered: "bracket" [4], "paren" (4), "dot" 4.; "" unnumbered


def _first_author(text: str) -> tuple[str, str]:
    words = []
    for raw in text.split():
        low = raw.lower()
        if low in ("and", "&", "et", "al.", "al") and words:
            break
        word = raw.rstrip(",;:")
        ends_comma = raw != word
        if word.endswith(".") and not _is_initial(word) and word.lower() not in _SUFFIXES:
            words.append(word[:-1])
            break
        words.append(word)
        if ends_comma or len(words) >= 6:
            break
    words = [w for w in words if w and not _is_initial(w) and w.lower().rstrip(".") not in _SUFFIXES]
    if not words:
        return "", ""
    head = normalise_name(" ".join(words))
    return normalise_name(words[-1]), head


def _is_initial(word: str) -> bool:
    """'J.', 'J.-P.', 'A.B.' or a bare capital 'J'."""
    core = word.replace(".", "").replace("-", "")
    return (len(core) <= 2 and core.isupper()) or (word.endswith(".") and len(core) == 1)


def _year(text: str) -> str | None:
    for pattern in (_YEAR_PAREN, _YEAR_ALONE):
        m = pattern.search(text)
        if m:
            return m.group(1)
    years = _YEAR_ANY.findall(text)
    return years[-1] if years else None


def parse_reference(text: str, index: int = 0, label: str | None = None, page: int | None = None) -> Reference:
    """Read one entry.  Never raises."""
    number, style = None, ""
    m = _LABEL.match(text)
    if m:
        k = next(i for i in (1, 2, 3) if m.group(i))
        number, style = int(m.group(k)), _STYLES[k - 1]
        label = label or (f"[{number}]" if style == "bracket" else m.group(0).strip())
        text = text[m.end():]
    elif label:
        lm = re.fullmatch(r"\[(\d{1,4})\]", label.strip())
        number, style = (int(lm.group(1)), "bracket") if lm else (None, "")
    surname, head = _first_author(text)
    return Reference(index, text.strip(), label, number, surname, head, _year(text), page, style)


def numbering(refs: list[Reference]) -> str:
    """How most entries of the list are numbered ("bracket", "paren", "dot"), or "" (author-year)."""
    styles = [r.style for r in refs]
    best = max(set(styles), key=styles.count) if styles else ""
    return best if best and styles.count(best) * 2 > len(styles) else ""


def parse_references(doc) -> list[Reference]:
    """Every entry of the document's reference list (empty without one)."""
    return [parse_reference(b.text, i, b.label, b.page or None) for i, b in enumerate(doc.references)]


def match_rank(reference: Reference, surname: str, year: str) -> int:
    """How well an author-year key (surname, year) points at this entry:
    0 not at all, 2 the entry's first author, 1 a whole word of its author
    head or of its opening (an organisation such as "Nanyang Technological
    University").  A citation goes to the best-ranked entry: "(Yang et al.,
    2021)" is Runzhe Yang's 2021 paper, not "Yang Deng, ... 2021", whose
    text merely begins with the name; and "Yan" is not "Yang"."""
    if not reference.year or year.rstrip("abcdefghijklmnopqrstuvwxyz") != reference.year.rstrip(
            "abcdefghijklmnopqrstuvwxyz"):
        return 0
    if year[-1:].isalpha() and reference.year[-1:].isalpha() and year[-1] != reference.year[-1]:
        return 0
    if surname == reference.first_author:
        return 2
    head = f" {reference.author_head} "
    opening = bool(surname) and re.match(rf"{re.escape(surname)}\b", normalise_name(reference.text[:64])) is not None
    return int(f" {surname} " in head or opening)


def matches(reference: Reference, surname: str, year: str) -> bool:
    """Does an author-year key (surname, year) point at this entry?"""
    return match_rank(reference, surname, year) > 0
