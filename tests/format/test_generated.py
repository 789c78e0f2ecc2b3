"""Generated CVPR reports that break one format rule at a time: exactly that rule, page and side fire."""
from __future__ import annotations

import pytest

from pdf_factory import make_report

from .helpers import check, codes, fmt

CASES = {
    "clean": {},
    "clean_old_geometry": dict(left=50.1),
    "a4": dict(paper=(595.28, 841.89)),
    "body11": dict(body_size=10.95),
    "body9": dict(body_size=8.97),
    "one_column": dict(columns=1),
    "ieee_columns": dict(column_width=252.0, gap=18.0, left=54.0),
    "figure_right": dict(figure_offset_into_margin=20.0, margin_side="right", figure_page=2),
    "figure_left": dict(figure_offset_into_margin=20.0, margin_side="left", figure_page=1),
    "figure_bottom": dict(figure_offset_into_margin=20.0, margin_side="bottom", figure_page=2),
    "figure_slightly_out": dict(figure_offset_into_margin=2.0, margin_side="right", figure_page=2),
    "type3": dict(type3_font=True),
    "not_embedded": dict(non_embedded_font=True),
    "no_abstract": dict(abstract=False),
    "sans_body": dict(body_font="Helvetica"),
    "review": dict(review=True),
    "page_numbers": dict(page_numbers=True),
}


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    folder = tmp_path_factory.mktemp("fmt")
    cache = {}

    def get(name, pack="ce7454"):
        key = (name, pack)
        if key not in cache:
            path = folder / f"{name}.pdf"
            if not path.exists():
                make_report(path, **CASES[name])
            cache[key] = check(path, pack)
        return cache[key]

    return get


@pytest.mark.parametrize("name", ["clean", "clean_old_geometry"])
def test_clean_report_has_no_format_findings(results, name):
    result = results(name)
    assert fmt(result) == []
    assert result.metrics["columns"] == 2
    assert result.metrics["body_font_size"] == pytest.approx(9.96, abs=0.05)
    assert result.metrics["mode"] == "final"
    assert "Times" in result.metrics["body_font"]


def only(result, code, errors_only=False):
    found = fmt(result, errors_only=errors_only)
    assert codes(found) == {code}, [(f.rule, f.message) for f in found]
    return [f for f in found if f.rule == code]


def test_wrong_paper_size(results):
    (f,) = only(results("a4"), "FMT001")
    assert f.page == 1 and "A4" in f.message


@pytest.mark.parametrize("name, size", [("body11", "11 pt"), ("body9", "9 pt")])
def test_body_font_size(results, name, size):
    (f,) = only(results(name), "FMT005")
    assert size in f.message and "10 pt" in f.message
    assert "\\documentclass" in f.fix and "Word" in f.fix


def test_one_column(results):
    (f,) = only(results("one_column"), "FMT003")
    assert "one column" in f.message
    assert results("one_column").metrics["columns"] == 1


def test_ieee_like_columns(results):
    found = [f for f in fmt(results("ieee_columns")) if f.rule == "FMT003"]
    assert len(found) == 1 and "252" in found[0].message


@pytest.mark.parametrize("name, page, side", [
    ("figure_right", 2, "right"), ("figure_left", 1, "left"), ("figure_bottom", 2, "bottom"),
])
def test_figure_in_margin(results, name, page, side):
    # (The generator puts the bottom figure's caption above it, which FMT011 rightly warns about.)
    (f,) = only(results(name), "FMT004", errors_only=True)
    assert (f.page, f.data["side"]) == (page, side)
    assert f.data["distance_pt"] == pytest.approx(20.0, abs=0.5)
    assert f.bbox is not None and f.data["boxes"]
    assert side in f.message and "20.0 pt" in f.message
    assert "LaTeX" in f.fix and "Word" in f.fix


def test_figure_within_tolerance_is_fine(results):
    assert fmt(results("figure_slightly_out")) == []


def test_type3_font(results):
    (f,) = only(results("type3"), "FMT007")
    assert "Type 3" in f.message and f.page == 2 and f.bbox is not None
    assert "pdf.fonttype" in f.fix


def test_non_embedded_fonts(results):
    found = only(results("not_embedded"), "FMT007")
    assert all("not embedded" in f.message for f in found)
    assert any("Helvetica" in f.message and f.page == 2 for f in found)


def test_missing_abstract(results):
    (f,) = only(results("no_abstract"), "FMT008")
    assert f.page == 1 and "abstract" in f.message


def test_sans_serif_body(results):
    (f,) = only(results("sans_body"), "FMT006")
    assert "Times" in f.message


def test_review_copy_under_course_pack(results):
    result = results("review")
    (f,) = only(result, "FMT010")
    assert f.page == 1 and "review copy" in f.message
    assert result.metrics["mode"] == "review"


def test_review_copy_is_fine_for_the_conference_pack(results):
    # Line numbers are furniture: no margin errors, and CVPR accepts a review copy.
    assert fmt(results("review", "cvpr")) == []


def test_page_numbers_in_final_copy(results):
    (f,) = only(results("page_numbers"), "FMT012")
    assert str(f.severity) == "warning"


def test_annotate_writes_one_png_per_page_with_a_format_finding(tmp_path):
    from PIL import Image

    pdf = make_report(tmp_path / "fig.pdf", figure_offset_into_margin=20.0, margin_side="right", figure_page=2)
    result = check(pdf, annotate_dir=str(tmp_path / "png"))
    assert [p.rsplit("/", 1)[-1] for p in result.annotations] == ["fig-p2.png"]
    image = Image.open(result.annotations[0]).convert("RGB")
    # The offending figure is boxed in red right of the text block (x = 553.5 pt, scale 2).
    f = next(f for f in result.findings if f.rule == "FMT004")
    x = int((f.bbox[2] + 2) * 2)
    y = int((f.bbox[1] + f.bbox[3]) / 2 * 2)
    assert any(image.getpixel((x + dx, y))[0] > 200 and image.getpixel((x + dx, y))[1] < 80 for dx in range(-3, 3))


def test_annotate_from_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from integrity_check.cli import check_app

    pdf = make_report(tmp_path / "one.pdf", columns=1)
    out = CliRunner().invoke(check_app, [str(pdf), "--annotate", str(tmp_path / "png"), "--no-progress"])
    assert out.exit_code == 1
    assert "picture:" in out.output and (tmp_path / "png" / "one-p1.png").is_file()


def test_json_metrics(tmp_path):
    import json

    from typer.testing import CliRunner

    from integrity_check.cli import check_app

    pdf = make_report(tmp_path / "r.pdf")
    out = CliRunner().invoke(check_app, [str(pdf), "--format", "json", "--no-progress"])
    metrics = json.loads(out.output)["files"][0]["metrics"]
    assert metrics["columns"] == 2 and metrics["mode"] == "final"
    assert metrics["body_font_size"] == pytest.approx(9.96, abs=0.05) and metrics["body_font"]


def test_margins_of_another_template_are_one_finding(results):
    # IEEE-like columns overflow CVPR's text block on every page: one cause, one finding
    margins = [f for f in fmt(results("ieee_columns")) if f.rule == "FMT004"]
    assert [(f.page, f.severity.name) for f in margins] == [(1, "ERROR")]
    assert "on 3 page(s) (1, 2, 3)" in margins[0].message
    assert "another template (a column grid of 252.0 pt)" in margins[0].message
