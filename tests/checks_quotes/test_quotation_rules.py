"""QUO001-QUO003 on small text documents, with exact numbers at both sides of each threshold."""
from __future__ import annotations

import pytest

from .helpers import OWN, PARA, quote, run, text_doc, codes


@pytest.mark.parametrize("k, pct, fires", [(36, 14.94, False), (37, 15.29, True)])
def test_quo001_crosses_15_percent(k, pct, fires):
    # 19 own sentences (190 words) + a quote sentence (k + 6) + one paraphrase (9): 205 + k words.
    doc = text_doc(*[OWN] * 19, quote(k), PARA)
    r = run(doc)
    assert r.metrics["words"] == 205 + k + 17  # the reference list (17 words) is not analysed
    assert r.metrics["quoted_words"] == k
    assert r.metrics["quoted_pct"] == pct
    assert r.metrics["paraphrase_words"] == 9
    found = [f for f in r.findings if f.rule == "QUO001"]
    assert bool(found) == fires
    if fires:
        f = found[0]
        assert str(f.severity) == "error"
        assert f"{pct:.1f}% of the body ({k} of {205 + k} words); the limit is 15%" in f.message
        assert "(37 words)" in f.message
        assert "at least 1 quoted words" in f.fix  # 37 - int(0.15 * 242) = 1


def test_quotations_section_and_cited_flag():
    doc = text_doc(*[OWN] * 5, quote(8), quote(5, cite=""), PARA)
    r = run(doc)
    section = r.sections["quotations"]
    assert [(q["words"], q["cited"], q["kind"], q["page"]) for q in section] == [
        (8, True, "inline", None), (5, False, "inline", None)]
    assert section[0]["text"] == "w0 w1 w2 w3 w4 w5 w6 w7"
    uncited = [f for f in r.findings if f.rule == "QUO002"]
    assert len(uncited) == 1
    assert "has no citation: “w0 w1 w2 w3 w4” (5 words)" in uncited[0].message


def test_quo002_citation_right_after_or_in_same_sentence():
    cited_after = "He said “this is a long enough quotation here” (Smith, 2020, p. 4) and left."
    narrative = "As Smith (2020) put it, “this is a long enough quotation here” in the book."
    next_sentence = "He said “this is a long enough quotation here”. That is from [1]."
    refs = "References\nSmith, J. (2020). A book. Publisher.\n"
    assert codes(run(text_doc(*[OWN] * 5, cited_after, refs=refs))) == []
    assert codes(run(text_doc(*[OWN] * 5, narrative, refs=refs))) == []
    assert "QUO002" in codes(run(text_doc(*[OWN] * 5, next_sentence)))


def test_short_terms_need_no_citation_and_do_not_count():
    # Scare quotes around a term are not someone else's words: no citation needed,
    # and the quoted share counts only real quotations (issue 11).
    doc = text_doc(*[OWN] * 9, "Do not use the words “my” or “our” here [1].", PARA)
    r = run(doc)
    assert "QUO002" not in codes(r)
    assert r.metrics["quoted_words"] == 0 and r.metrics["quotations"] == 0


def test_apostrophes_are_not_quotations():
    doc = text_doc(*[OWN] * 9, "We read the students’ essays and the authors' notes; it’s fine [1].", PARA)
    r = run(doc)
    assert r.metrics["quoted_words"] == 0 and r.sections["quotations"] == []


@pytest.mark.parametrize("own, pct, fires", [(11, 85.94, False), (10, 84.75, True)])
def test_quo003_crosses_85_percent(own, pct, fires):
    doc = text_doc(*[OWN] * own, PARA, PARA.replace("[2]", "[1]"))
    r = run(doc)
    assert r.metrics["own_words_pct"] == pct
    assert r.metrics["paraphrase_words"] == 18
    found = [f for f in r.findings if f.rule == "QUO003"]
    assert bool(found) == fires
    if fires:
        assert str(found[0].severity) == "warning"
        assert "About 84.8% of the body is in your own words" in found[0].message
        assert "(2 sentences) counts as paraphrase" in found[0].message


