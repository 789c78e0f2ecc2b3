"""Rotated pages are read in reading order (issue 12, item 7).

A real report with ``/Rotate 90``, ``180`` or ``270`` on its pages, or with its
text drawn sideways by a rotated text matrix, must read exactly like the
original: same words in the same order, same sizes and boxes, same findings.
Before, 90 and 270 read as empty (INP003, exit 2) and 180 read backwards.
A landscape table page (pdflscape: ``/Rotate 90`` and content turned the
other way) is read upright and breaks no format rule, on its page or others.
"""
from __future__ import annotations

import pytest

from integrity_check.extract import load_document

from . import malformed_cases as mc
from .conftest import assert_contained, run_cli

VARIANTS = {
    "rotate-90": lambda info: mc.rotated_pages(info, 90),
    "rotate-180": lambda info: mc.rotated_pages(info, 180),
    "rotate-270": lambda info: mc.rotated_pages(info, 270),
    "sideways-text": mc.sideways_text,
}


@pytest.fixture(scope="module")
def info(sample_source):
    return mc.source_info(sample_source.read_bytes())


@pytest.fixture(scope="module")
def original(sample_source):
    run = run_cli(sample_source, "--format", "json")
    return load_document(sample_source), _findings(run)


def _findings(run) -> list[tuple]:
    assert_contained(run)
    return [(f["rule"], f["page"], f["message"], f.get("bbox")) for f in run.file["findings"]]


def _words(doc) -> list[tuple]:
    return [(w.page, w.text, w.font, w.size, round(w.x0, 2), round(w.top, 2), round(w.x1, 2), round(w.bottom, 2))
            for p in doc.pages for w in p.words]


@pytest.mark.parametrize("variant", sorted(VARIANTS))
def test_rotated_report_reads_like_the_original(tmp_path, info, original, variant):
    path = tmp_path / f"{variant}.pdf"
    path.write_bytes(VARIANTS[variant](info))
    doc = load_document(path)
    first, findings = original
    assert _words(doc) == _words(first)
    assert doc.body_text == first.body_text
    assert [(p.width, p.height) for p in doc.pages] == [(p.width, p.height) for p in first.pages]
    run = run_cli(path, "--format", "json")
    assert run.error_code is None  # not INP003
    assert _findings(run) == findings


def test_landscape_table_page_reads_upright_and_breaks_no_rule(tmp_path, info, original):
    path = tmp_path / "landscape.pdf"
    path.write_bytes(mc.landscape_table_page(info, rows=24))
    doc = load_document(path)
    table = doc.pages[-1]
    assert (table.width, table.height) == (792.0, 612.0)  # the page box as displayed
    texts = [w.text for w in table.words]
    assert texts[:3] == ["Table", "3.", "Results"]
    rows = [t for t in texts if t.startswith("method") and t != "method"]
    assert rows == [f"method{r:02d}" for r in range(24)]  # top to bottom, left to right
    run = run_cli(path, "--format", "json")
    # a landscape page of US Letter is US Letter, and its table sits in the turned text block
    assert _findings(run) == original[1]


ROTATIONS = (90, 180, 270)


@pytest.fixture(scope="module")
def linked_report():
    from conftest import shared_pdf  # tests/conftest.py

    path = shared_pdf("cvpr2026-kit-final.pdf")  # URL links on pages 2 and 5
    return path, mc.source_info(path.read_bytes())


def _links(doc) -> list[tuple]:
    return [(p.number, url, tuple(round(v, 1) for v in box)) for p in doc.pages for url, box in p.links]


@pytest.mark.parametrize("degrees", ROTATIONS)
def test_links_of_a_rotated_report_cover_the_same_words_as_upright(tmp_path, linked_report, degrees):
    """A link's /Rect is in the page's unrotated space: read in the words' frame, it
    covers the words it covers as displayed (the citation rules pair links with text)."""
    source, info = linked_report
    path = tmp_path / f"rotate-{degrees}.pdf"
    path.write_bytes(mc.rotated_pages(info, degrees))
    upright = _links(load_document(source))
    assert upright and _links(load_document(path)) == upright


def test_a_link_on_a_landscape_page_covers_its_words_as_displayed(tmp_path, info):
    path = tmp_path / "landscape-link.pdf"
    path.write_bytes(mc.landscape_table_page(info, rows=4, link="https://example.org/table"))
    page = load_document(path).pages[-1]
    (url, (x0, top, x1, bottom)), = page.links
    caption = [w for w in page.words if w.top < bottom and w.bottom > top and w.x0 < x1 and w.x1 > x0]
    assert url == "https://example.org/table"
    assert [w.text for w in caption][:3] == ["Table", "3.", "Results"]


@pytest.mark.parametrize("degrees", ROTATIONS)
def test_annotate_pictures_of_a_rotated_report_read_upright_with_their_boxes_in_place(tmp_path, degrees):
    """--annotate draws the findings' boxes (in the frame the text is read in) on a
    picture turned the same way: the picture of a rotated report is the upright one."""
    from PIL import Image, ImageChops

    from conftest import shared_pdf  # tests/conftest.py

    source = shared_pdf("cvpr2026-report-final.pdf")  # a true FMT011 box on its Table 1 caption
    path = tmp_path / "report.pdf"
    path.write_bytes(mc.rotated_pages(mc.source_info(source.read_bytes()), degrees))
    pictures = {}
    for name, pdf in (("upright", source), ("rotated", path)):
        out = tmp_path / name
        run = run_cli(pdf, "--format", "json", "--annotate", out)
        assert_contained(run)
        pictures[name] = sorted(out.glob("*.png"))
    assert [p.name.split("-p")[-1] for p in pictures["rotated"]] == [p.name.split("-p")[-1] for p in pictures["upright"]]
    assert pictures["upright"]
    for a, b in zip(pictures["upright"], pictures["rotated"]):
        up, turned = Image.open(a).convert("L"), Image.open(b).convert("L")
        assert turned.size == up.size
        diff = ImageChops.difference(up, turned).histogram()
        assert sum(diff[32:]) < 0.002 * up.size[0] * up.size[1]  # the same picture, up to anti-aliasing
