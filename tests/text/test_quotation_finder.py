"""Inline quotation detection on hand-written strings."""
import pytest

from integrity_check.text.quotations import find_inline_quotations


def quoted(text):
    return [q.text_in(text) for q in find_inline_quotations(text)]


@pytest.mark.parametrize("text, expected", [
    ("As X said, “about 85 percent should be your own words” [8].", ["about 85 percent should be your own words"]),
    ('Say "hello world" now.', ["hello world"]),
    ("Il dit « bonjour le monde » ici.", [" bonjour le monde "]),
    ("Er sagte „Guten Tag“ und »Hallo Welt« dann.", ["Guten Tag", "Hallo Welt"]),
    ("In TeX source ``a quoted phrase'' stays.", ["a quoted phrase"]),
    ("The term ‘glare’ and the students’ essays.", ["glare"]),
    ("The ‘students’ essays’ were read.", ["students’ essays"]),
    ("She wrote 'a clear pair' here.", ["a clear pair"]),
])
def test_quote_styles(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize("text", [
    "We graded the students’ essays and the teachers' notes.",
    "It's fine, don’t worry, it’s the 90’s and '90s rock’n’roll.",
    "An unclosed “ quote mark and nothing else.",
    "Inches 5\" and feet 3' are units.",
])
def test_apostrophes_and_strays_are_not_quotations(text):
    assert quoted(text) == []


def test_nested_quotes_count_once():
    text = "He wrote “she called it ‘a trick’ and left” (Smith, 2020)."
    assert quoted(text) == ["she called it ‘a trick’ and left"]
    text = "He wrote “a “nested” one” here."
    assert quoted(text) == ["a “nested” one"]


def test_quote_across_line_and_paragraph_joins_is_one():
    text = "Start “first half of the\nquote and the\n\nsecond half” [2]."
    found = find_inline_quotations(text)
    assert len(found) == 1 and found[0].text_in(text).endswith("second half")


def test_offsets():
    text = "A “quoted bit” here."
    q = find_inline_quotations(text)[0]
    assert text[q.start:q.end] == "“quoted bit”"
    assert text[q.inner_start:q.inner_end] == "quoted bit"
