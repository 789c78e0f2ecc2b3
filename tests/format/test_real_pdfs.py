"""Verdicts of the format rules on the real PDFs in ../shared/pdfs (read in place, skipped if absent)."""
from __future__ import annotations

import pytest

from .helpers import SHARED_PDFS, check, codes, fmt

CVPR_FORMAT = [
    "cvpr2026-report-final.pdf", "cvpr2026-kit-final.pdf", "cvpr2026-kit-review.pdf",
    "cvpr2023-kit-review.pdf", "iccv2019-kit-final.pdf", "student-cvpr-final-2p.pdf",
]
LAYOUT_AND_TYPE = {"FMT003", "FMT004", "FMT005", "FMT006", "FMT007"}
_CACHE: dict = {}


def run(name: str, pack: str = "ce7454"):
    path = SHARED_PDFS / name
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    if (name, pack) not in _CACHE:
        _CACHE[name, pack] = check(path, pack)
    return _CACHE[name, pack]


def errors(name, pack="ce7454"):
    return codes(fmt(run(name, pack), errors_only=True))


@pytest.mark.parametrize("pack", ["cvpr", "ce7454", "iccv"])
@pytest.mark.parametrize("name", CVPR_FORMAT)
def test_cvpr_kits_have_no_layout_or_type_errors(name, pack):
    assert not errors(name, pack) & LAYOUT_AND_TYPE, [(f.rule, f.page, f.message) for f in fmt(run(name, pack))]


@pytest.mark.parametrize("name", CVPR_FORMAT)
def test_cvpr_metrics(name):
    metrics = run(name).metrics
    assert metrics["columns"] == 2
    assert metrics["body_font_size"] == pytest.approx(9.96, abs=0.01)
    assert metrics["body_font"] == "NimbusRomNo9L-Regu"


@pytest.mark.parametrize("name, mode", [
    ("cvpr2026-report-final.pdf", "final"), ("cvpr2026-kit-final.pdf", "final"),
    ("cvpr2026-kit-review.pdf", "review"), ("cvpr2023-kit-review.pdf", "review"),
    ("iccv2019-kit-final.pdf", "final"), ("student-cvpr-final-2p.pdf", "final"),
    ("acl2023-final-a4.pdf", "final"), ("eccv2024-lncs-review.pdf", "review"),
])
def test_mode_detected(name, mode):
    assert run(name).metrics["mode"] == mode


def test_report_is_clean_under_the_course_pack():
    result = run("cvpr2026-report-final.pdf")
    # Its one format slip is real: Table 1's caption sits under the table (page 3), with
    # Figure 1 and its own caption below; the figure below a caption is not its float.
    assert [(f.rule, f.page, f.severity.name) for f in fmt(result)] == [("FMT011", 3, "WARNING")]
    assert fmt(result)[0].message.startswith("\u201cTable 1.")
    assert (result.metrics["pages"], result.metrics["content_pages"]) == (4, 3)


def test_kit_final_spills_onto_page_5():
    result = run("cvpr2026-kit-final.pdf")
    assert result.metrics["content_pages"] == 5
    assert errors("cvpr2026-kit-final.pdf") == {"FMT002"}
    assert errors("cvpr2026-kit-final.pdf", "cvpr") == set()


@pytest.mark.parametrize("name", ["cvpr2026-kit-review.pdf", "cvpr2023-kit-review.pdf"])
def test_review_copies(name):
    # The course wants a final copy; the conference pack accepts a review copy. Line numbers
    # and the review header never count as ink in the margins.
    assert "FMT010" in errors(name)
    assert "FMT010" not in codes(fmt(run(name, "cvpr")))
    for pack in ("cvpr", "ce7454"):
        assert "FMT004" not in codes(fmt(run(name, pack)))


def test_old_kit_without_references():
    assert "FMT009" in errors("cvpr2023-kit-review.pdf", "cvpr")


def test_iccv_kit():
    result = run("iccv2019-kit-final.pdf", "iccv")
    assert result.metrics["pages"] == 4 and result.metrics["content_pages"] == 4
    assert errors("iccv2019-kit-final.pdf", "iccv") == set()
    # It prints page numbers in the final copy: a warning, not an error.
    assert codes(fmt(result)) == {"FMT012"}


def test_student_report():
    result = run("student-cvpr-final-2p.pdf")
    assert (result.metrics["pages"], result.metrics["content_pages"]) == (2, 2)
    assert errors("student-cvpr-final-2p.pdf") == {"FMT008"}  # it has no abstract


@pytest.mark.parametrize("name", ["acl2023-final-a4.pdf", "eccv2024-lncs-review.pdf"])
@pytest.mark.parametrize("pack", ["cvpr", "ce7454"])
def test_other_venues_fail_the_cvpr_layout(name, pack):
    assert {"FMT001", "FMT003", "FMT004"} <= errors(name, pack)


def test_acl_paper_is_clean_under_acl():
    result = run("acl2023-final-a4.pdf", "acl")
    assert fmt(result) == []
    assert result.metrics["content_pages"] == 4  # references start at the top of page 5
    assert result.metrics["body_font_size"] == pytest.approx(10.91, abs=0.01)


def test_eccv_under_eccv():
    result = run("eccv2024-lncs-review.pdf", "eccv")
    assert result.metrics["columns"] == 1 and result.metrics["mode"] == "review"
    (f,) = fmt(result)  # its one non-embedded Helvetica, nothing from the line numbers
    assert f.rule == "FMT007" and "Helvetica" in f.message


def test_acl_and_eccv_fail_each_other():
    assert {"FMT003", "FMT005"} <= errors("acl2023-final-a4.pdf", "eccv")
    assert {"FMT001", "FMT003", "FMT005", "FMT006"} <= errors("eccv2024-lncs-review.pdf", "acl")
