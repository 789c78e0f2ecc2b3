"""Format verdicts on real reports in ../shared/realworld (read in place, skipped if absent).

Each assertion is a row of ../shared/realworld/labels.tsv (what a careful reader sees on
the page); the whole-table suite lives elsewhere, these pin the causes fixed in the layout.
"""
from __future__ import annotations

import pytest

from .helpers import SHARED_PDFS, check, fmt

REALWORLD = SHARED_PDFS.parent / "realworld"
_CACHE: dict = {}


def run(name: str):
    path = REALWORLD / name
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    if name not in _CACHE:
        _CACHE[name] = check(path)
    return _CACHE[name]


def found(name: str, code: str, text: str = "") -> list[int]:
    return [f.page for f in fmt(run(name)) if f.rule == code and text in f.message]


def test_ieee_small_caps_references_and_roman_sections():
    # "REFERENCES" in small capitals on page 6, sections "I. INTRODUCTION" ... "VI. CONCLUSION"
    name = "ieee_cv_project.pdf"
    assert found(name, "FMT009") == []
    # over the limit: the appendix after the references (pages 7-12) counts, and the message says so
    assert found(name, "FMT002", "appendix after the references counts") == [12]


def test_word_roman_sections_count_but_a_missing_reference_list_is_still_reported():
    name = "ankursaha_mid.pdf"
    assert found(name, "FMT009", "numbered section") == []
    assert found(name, "FMT009", "No \u201cReferences\u201d heading") == [3]


def test_table_after_the_references_heading_is_a_float_not_an_entry():
    # Table 8 sits at the top of the right column of page 7, after "References" in reading
    # order, with its caption below it; the figure LaTeX pushed to page 8 does not count.
    name = "mtp_review.pdf"
    assert any("Table 8." in f.message for f in fmt(run(name)) if f.rule == "FMT011" and f.page == 7)
    assert found(name, "FMT002") == [7]


def test_appendix_after_the_references_counts_on_acl_report():
    assert found("dmt_acl_final.pdf", "FMT002", "appendix after the references counts") == [7]


def placements(name: str, page: int) -> list[str]:
    return sorted(f.message[1:9] for f in fmt(run(name)) if f.rule == "FMT011" and f.page == page and "sits" in f.message)


def test_figure_below_a_caption_is_not_that_captions_figure():
    # Figures 3 and 4 (page 1), 1 and 2 (page 2), 5 and 6 (page 3) stacked, captions under each
    for page in (1, 2, 3):
        assert placements("6869_theicfire_writeup.pdf", page) == []


@pytest.mark.parametrize("name, page, tables", [
    ("ee4211_gesture.pdf", 3, ["Table 2.", "Table 3."]),
    ("mlp_icml_final.pdf", 8, ["Table 6.", "Table 7.", "Table 8."]),
    ("mtp_review.pdf", 7, ["Table 5.", "Table 6.", "Table 7.", "Table 8."]),
])
def test_table_captions_below_their_tables_are_all_reported(name, page, tables):
    assert placements(name, page) == tables


def test_acl_abstract_in_a_smaller_size_under_a_centred_heading_is_the_abstract():
    # "Abstract" centred over an indented 10 pt abstract, body in 11 pt
    assert [m for m in (f.message for f in fmt(run("dmt_acl_final.pdf")) if f.rule == "FMT008")
            if "no abstract" in m] == []


def test_headings_in_capitals_but_not_formulas_in_capitals():
    from integrity_check.extract import load_document
    from integrity_check.model import BlockKind

    path = REALWORLD / "cs231n_fashion_final.pdf"
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    doc = load_document(path)
    headings = [b.text for b in doc.blocks_of(BlockKind.HEADING)]
    assert not [h for h in headings if "=" in h]  # "F W = [F HOG ; F CH ]" is an equation
    assert "F W = [F HOG ; F CH ]" in doc.body_text or "F HOG = F C(HOG(I))" in doc.body_text
