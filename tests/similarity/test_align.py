from integrity_check.similarity import compare_texts, similarity_index, SourceMatch

from .conftest import make_text


def _paste(report: str, para: str, at_sentence: int = 5):
    parts = report.split(". ")
    pre = ". ".join(parts[:at_sentence]) + ". "
    post = " " + ". ".join(parts[at_sentence:])
    text = pre + para + post
    return text, len(pre), len(pre) + len(para)


def test_pasted_paragraph_is_found_with_exact_offsets():
    source = make_text(1, 800)
    para_start = source.index(". ", 1500) + 2
    para_end = source.index(".", para_start + 400) + 1
    para = source[para_start:para_end]
    report, s, e = _paste(make_text(2, 900), para)
    ps = compare_texts(report, source)
    assert len(ps) == 1
    p = ps[0]
    # word-exact: the passage spans the pasted words (the final period is punctuation)
    assert p.start == s and p.end in (e, e - 1)
    assert p.source_start == para_start and p.source_end in (para_end, para_end - 1)
    assert p.text == report[p.start:p.end]
    assert p.source_text == source[p.source_start:p.source_end]
    assert p.score > 0.99


def test_exclusion_spans_are_honoured():
    source = make_text(1, 800)
    para = source[2000:2600]
    para = para[para.index(" ") + 1: para.rindex(" ")]
    report, s, e = _paste(make_text(2, 900), '"' + para + '"')
    assert compare_texts(report, source)
    assert compare_texts(report, source, exclude=[(s, e)]) == []
    # excluding half leaves the other half
    mid = (s + e) // 2
    ps = compare_texts(report, source, exclude=[(s, mid)])
    assert ps and all(p.start >= mid for p in ps)


def test_min_words_filter():
    source = make_text(1, 800)
    chunk = " ".join(source.split()[100:112])  # 12 words
    report, _, _ = _paste(make_text(2, 900), chunk + ".")
    assert compare_texts(report, source, min_words=15) == []
    assert compare_texts(report, source, min_words=8)


def test_unrelated_texts_do_not_match():
    assert compare_texts(make_text(1, 1000), make_text(2, 1000)) == []


def test_similarity_index_counts_each_word_once():
    source_a = make_text(1, 800)
    source_b = make_text(3, 800)
    para = " ".join(source_a.split()[200:260])
    report, _, _ = _paste(make_text(2, 600), para + ".")
    ma = SourceMatch("a", compare_texts(report, source_a))
    mb = SourceMatch("b", compare_texts(report, report))  # the whole report
    total = similarity_index(report, [ma, mb])
    assert abs(total - 1.0) < 1e-9
    assert abs(ma.share + mb.share - total) < 1e-9
    total_a = similarity_index(report, [ma])
    assert 0.05 < total_a < 0.2


def test_compare_texts_never_raises_on_odd_input():
    # empty, one-sided, combining marks only, and one word repeated (an
    # n-gram seen more than 20 times is boilerplate, never a seed): no passage
    for a, b in [("", ""), ("x", ""), ("\u0300\u0301", "é"), ("a " * 100, "a " * 100)]:
        assert compare_texts(a, b) == []


from hypothesis import given, settings, strategies as st  # noqa: E402


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=400), st.text(max_size=400),
       st.lists(st.tuples(st.integers(-5, 420), st.integers(-5, 420)), max_size=4))
def test_alignment_never_raises_on_arbitrary_unicode(a, b, spans):
    shared = " ".join(["alpha beta gamma delta epsilon zeta eta theta iota kappa"] * 2)
    for q, s in ((a, b), (a + " " + shared + " " + b, b + shared)):
        for p in compare_texts(q, s, exclude=spans, min_words=3):
            assert 0 <= p.start < p.end <= len(q)
            assert 0 <= p.source_start < p.source_end <= len(s)
            assert p.text == q[p.start:p.end]


def test_lightly_reworded_copy_is_still_one_passage():
    source = make_text(1, 800)
    words = source.split()[300:372]
    # one word in six replaced: every stretch of five original words keeps
    # two exact 4-word seeds
    reworded = " ".join(f"changed{i}" if i % 6 == 5 else w for i, w in enumerate(words))
    report, s, e = _paste(make_text(2, 900), reworded + ".")
    ps = compare_texts(report, source)
    assert len(ps) == 1
    assert ps[0].start <= s + 20 and ps[0].end >= e - 20
    assert 0.75 <= ps[0].score < 1.0


