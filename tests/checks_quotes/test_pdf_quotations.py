"""Block quotations from geometry (generated PDFs) and acceptance on the real reports."""
from __future__ import annotations

import pytest

from .helpers import codes, cvpr_writer, run

BQ = ("Night driving exposes every weakness that a daytime benchmark politely hides, and a detector that "
      "forgets the previous frame throws away the cheapest evidence it will ever get from the road ahead.")
OWN_PARAS = [
    "Lane markings are thin structures that occupy a tiny fraction of each frame, and at night the contrast "
    "between paint and asphalt drops sharply while glare adds bright streaks that resemble markings.",
    "We therefore ask whether a short memory of past frames can fill in what a single frame hides, keeping "
    "the lane head unchanged so that the published training recipe can be reused without any tuning.",
]


def _layout_pdf(path, paragraphs):
    """A one-page CVPR-geometry PDF: (text, left, right, indent) paragraphs in the left column."""
    w, f = cvpr_writer(path)
    w.heading("1. Introduction", f.bold)
    for text, left, right, indent in paragraphs:
        w.paragraph(text, f.roman, left=left, right=right, indent=indent)
        w.space(3.0)
    w.finish()
    return path


def _load(path):
    from integrity_check.extract import load_document

    return load_document(path)


def test_block_quotation_from_report_factory(tmp_path):
    import pdf_factory

    pdf = pdf_factory.make_report(tmp_path / "bq.pdf", text_paragraphs=OWN_PARAS * 3, block_quote=BQ,
                                  references=False)
    r = run(_load(pdf))
    blocks = [q for q in r.sections["quotations"] if q["kind"] == "block"]
    assert len(blocks) == 1 and blocks[0]["page"] == 1
    assert blocks[0]["words"] == len(BQ.split()) == 32
    assert blocks[0]["cited"] is False
    assert r.metrics["quoted_words"] == 32
    f = next(f for f in r.findings if f.rule == "QUO002")
    assert f.page == 1 and f.message.startswith("Block quotation on page 1 has no citation")


def test_indents_that_are_not_block_quotations(tmp_path):
    long = " ".join(OWN_PARAS)
    pdf = _layout_pdf(tmp_path / "indents.pdf", [
        (long, 0, 0, 12.0),  # first-line indent
        (long, 15.0, 0, -15.0),  # hanging indent
        (long, 20.0, 0, 0),  # set in from the left edge only
        (long, 0, 0, 12.0),
        (BQ, 20.0, 20.0, 0),  # set in from both edges: a block quotation
        (long, 0, 0, 12.0),
        ("A short indented line.", 20.0, 20.0, 0),  # one line only
    ])
    r = run(_load(pdf))
    quotes = r.sections["quotations"]
    assert [(q["kind"], q["words"]) for q in quotes] == [("block", 32)]


@pytest.mark.parametrize("lead, block, quoted", [
    # a source cited in the sentence that introduces the block: a block quotation
    ("The survey of Alpha [1] sums the problem up as follows:", BQ, True),
    # the citation closes the block
    ("The problem has been stated as follows:", BQ[:-1] + " [1].", True),
    # the report's own text announced "as follows:", no source: an example, as before
    ("Our own reading of the problem runs as follows:", BQ, False),
    # an example cue wins over a citation in the sentence ("an example prompt [1]")
    ("We used the example prompt of Alpha [1] as follows:", BQ, False),
])
def test_a_block_after_as_follows_is_a_quotation_when_a_source_is_cited(tmp_path, lead, block, quoted):
    long = " ".join(OWN_PARAS)
    pdf = _layout_pdf(tmp_path / "follows.pdf", [
        (long + " " + lead, 0, 0, 12.0),
        (block, 20.0, 20.0, 0),
        (long, 0, 0, 12.0),
    ])
    r = run(_load(pdf))
    quotes = [(q["kind"], q["words"], q["cited"]) for q in r.sections["quotations"]]
    assert quotes == ([("block", len(block.split()), True)] if quoted else [])
    assert "QUO002" not in codes(r)


def test_acceptance_cvpr2026_report_final(load):
    doc = load("cvpr2026-report-final.pdf")
    r = run(doc)
    quotes = r.sections["quotations"]
    assert [(q["page"], q["words"], q["cited"]) for q in quotes] == [(1, 12, True), (2, 30, True)]
    assert quotes[0]["text"] == "around 85 percent of a research essay should be your own words"
    assert 1.5 <= r.metrics["quoted_pct"] <= 2.5
    assert abs(r.metrics["quoted_pct"] - 2.15) < 0.05  # 42 quoted of ~1955 body words
    assert r.metrics["citations"] == 11 and r.metrics["references"] == 11
    assert r.metrics["cited_references"] == 11
    assert not [f for f in r.findings if f.rule[:3] in ("QUO", "CIT") and str(f.severity) == "error"]
    assert codes(r) == []
    assert r.metrics["own_words_pct"] >= 85


