"""Property tests: the text pipeline never raises on arbitrary Unicode (issue 7).

Covers the plain-text document model, a full ``check_document`` with the
default pack (every rule that runs on text: quotations, citations, references,
sentences, similarity), and the public functions directly: quotation and
citation detection, sentence splitting, reference parsing and alignment.
Offsets that come back must index the input text.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from integrity_check.extract.plaintext import document_from_text

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that steer random text into the detectors' code paths: quote marks of many
# languages, brackets, citation shapes, reference-list lines, hyphens, odd spaces.
PIECES = [
    '"', "“", "”", "„", "«", "»", "‘", "’", "'", "`", "(", ")", "[", "]", "{", "}", "[1]", "[2, 3]", "[4-7]",
    "[12–15]", "(Smith, 2020)", "(Smith et al., 2019a; Doe and Roe 2018)", "Smith et al. [3]", "et al.",
    "References", "\nReferences\n", "[1] A. Author. Title. In CVPR, 2020.\n", "2021", "pp. 1-10", "Fig. 2",
    "e.g.", "i.e.", "Dr.", "U.S.", "...", "…", "?!", ". ", "\n\n", "\n", "\t", "\u00a0", "\u200b", "\u2028",
    "-\n", "­", "—", "–", "ﬁ", "é", "ß", "İ", "ǅ", "\ufeff", "\x00", "\ud7ff", "😀", "🇩🇪", "a\u0301",
    "שלום", "مرحبا", "漢字", "テスト", "word", "Word", "WORDS", "the", "of", "lane", "detection",
]
reportish = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=120).map("".join)
unicode_text = st.one_of(st.text(max_size=400), reportish)


def _in_bounds(text: str, start: int, end: int) -> bool:
    return 0 <= start <= end <= len(text)


@pytest.fixture(scope="module")
def run():
    from integrity_check.packs import load_pack
    from integrity_check.runner import RunOptions

    return RunOptions(pack=load_pack(None))


@SETTINGS
@given(unicode_text)
def test_document_from_text(text):
    doc = document_from_text(text)
    for w in doc.body_words:
        assert text[w.start:w.end] == w.text
    for b in doc.blocks:
        assert _in_bounds(text, b.start, b.end)


@SETTINGS
@given(text=unicode_text)
def test_check_document_with_the_default_pack(run, text):
    from integrity_check.runner import check_document

    result, _ = check_document(document_from_text(text), run)
    for f in result.findings:
        assert f.rule and "\n" not in f.rule


@SETTINGS
@given(unicode_text)
def test_quotation_detection(text):
    from integrity_check.text.quotations import find_inline_quotations

    for q in find_inline_quotations(text):
        assert _in_bounds(text, q.start, q.end)
        assert q.start <= q.inner_start <= q.inner_end <= q.end


@SETTINGS
@given(unicode_text)
def test_citation_detection(text):
    from integrity_check.text.citations import find_citations

    for c in find_citations(text):
        assert _in_bounds(text, c.start, c.end)


@SETTINGS
@given(unicode_text)
def test_sentences_and_references(text):
    from integrity_check.text.references import parse_reference
    from integrity_check.text.sentences import split_sentences

    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text
    parse_reference(text)


@SETTINGS
@given(unicode_text, unicode_text)
def test_alignment(text, other):
    from integrity_check.similarity import compare_texts

    for a, b in ((text, other), (text, text), (text + " " + other, other)):
        for p in compare_texts(a, b):
            assert _in_bounds(a, p.start, p.end) and _in_bounds(b, p.source_start, p.source_end)
