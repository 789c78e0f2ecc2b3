"""The facts ../shared/pdfs/README.md lists for each real PDF, read from the document model."""
from __future__ import annotations

import pytest

from integrity_check.model import BlockKind, Furniture


def body_lines(doc):
    return [ln for b in doc.blocks if b.kind.is_body for ln in b.lines]


def furniture(doc, kind):
    return [ln for p in doc.pages for ln in p.furniture if ln.furniture == kind]


def test_report_final_geometry_and_structure(load):
    doc = load("cvpr2026-report-final.pdf")
    assert len(doc.pages) == 4
    assert all((p.width, p.height) == (612, 792) for p in doc.pages)
    (l0, l1), (r0, r1) = doc.pages[0].columns
    assert l0 == pytest.approx(58.5, abs=0.3) and r1 == pytest.approx(553.5, abs=0.3)
    assert l1 - l0 == pytest.approx(236.25, abs=0.5) and r1 - r0 == pytest.approx(236.25, abs=0.5)
    assert r0 - l1 == pytest.approx(22.5, abs=0.5)
    lines = body_lines(doc)
    assert min(ln.top for ln in lines) >= 72 - 2 and max(ln.bottom for ln in lines) <= 711 + 2.5  # glyph boxes reach below the baseline
    assert doc.body_font == "NimbusRomNo9L-Regu" and doc.body_size == pytest.approx(9.96)
    assert doc.references_heading.page == 3
    assert {b.page for b in doc.references} == {3, 4}
    assert [b.label for b in doc.references][:3] == ["[1]", "[2]", "[3]"]
    assert not any(p.furniture for p in doc.pages)
    titles = doc.blocks_of(BlockKind.TITLE)
    assert titles and titles[0].text.startswith("Multi-Task Fashion Attribute Prediction")
    assert doc.blocks_of(BlockKind.ABSTRACT)[0].text.startswith("We study the prediction")
    headings = [b.text for b in doc.blocks_of(BlockKind.HEADING)]
    assert headings[:3] == ["1. Introduction", "2. Related Work", "3. Method"]


def test_body_text_is_dehyphenated_and_joined_across_columns(load):
    doc = load("cvpr2026-report-final.pdf")
    text = doc.body_text
    assert "from a single photograph" in text  # "sin-" / "gle" at a line end
    # the paragraph that crosses from the left to the right column on page 3 is one paragraph
    para = next(b for b in doc.blocks if b.text.startswith("We also looked at calibration"))
    assert "makes the model less confident" in para.text and para.pages == [3]
    assert "Table 1. Mean per-class accuracy" not in text  # captions are not body
    assert "[1] Yin Cui" not in text  # references are not body


def test_body_words_link_back_to_page_and_box(load):
    doc = load("cvpr2026-report-final.pdf")
    start = doc.body_text.index("Overlength papers will simply not")
    page, bbox = doc.locate(start, start + 20)
    assert page == 2
    assert 58 < bbox[0] < 300 and 300 < bbox[1] < 330
    for w in doc.body_words[:50]:
        assert w.text.rstrip("-") in doc.body_text[w.start:w.end]


def test_kit_final_content_runs_onto_page_5(load):
    doc = load("cvpr2026-kit-final.pdf")
    assert len(doc.pages) == 5 and doc.references_heading.page == 5
    assert not any(p.furniture for p in doc.pages)  # no ruler, no page numbers
    assert any(ln.page == 5 for ln in body_lines(doc))