def test_acceptance_cvpr2023_kit_review(load):
    doc = load("cvpr2023-kit-review.pdf")
    r = run(doc)
    cit001 = [f for f in r.findings if f.rule == "CIT001"]
    assert cit001 and all("unresolved citation" in f.message for f in cit001)
    assert {f.page for f in cit001} == {2, 3, 4}
    assert any("????" in f.message for f in cit001)
    assert r.metrics["unresolved_citations"] == sum(f.data["count"] for f in cit001) == 16
    cit003 = [f for f in r.findings if f.rule == "CIT003"]
    assert len(cit003) == 1 and cit003[0].message.startswith("No reference list found")
    assert r.metrics["references"] == 0


@pytest.mark.parametrize("name", ["cvpr2026-kit-final.pdf", "iccv2019-kit-final.pdf"])
def test_kit_examples_resolve_their_numeric_citations(load, name):
    r = run(load(name))
    # The kits' only dangling numeric citation is the deliberate "[7]" example in the blind-review text.
    missing = [f.data["key"] for f in r.findings if f.rule == "CIT001"]
    assert [k for k in missing if k.isdigit()] == ["7"]


def test_lists_and_tables_set_in_are_not_block_quotations(tmp_path):
    """Issue 11: a bulleted list and a table's numbers set in from both edges are not
    block quotations; a prose quotation set the same way still is (code: the next test)."""
    long = " ".join(OWN_PARAS)
    bullets = ("\u2022 Learning rates: 3e-3, 5e-5 and 8e-8 for the three stages of fine tuning, "
               "\u2022 Batch size: 128 images on each of the two cards, \u2022 Epochs: 10 in every run.")
    table = "Rotation 2 4 6 8 15 Futonic 99 99 99 99 99 Lumidigm 100 100 100 100 100 SecuGen 94.5 84.5 80 76 54"
    pdf = _layout_pdf(tmp_path / "sets.pdf", [
        (long, 0, 0, 12.0),
        (bullets, 20.0, 20.0, 0),
        (long, 0, 0, 12.0),
        (table, 20.0, 20.0, 0),
        (long, 0, 0, 12.0),
        (BQ, 20.0, 20.0, 0),
        (long, 0, 0, 12.0),
    ])
    r = run(_load(pdf))
    assert [(q["kind"], q["words"]) for q in r.sections["quotations"]] == [("block", 32)]
    assert len([f for f in r.findings if f.rule == "QUO002"]) == 1


def test_code_set_in_is_not_a_block_quotation(tmp_path):
    w, f = cvpr_writer(tmp_path / "code.pdf")
    w.heading("1. Introduction", f.bold)
    long = " ".join(OWN_PARAS)
    w.paragraph(long, f.roman, indent=12.0)
    w.space(3.0)
    w.paragraph("for image in loader then compute the logits of the model and the loss of the batch and step "
                "the optimizer once and clear the gradients before the next batch", "Courier", left=20.0, right=20.0)
    w.space(3.0)
    w.paragraph(long, f.roman, indent=12.0)
    w.finish()
    r = run(_load(tmp_path / "code.pdf"))
    assert r.sections["quotations"] == [] and "QUO002" not in codes(r)


def test_quotation_across_a_column_break_is_one_cited_quotation(tmp_path):
    """Issue 11: a quotation crossing a column break is one quotation; the citation
    after its closing mark (in the other column) counts."""
    w, f = cvpr_writer(tmp_path / "cross.pdf")
    w.heading("1. Introduction", f.bold)
    long = " ".join(OWN_PARAS)
    while w.col == 0 and w.lines_left() > 16:
        w.paragraph(long, f.roman, indent=12.0)
    while w.col == 0 and w.lines_left() > 2:
        w.paragraph("We describe the data and the training recipe in turn.", f.roman, indent=12.0)
    quoted = ("night driving exposes every weakness that a daytime benchmark politely hides, and a detector "
              "that forgets the previous frame throws away the cheapest evidence it will ever get from the "
              "road ahead of it on every single night of the year")
    w.paragraph(f"As the survey puts it, \u201c{quoted}\u201d [1]. {long}", f.roman, indent=12.0)
    while w.page == 1 and w.lines_left() > 6:  # fill the right column: a two-column page
        w.paragraph(long, f.roman, indent=12.0)
    w.finish()
    doc = _load(tmp_path / "cross.pdf")
    r = run(doc)
    quotes = r.sections["quotations"]
    assert [(q["words"], q["cited"]) for q in quotes] == [(len(quoted.split()), True)]
    start = quotes[0]["start"]
    cols = {(w_.page, w_.x0 > 300) for w_ in doc.words_in_span(start, quotes[0]["end"])}
    assert len(cols) == 2  # the quotation does cross the column break
    assert "QUO002" not in codes(r)
