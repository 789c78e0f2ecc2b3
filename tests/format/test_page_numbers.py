"""FMT012: a page number is a short number in the footer band, recurring page after page, or
"Page N of M"; table cells, equation numbers and axis labels are not (issue 11)."""
from __future__ import annotations

from pdf_factory import make_report

from .helpers import check, fmt


def fmt012(path):
    return [(f.page, f.message) for f in fmt(check(path)) if f.rule == "FMT012"]


def test_a_count_column_at_the_top_of_a_page_is_not_a_page_number(tmp_path):
    # three tables at the top of page 2 push its prose down; their "Support" column
    # (188, 189, 190) stands above where the text starts on the other pages
    path = make_report(tmp_path / "tables.pdf", float_stack=[("table", "above")] * 3)
    assert fmt012(path) == []


def test_page_n_of_m_is_a_page_number(tmp_path):
    path = make_report(tmp_path / "page-of.pdf", page_numbers="Page {n} of {total}")
    assert fmt012(path) == [(1, "The final copy prints page numbers (page(s) 1, 2, 3, 4).")]