def test_scattered_shared_phrases_do_not_chain_into_a_passage():
    """Four shared words, four others, four shared...: topical sentences that
    share stock phrases, not a copy (half the words are in exact seeds)."""
    from integrity_check.similarity import SimilarityParams

    source = make_text(1, 800)
    words = source.split()[300:380]
    mixed = []
    for k in range(0, len(words), 4):
        mixed += words[k:k + 4] + [f"other{k}a", f"other{k}b", f"other{k}c", f"other{k}d"]
    report, _, _ = _paste(make_text(2, 900), " ".join(mixed) + ".")
    assert compare_texts(report, source) == []
    # without the seed-coverage floor the same text chains into one passage
    loose = SimilarityParams(min_seed_coverage=0.0)
    assert len(compare_texts(report, source, params=loose)) == 1


def test_a_phrase_the_source_repeats_after_the_copy_does_not_stretch_its_source_side():
    """The source repeats a phrase of the copied passage just after it (a
    web page's "click here" footer): the passage ends where the copy ends."""
    source_words = make_text(1, 800).split()
    copied = source_words[300:360]
    repeat = copied[5:10]  # a phrase from inside the copy, repeated right after it
    source = " ".join(source_words[:360] + ["and"] + repeat + source_words[360:])
    report, s, e = _paste(make_text(2, 900), " ".join(copied) + ".")
    ps = compare_texts(report, source)
    assert len(ps) == 1
    copy_start = source.index(" ".join(copied))
    copy_end = copy_start + len(" ".join(copied))
    assert ps[0].source_start == copy_start and ps[0].source_end == copy_end


def test_a_source_that_repeats_the_copy_s_opening_gives_the_copy_s_own_place():
    """The source holds the copy's first sentence twice in a row (a page
    title repeated above its article): the source side is the occurrence the
    whole copy continues from, not both."""
    source_words = make_text(1, 800).split()
    copied = source_words[300:360]
    source = " ".join(source_words[:300] + copied[:10] + ["_"] + source_words[300:])
    report, s, e = _paste(make_text(2, 900), " ".join(copied) + ".")
    ps = compare_texts(report, source)
    assert len(ps) == 1
    copy_start = source.index(" ".join(copied))
    assert ps[0].source_start == copy_start
    assert ps[0].source_end - ps[0].source_start == len(" ".join(copied))


_NAMES_SOURCE = (
    "The shelter works with Riverside Housing Trust, Northgate Family Services, Harbor Legal Aid and the "
    "Westfield County Department of Labor. The Bridge Program is a project of Lantern Works and is funded by "
    "the Westfield Foundation. Volunteers cook meals twice a week in the old church hall. In 1998 the engineers "
    "at Harlow Labs replaced the copper cooling loop with a sealed graphite plate, which cut the failure rate of "
    "the pumps by half within two winters. The change also let the Harlow team remove the backup generator that "
    "had powered the old loop. Nobody expected the plate to outlast the building.")


def test_sentences_that_share_only_names_with_a_source_are_no_rewording():
    """A list of organisations shares their names with the source, not its
    wording: names do not count towards the content words a sentence needs."""
    names = ("Partners include Harbor Legal Aid, Riverside Housing Trust, the Westfield County Department of Labor "
             "and Northgate Family Services. Bridge Program belongs to Lantern Works, funded by Westfield Foundation.")
    assert compare_texts(names, _NAMES_SOURCE) == []


def test_a_rewording_that_mentions_names_is_still_found():
    reworded = ("Harlow Labs engineers swapped the copper cooling loop for a sealed plate of graphite in 1998, and within "
                "two winters the pump failure rate fell by half. Because of the change the Harlow team could also take "
                "out the backup generator that used to power the old loop.")
    ps = compare_texts(reworded, _NAMES_SOURCE)
    assert [p.kind for p in ps] == ["paraphrase"]
    assert _NAMES_SOURCE[ps[0].source_start:ps[0].source_end].startswith("In 1998 the engineers")
