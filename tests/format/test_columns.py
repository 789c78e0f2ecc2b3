"""FMT003: a two-column report is never called one column (issue 11)."""
from __future__ import annotations

import pytest

from pdf_factory import make_report

from .helpers import check, fmt


@pytest.mark.parametrize("lines", [12, 30])
def test_one_column_section_under_the_title_does_not_hide_the_two_columns(tmp_path, lines):
    # A Word report sets its first paragraphs across the page, then two columns: the
    # spanning lines cross the gutter on page 1 (12 lines: the whole document's gutter
    # is still a deep valley; 30 lines: only page 2 shows it on its own).
    result = check(make_report(tmp_path / "span.pdf", spanning_lines=lines, pages_of_content=2))
    assert result.metrics["columns"] == 2
    found = [(f.rule, f.message) for f in fmt(result)]
    assert not [m for rule, m in found if rule == "FMT003"], found
    assert not [m for rule, m in found if rule == "FMT008"], found  # the abstract reads in its column


def test_too_little_two_column_text_is_unclear_not_one_column(tmp_path):
    # one page mostly set across the block, the two columns holding a few lines only:
    # no gutter to measure, but the lines are a column wide; say so at a lower severity
    result = check(make_report(tmp_path / "short.pdf", spanning_lines=40, pages_of_content=1))
    found = [f for f in fmt(result) if f.rule == "FMT003"]
    assert [(f.severity.name, f.message.split(":")[0]) for f in found] == [("WARNING", "Could not tell the column layout")]
    assert "one column" not in found[0].message
    assert not [f for f in fmt(result) if f.rule == "FMT004" and "another template" in f.message]
