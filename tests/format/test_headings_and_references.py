"""Reference list and section headings in the styles real reports use (issue 11).

Generated reports with exact geometry: IEEEtran headings in small capitals ("I. INTRODUCTION",
"REFERENCES"), a list titled "Bibliography" or "7. References", an appendix after the list.
"""
from __future__ import annotations

import pytest

from pdf_factory import make_report

from .helpers import check, fmt

CASES = {
    "ieee": dict(heading_style="ieee"),
    "bibliography": dict(references_title="Bibliography"),
    "numbered": dict(references_title="7. References"),
    "plain": dict(references_plain=True),
    # other common titles: singular, "References and Notes", Roman-numbered (IEEE/Word), a colon
    "singular": dict(references_title="Reference"),
    "and_notes": dict(references_title="References and Notes"),
    "list_of": dict(references_title="List of References"),
    "ieee_roman": dict(heading_style="ieee", references_title="VII. References"),
    "plain_colon": dict(references_plain=True, references_title="References:"),
    "appendix": dict(appendix_pages=1),
    "ieee_appendix": dict(heading_style="ieee", appendix_pages=1),
    # four pages of text, References at the top of page 5, a table at the top of its right column
    "float_by_references": dict(pages_of_content=4, n_references=40, float_stack=[("table", "above")],
                                float_page=5, float_column=1),
}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("headings")
    cache = {}

    def get(name):
        if name not in cache:
            path = make_report(folder / f"{name}.pdf", **CASES[name])
            cache[name] = check(path)
        return cache[name]

    return get


def messages(result, code):
    return [(f.page, f.message) for f in fmt(result) if f.rule == code]


@pytest.mark.parametrize("name", ["ieee", "bibliography", "numbered", "plain", "singular", "and_notes", "list_of",
                                  "ieee_roman", "plain_colon"])
def test_reference_list_is_found_under_its_heading(result, name):
    r = result(name)
    # no "No References heading" (FMT009) and the list does not count as content (FMT002)
    assert messages(r, "FMT009") == []
    assert messages(r, "FMT002") == []
    assert r.metrics["content_pages"] == 3
    assert not [f for f in r.findings if f.rule == "CIT003"]


def test_roman_numeral_headings_in_small_capitals_are_numbered_sections(result):
    assert not any("numbered section" in m for _, m in messages(result("ieee"), "FMT009"))


@pytest.mark.parametrize("name", ["appendix", "ieee_appendix"])
def test_appendix_after_the_references_counts_and_the_message_says_so(result, name):
    found = messages(result(name), "FMT002")
    assert len(found) == 1
    page, message = found[0]
    assert page == 5
    assert "Content runs to page 5" in message
    assert "appendix after the references counts: it starts on page 5" in message


def test_a_float_placed_after_the_references_heading_on_its_page_is_content(result):
    r = result("float_by_references")
    assert r.metrics["content_pages"] == 5
    assert [page for page, _ in messages(r, "FMT002")] == [5]
    # the table's caption is a caption, not a reference entry (placement is right: above)
    assert messages(r, "FMT011") == []


# A digit-numbered section after the reference list ("9. Additional Results", bold like every
# heading) ends the list, as "A. Appendix" does; entries numbered "1." stay entries, even when
# set bigger than the body, where their first lines pass for headings by size.
APPENDIX_CASES = {
    "numbered_appendix": dict(appendix_pages=1, appendix_heading="9. Additional Results"),
    "numbered_appendix_under_dot_entries": dict(reference_labels="dot", appendix_pages=1,
                                                appendix_heading="9. Additional Results",
                                                appendix_new_page=False),
    "dot_entries": dict(reference_labels="dot"),
    "dot_entries_large": dict(reference_labels="dot", reference_size=11.5),
}
CASES.update(APPENDIX_CASES)


def test_a_numbered_section_after_the_references_ends_the_list_and_counts_as_content(result):
    r = result("numbered_appendix")
    # the section's paragraphs are content, not entries set in 10 pt
    assert messages(r, "FMT005") == []
    found = messages(r, "FMT002")
    assert [page for page, _ in found] == [5]
    assert "\u201cAdditional Results\u201d after the references counts" in found[0][1]


def test_a_numbered_section_right_under_numbered_entries_is_not_an_entry(result):
    r = result("numbered_appendix_under_dot_entries")
    # no entry "9." that nobody cites, no gap in the numbering 1-6, 9
    assert [f.rule for f in r.findings if f.rule.startswith("CIT")] == []
    assert r.metrics["content_pages"] == 4


@pytest.mark.parametrize("name", ["dot_entries", "dot_entries_large"])
def test_entries_numbered_with_a_dot_stay_entries(result, name):
    r = result(name)
    assert [f.rule for f in r.findings if f.rule.startswith("CIT")] == []
    assert r.metrics["content_pages"] == 3
    assert messages(r, "FMT009") == []
