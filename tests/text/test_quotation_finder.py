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


# -- unmatched marks cost linear time (the search memo) ---------------------------------

def test_memo_finds_the_same_quotations_as_a_fresh_search(monkeypatch):
    import random

    from integrity_check.text import quotations as Q

    pieces = ["\u201c", "\u201d", "\u2018", "\u2019", "'", '"', "``", "''", "\u201e", "\u00ab", "\u00bb",
              " ", "\n\n", "a", "s", "word", ".", ",", "(", ")"]
    rng = random.Random(11)
    texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(5, 400))) for _ in range(400)]
    with_memo = [[(q.start, q.end) for q in find_inline_quotations(t, max_chars=60)] for t in texts]
    plain = Q._find_close
    monkeypatch.setattr(Q, "_find_close", lambda text, i, mark, limit, memo=None: plain(text, i, mark, limit))
    fresh = [[(q.start, q.end) for q in find_inline_quotations(t, max_chars=60)] for t in texts]
    assert with_memo == fresh
    assert sum(map(len, fresh)) > 100  # the texts do hold quotations


@pytest.mark.parametrize("unit", ["'abc ", "\u201cabc ", '"abc ', "``abc ", "\u2018abc "])
def test_unmatched_opening_marks_cost_linear_time(unit):
    # 40,000 opening marks without a closing one (~200 KB): a second or two when each
    # resumes the last failed search, many minutes when each scans 3,000 characters.
    import signal

    if not hasattr(signal, "SIGALRM"):
        pytest.skip("needs SIGALRM")

    def fire(signum, frame):
        raise TimeoutError("unmatched quote marks are searched in more than linear time")

    old = signal.signal(signal.SIGALRM, fire)
    signal.alarm(30)
    try:
        assert find_inline_quotations(unit * 40000) == []
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
