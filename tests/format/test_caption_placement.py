"""FMT011 caption placement: a caption belongs to the float it touches in its own column (issue 11)."""
from __future__ import annotations

import pytest

from pdf_factory import make_report

from .helpers import check, fmt

CASES = {
    # two figures stacked, each caption under its figure 21 pt below it (an image's white
    # border plus the caption skip): the figure below Figure 1's caption is Figure 2's
    "stacked_figures": dict(float_stack=[("figure", "below"), ("figure", "below"), ("table", "above")],
                            float_caption_skip=21.0),
    # a table with its caption under it, then a figure: the caption touches both, the figure has its own
    "table_caption_below": dict(float_stack=[("table", "below"), ("figure", "below")]),
    "all_in_place": dict(float_stack=[("table", "above"), ("figure", "below"), ("table", "above")]),
    # each caption 26 pt under its figure (just beyond near_pt), the next figure 14 pt under it:
    # the nearest float is the next one, which has a caption of its own; the rule cannot tell
    "stacked_figures_wide_skip": dict(float_stack=[("figure", "below"), ("figure", "below")],
                                      float_caption_skip=26.0),
}


@pytest.fixture(scope="module")
def placement(tmp_path_factory):
    folder = tmp_path_factory.mktemp("captions")

    def get(name):
        result = check(make_report(folder / f"{name}.pdf", **CASES[name]))
        return [(f.page, f.message) for f in fmt(result) if f.rule == "FMT011" and str(f.severity) != "info"]

    return get


@pytest.mark.parametrize("name", ["stacked_figures", "all_in_place"])
def test_captions_next_to_their_own_float_are_in_place(placement, name):
    assert placement(name) == []


def test_table_caption_below_its_table_is_reported_though_a_figure_follows(placement):
    found = placement("table_caption_below")
    assert len(found) == 1
    page, message = found[0]
    assert page == 2
    assert message.startswith("\u201cTable 1.") and "sits below its table" in message


def test_a_caption_between_two_floats_it_cannot_pair_is_info_with_both_distances(tmp_path):
    result = check(make_report(tmp_path / "wide.pdf", **CASES["stacked_figures_wide_skip"]))
    found = [f for f in fmt(result) if f.rule == "FMT011"]
    assert [(f.page, str(f.severity)) for f in found] == [(2, "info")]
    assert found[0].message.startswith("\u201cFigure 1.")
    assert "float material stands 14 pt below it and 27 pt above it" in found[0].message
    assert "has a caption of its own, so either may be its float" in found[0].message