def test_quo003_counts_quotes_and_unattributed_matches():
    from integrity_check.checks.base import CheckContext
    from integrity_check.text import analysis as A

    doc = text_doc(*[OWN] * 10, quote(10), PARA)
    ctx = CheckContext(document=doc, venue={})
    # The similarity analysis registers passages matched without attribution (first own sentence).
    A.register_unattributed(ctx, [(0, len(OWN))])
    sh = A.share(ctx)
    assert (sh.body_words, sh.quoted_words, sh.paraphrase_words, sh.unattributed_words) == (125, 10, 9, 10)
    assert sh.own_words_pct == 76.8


def test_cvpr_pack_defaults():
    # The cvpr pack does not raise QUO001 to an error: the rule's default severity is warning.
    r = run(text_doc(*[OWN] * 10, quote(40), PARA), pack="cvpr")
    assert [str(f.severity) for f in r.findings if f.rule == "QUO001"] == ["warning"]


def test_cited_sentence_about_own_work_is_not_paraphrase():
    own_cited = "We train the detector of Smith [1] on our own images."  # first person: own work
    result = run(text_doc(PARA, own_cited, OWN))
    assert result.metrics["paraphrase_words"] == len(PARA.split())
    retold = "The detector of Smith runs on images of birds [1]."
    result = run(text_doc(PARA, retold, OWN))
    assert result.metrics["paraphrase_words"] == len(PARA.split()) + len(retold.split())


# -- what is not a quotation (issue 11) ----------------------------------------------

NOT_QUOTATIONS = [
    # a name the report gives its own formulation (title case)
    "In our proposal, we treat the classification problem as a “Sequence to Bag of Labels” model.",
    # an example the report presents (a figure's label)
    "For example, in red it states “Predicted: M 95% (True: Y)” under the image.",
    # an instruction the team gave, alone in parentheses
    "We only intervened when a word was not recognised (“Say cv instead of resume”) by the system.",
    # a template string introduced as an example
    "Avoid circumlocutions like “the equation second from the top of page three in column one” here.",
    # the title of a work
    "The work develops the 1968 paper entitled “Zero-g frobnication: how being the only people with the "
    "lander source makes us a wow at parties”, by its authors.",
    # the title of a work after "their paper" (not only "the paper")
    "In their paper “An image is worth sixteen by sixteen words for image recognition at scale” the authors "
    "split images into patches.",
    # a prompt the report gives a model
    "We give the model the prompt “describe every object that you can see in this picture in one sentence”.",
    # the same cues as verbs: what the report asked, prompted or instructed, and what a system replied
    "We asked the model: “Describe the image in one sentence and list every object that you can see.”",
    "The model is prompted with “You are a helpful assistant, summarise the following article in three sentences.”",
    "Each annotator was instructed to “mark every lane boundary that is visible even when it is partly covered”.",
    "The chatbot replied “I am sorry but I cannot help with that request because it is not allowed.”",
]


@pytest.mark.parametrize("sentence", NOT_QUOTATIONS)
def test_names_examples_prompts_and_titles_are_not_quotations(sentence):
    r = run(text_doc(*[OWN] * 9, sentence, PARA))
    assert "QUO002" not in codes(r)
    assert r.metrics["quoted_words"] == 0 and r.sections["quotations"] == []


def test_real_quotations_still_need_a_citation():
    long = "As Turing wrote, “the machine can only do what we know how to order it to perform here”."
    r = run(text_doc(*[OWN] * 9, long, PARA))
    f = [f for f in r.findings if f.rule == "QUO002"]
    assert len(f) == 1 and str(f[0].severity) == "error" and "It is short" not in f[0].message
    assert r.metrics["quoted_words"] == 15


def test_short_uncited_quotation_is_a_warning_with_its_reason():
    short = "As one critic put it, “the results look rather thin” overall."
    r = run(text_doc(*[OWN] * 9, short, PARA))
    f = [f for f in r.findings if f.rule == "QUO002"]
    assert len(f) == 1 and str(f[0].severity) == "warning"
    assert "(5 words). It is short, so it may be a term or phrase of your own" in f[0].message
