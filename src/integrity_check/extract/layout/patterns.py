"""Patterns the layout stages share: numbers, headings, captions, reference labels, fonts."""
from __future__ import annotations

import re

from ...model import base_font_name


_NUMBER = re.compile(r"^\(?\d{1,4}\)?$")
_ROMAN = re.compile(r"^[ivxlcdm]{1,6}$", re.I)
_PAGE_OF = re.compile(r"^(?:page\s+)?\d{1,4}\s*(?:of|/)\s*\d{1,4}$|^page\s+\d{1,4}$", re.I)  # "Page 3 of 8"
_HEADING_NUMBER = re.compile(r"^((?:\d+|[A-Z])(?:\.\d+)*)\.?$")
_ROMAN_LABEL = re.compile(r"^(?=[IVX])(X{0,3}(?:IX|IV|V?I{0,3}))\.$")  # "IV." before an IEEE or Word heading
# The reference list's heading as reports set it: numbered in Arabic or Roman numerals
# ("7. References", "VII. REFERENCES"), singular or plural, with a colon (Word, Google Docs).
_REFERENCES = re.compile(
    r"^(?:\d+\.?\s*|[IVXL]{1,5}\.\s*)?(references?|reference list|list of references|references and notes|"
    r"bibliography|literature cited|works cited)\s*:?$", re.I)
_REFERENCES_WORD = re.compile(r"reference|bibliography|cited", re.I)  # a word every such heading has
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


def is_bold(font: str) -> bool:
    return bool(_BOLD.search(base_font_name(font)))