def test_kit_review_furniture_is_recognised_and_kept_out_of_body(load):
    doc = load("cvpr2026-kit-review.pdf")
    numbers = furniture(doc, Furniture.LINE_NUMBER)
    xs = {round(ln.x0, 1) for ln in numbers}
    assert 23.9 in xs and 571.4 in xs
    assert any(100 < ln.x0 < 500 for ln in numbers)  # the few in the gutter
    assert all(ln.size == pytest.approx(7.97) for ln in numbers)
    headers = furniture(doc, Furniture.REVIEW_HEADER)
    assert len(headers) == 5 and "CONFIDENTIAL REVIEW COPY" in headers[0].text
    corners = {ln.text for ln in furniture(doc, Furniture.CORNER_BOX)}
    assert {"CVPR", "#*****"} <= corners
    page_numbers = furniture(doc, Furniture.PAGE_NUMBER)
    assert [ln.text for ln in page_numbers] == ["1", "2", "3", "4", "5"]
    assert all(abs((ln.x0 + ln.x1) / 2 - 306) < 10 for ln in page_numbers)
    authors = " ".join(b.text for b in doc.blocks_of(BlockKind.AUTHORS))
    assert "Anonymous CVPR submission" in authors and "Paper ID *****" in authors
    assert "CONFIDENTIAL" not in doc.body_text and "#*****" not in doc.body_text
    assert not any(w.text.isdigit() and len(w.text) == 3 and w.size < 8.5 for w in doc.body_words)


def test_review_and_final_have_the_same_body(load):
    final = load("cvpr2026-kit-final.pdf")
    review = load("cvpr2026-kit-review.pdf")
    assert abs(final.word_count - review.word_count) / final.word_count < 0.02


def test_old_geometry_with_ruler_and_no_references(load):
    doc = load("cvpr2023-kit-review.pdf")
    (l0, _), (_, r1) = doc.pages[0].columns
    assert l0 == pytest.approx(50.1, abs=0.3) and r1 == pytest.approx(545.1, abs=0.3)
    ruler = furniture(doc, Furniture.LINE_NUMBER)
    assert {round(ln.x0, 1) for ln in ruler} >= {15.2, 575.0}
    assert any(ln.text == "000" for ln in ruler)
    assert doc.references_heading is None and doc.references == []
    assert "????" in doc.body_text or "[?]" in doc.body_text.replace(" ", "")


@pytest.mark.parametrize(
    "name, pages, refs_page",
    [("iccv2019-kit-final.pdf", 4, 4), ("student-cvpr-final-2p.pdf", 2, 2)],
)
def test_old_geometry_camera_ready(load, name, pages, refs_page):
    doc = load(name)
    assert len(doc.pages) == pages
    assert doc.pages[0].columns[0][0] == pytest.approx(50.1, abs=0.3)
    assert doc.references_heading.page == refs_page
    assert len(doc.references) >= 3


def test_acl_negative_case(load):
    doc = load("acl2023-final-a4.pdf")
    assert len(doc.pages) == 10
    assert (doc.pages[0].width, doc.pages[0].height) == pytest.approx((595.276, 841.89))
    lines = body_lines(doc)
    assert min(ln.x0 for ln in lines) == pytest.approx(70.9, abs=0.6)
    assert max(ln.x1 for ln in lines) == pytest.approx(526.2, abs=0.6)
    heading = doc.references_heading
    assert heading.page == 5 and heading.lines[0].top < 80
    assert doc.body_size == pytest.approx(10.91, abs=0.05)  # 11 pt body, not the 10 pt references
    assert len(doc.references) > 50


def test_eccv_negative_case(load):
    doc = load("eccv2024-lncs-review.pdf")
    assert len(doc.pages) == 15
    assert (doc.pages[0].width, doc.pages[0].height) == pytest.approx((413.858, 615.118))
    assert all(len(p.columns) <= 1 for p in doc.pages)
    assert [f.base_name for f in doc.fonts if not f.embedded] == ["Helvetica"]
    assert furniture(doc, Furniture.LINE_NUMBER)


def test_author_year_entries_continue_across_columns_and_pages(load):
    doc = load("acl2023-final-a4.pdf")
    import re

    for entry in doc.references:
        assert entry.text[:1].isupper(), entry.text[:60]  # no entry starts mid-sentence
        assert re.search(r"\b(19|20)\d\d[a-z]?\b", entry.text), entry.text[:80]  # each has its year
