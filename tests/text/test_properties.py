"""Property tests: the detectors never raise on arbitrary Unicode text."""
from hypothesis import given, settings, strategies as st

from integrity_check.text.citations import find_citations
from integrity_check.text.quotations import find_inline_quotations
from integrity_check.text.references import parse_reference
from integrity_check.text.sentences import split_sentences

# Arbitrary text, plus text biased towards the characters the detectors care about.
MARKS = st.sampled_from(list("“”‘’„«»‹›\"'`?[]()-–.,;&0123456789 \n") + ["et al.", "e.g.", "Smith", "2020", "p. 4"])
BIASED = st.lists(st.one_of(MARKS, st.text(max_size=4)), max_size=80).map("".join)
TEXT = st.one_of(st.text(max_size=400), BIASED)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_sentences_never_raise_and_keep_offsets(text):
    out = split_sentences(text)
    for s in out:
        assert text[s.start:s.end] == s.text and s.text.strip() == s.text
    assert all(a.end <= b.start for a, b in zip(out, out[1:]))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_quotations_never_raise_and_do_not_overlap(text):
    out = find_inline_quotations(text)
    for q in out:
        assert 0 <= q.start < q.inner_start <= q.inner_end < q.end <= len(text)
    assert all(a.end <= b.start for a, b in zip(out, out[1:]))


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_citations_never_raise_and_do_not_overlap(text):
    out = find_citations(text)
    for c in out:
        assert text[c.start:c.end] == c.text and c.keys
    assert all(a.end <= b.start for a, b in zip(out, out[1:]))


@settings(max_examples=200, deadline=None)
@given(TEXT)
def test_reference_parser_never_raises(text):
    ref = parse_reference(text)
    assert ref.year is None or ref.year in text
