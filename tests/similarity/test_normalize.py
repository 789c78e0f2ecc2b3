from hypothesis import given, settings, strategies as st

from integrity_check.similarity.normalize import excluded_mask, normalize_word, tokenize


def test_offsets_index_the_original_text():
    text = "The ﬁrst Ｆull-width “Quoted” café’s naïve résumé, 3.14 — Running\u00a0RUNS."
    tk = tokenize(text)
    for w, s, e in zip(tk.words, tk.starts, tk.ends):
        raw = text[s:e]
        assert normalize_word(raw) == w
        assert raw.strip() == raw and raw
    assert tk.words[:4] == ["the", "first", "full", "width"]
    assert "run" in tk.words  # stemmed and case-folded
    assert tk.words.count("run") == 2


def test_punctuation_is_not_a_word():
    tk = tokenize("Hello, world!!! -- (ok) ... _ __")
    assert tk.words == ["hello", "world", "ok"]


def test_excluded_mask_marks_overlapping_words():
    text = 'He said "copied words here" and left.'
    tk = tokenize(text)
    s = text.index('"')
    e = text.index('"', s + 1) + 1
    mask = excluded_mask(tk, [(s, e)])
    marked = [text[a:b] for a, b, m in zip(tk.starts, tk.ends, mask) if m]
    assert marked == ["copied", "words", "here"]


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_tokenize_never_raises_and_offsets_are_exact(text):
    tk = tokenize(text)
    assert len(tk.words) == len(tk.starts) == len(tk.ends)
    prev = 0
    for s, e in zip(tk.starts, tk.ends):
        assert prev <= s < e <= len(text)
        prev = e
