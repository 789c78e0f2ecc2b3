"""FMT008 front matter as real reports set it (issue 11)."""
from __future__ import annotations

from pdf_factory import make_report

from .helpers import check, fmt


def test_sans_title_under_a_course_header_is_the_title(tmp_path):
    # an 8 pt course line above the text block, then the title in Arial bold
    path = make_report(tmp_path / "header.pdf", title_font="sans",
                       running_header="CS231n: Deep Learning for Computer Vision, Spring 2024. Final project report.")
    assert [f.message for f in fmt(check(path)) if f.rule == "FMT008"] == []
