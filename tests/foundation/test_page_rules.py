"""FMT001 paper size and FMT002 page limit on generated PDFs with exact geometry."""
from __future__ import annotations

import pdf_factory
from integrity_check.extract import load_document
from integrity_check.packs import load_pack
from integrity_check.runner import RunOptions, check_document


def findings(path, pack="ce7454", code=None):
    result, _ = check_document(load_document(path), RunOptions(pack=load_pack(pack)))
    return result, [f for f in result.findings if code is None or f.rule == code]


def test_four_lines_onto_page_five_make_five_content_pages(tmp_path):
    pdf = pdf_factory.make_report(tmp_path / "r.pdf", pages_of_content=4, extra_content_lines_on_next_page=4)
    result, (f,) = findings(pdf, code="FMT002")
    assert result.metrics["content_pages"] == 5
    assert f.page == 5 and "4 line(s)" in f.message


def test_exactly_four_content_pages_pass_and_references_are_free(tmp_path):
    pdf = pdf_factory.make_report(tmp_path / "r.pdf", pages_of_content=4, n_references=40)
    result, found = findings(pdf, code="FMT002")
    assert result.metrics["content_pages"] == 4 and result.metrics["pages"] >= 5
    assert found == []


def test_a4_paper_is_flagged(tmp_path):
    pdf = pdf_factory.make_report(tmp_path / "a4.pdf", paper=(595.28, 841.89))
    _, (f,) = findings(pdf, code="FMT001")
    assert "A4" in f.message and "US Letter" in f.message and f.page == 1


def test_letter_paper_passes(tmp_path):
    pdf = pdf_factory.make_report(tmp_path / "ok.pdf")
    assert findings(pdf, code="FMT001")[1] == []
