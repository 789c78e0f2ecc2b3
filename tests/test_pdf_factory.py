"""The test-PDF factory and the demo report really have the promised geometry."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pdfplumber
import pytest
from pdfminer.pdftypes import resolve1

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pdf_factory as F  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
REPORT = REPO / "examples" / "report.pdf"
TOL = 0.05
BLOCK = (58.5, 72.0, 553.5, 711.0)  # x0, top, x1, bottom


# ---------------------------------------------------------------- helpers
def _name(obj) -> str:
    obj = resolve1(obj)
    return getattr(obj, "name", obj.decode() if isinstance(obj, bytes) else str(obj))


def fonts_of(pdf) -> dict[str, dict]:
    """{font name: {"subtype": ..., "embedded": bool}} over all pages."""
    out = {}
    for page in pdf.pages:
        res = resolve1(page.page_obj.resources) or {}
        for ref in (resolve1(res.get("Font")) or {}).values():
            font = resolve1(ref)
            desc = resolve1(font.get("FontDescriptor")) or {}
            name = _name(font.get("BaseFont") or desc.get("FontName"))
            subtype = _name(font.get("Subtype"))
            embedded = any(k in desc for k in ("FontFile", "FontFile2", "FontFile3"))
            out[name] = {"subtype": subtype, "embedded": embedded}
    return out


def body_chars(page, size=9.96):
    return [c for c in page.chars if abs(c["size"] - size) < 0.01 and c["text"].strip()]


def text_of(pdf) -> str:
    """Text in reading order: full-width top, left column, right column, per page."""
    out = []
    for p in pdf.pages:
        words = p.extract_words()
        # lines crossing the column gap (title, authors, one-column text) come first
        spans = [w for w in words if w["x0"] < 300 and w["x1"] > 312]
        if len(spans) > 20:  # one-column layout
            out.append(p.extract_text() or "")
            continue
        cut = max((w["bottom"] for w in spans), default=0)
        out.append(p.crop((0, 0, p.width, cut)).extract_text() if cut else "")
        for x0, x1 in ((0, p.width / 2), (p.width / 2, p.width)):
            out.append(p.crop((x0, cut, x1, p.height)).extract_text() or "")
    return "\n".join(out)


def assert_inside_block(pdf, block=BLOCK):
    for page in pdf.pages:
        for c in page.chars:
            if not c["text"].strip():
                continue
            assert c["x0"] >= block[0] - TOL and c["x1"] <= block[2] + TOL, (page.page_number, c)
            assert c["top"] >= block[1] - TOL and c["bottom"] <= block[3] + TOL, (page.page_number, c)
        for r in page.rects:
            assert r["x0"] >= block[0] - TOL and r["x1"] <= block[2] + TOL
            assert r["top"] >= block[1] - TOL and r["bottom"] <= block[3] + TOL


@pytest.fixture(scope="module")
def default_pdf(tmp_path_factory):
    path = F.make_report(tmp_path_factory.mktemp("f") / "x.pdf")
    with pdfplumber.open(path) as pdf:
        yield pdf


# ------------------------------------------------------- clean default
def test_default_is_clean_cvpr_geometry(default_pdf):
    pdf = default_pdf
    assert len(pdf.pages) == 4
    for page in pdf.pages:
        assert (page.width, page.height) == (612, 792)
    assert_inside_block(pdf)
    for page in pdf.pages[1:3]:  # full body pages
        chars = body_chars(page)
        left = [c for c in chars if c["x0"] < 306]
        right = [c for c in chars if c["x0"] >= 306]
        assert min(c["x0"] for c in left) == pytest.approx(58.5, abs=TOL)
        assert max(c["x1"] for c in left) == pytest.approx(294.75, abs=TOL)
        assert min(c["x0"] for c in right) == pytest.approx(317.25, abs=TOL)
        assert max(c["x1"] for c in right) == pytest.approx(553.5, abs=TOL)
        assert min(c["top"] for c in chars) >= 72
        tops = sorted({round(c["top"], 2) for c in left})
        pitches = {round(b - a, 2) for a, b in zip(tops, tops[1:])}
        assert min(pitches) == pytest.approx(11.95, abs=0.01)
        # the column is full: its last line ends less than one line above 711
        bottom = max(c["bottom"] for c in left)
        assert 711 - 11.96 < bottom <= 711


def test_default_fonts_sizes_and_embedding(default_pdf):
    fonts = fonts_of(default_pdf)
    assert set(fonts) >= {"TimesNewRomanPSMT", "TimesNewRomanPS-BoldMT",
                          "TimesNewRomanPS-ItalicMT"}
    assert all(f["embedded"] for f in fonts.values()), fonts
    assert all(f["subtype"] == "Type1" for f in fonts.values())
    p1 = default_pdf.pages[0]
    sizes = {round(c["size"], 2) for c in p1.chars}
    assert {14.35, 11.96, 9.96} <= sizes
    title = [c for c in p1.chars if round(c["size"], 2) == 14.35]
    assert min(c["top"] for c in title) == pytest.approx(105, abs=1)
    assert {c["fontname"] for c in title} == {"TimesNewRomanPS-BoldMT"}
    abstract = [w for w in p1.extract_words(extra_attrs=["size"]) if w["text"] == "Abstract"]
    assert abstract and abstract[0]["x1"] < 294.75
    mid = (abstract[0]["x0"] + abstract[0]["x1"]) / 2
    assert mid == pytest.approx((58.5 + 294.75) / 2, abs=0.5)


def test_default_references_and_citations(default_pdf):
    p4 = default_pdf.pages[3]
    words = p4.extract_words(x_tolerance=1, extra_attrs=["size", "fontname"])
    assert words[0]["text"] == "References" and words[0]["size"] == pytest.approx(11.96)
    assert words[0]["top"] < 80
    text = text_of(default_pdf)
    body, refs = text.split("References")
    labels = re.findall(r"^\[(\d+)\] ", refs, flags=re.M)
    assert labels == [str(k) for k in range(1, 7)]
    entry_sizes = {round(w["size"], 2) for w in words[1:]}
    assert entry_sizes == {8.97}
    cited = set()
    for group in re.findall(r"\[([\d,\s\-]+)\]", body):
        for part in group.split(","):
            a, _, b = part.strip().partition("-")
            cited.update(range(int(a), int(b or a) + 1))
    assert cited == set(range(1, 7))


def test_words_split_with_tight_tolerance(default_pdf):
    page = default_pdf.pages[1]
    words = page.extract_words(x_tolerance=1)
    assert len(words) > 700
    assert max(len(w["text"]) for w in words) < 25


def test_deterministic(tmp_path):
    a = F.make_report(tmp_path / "a.pdf", review=True, quotes=2, type3_font=True)
    b = F.make_report(tmp_path / "b.pdf", review=True, quotes=2, type3_font=True)
    assert a.read_bytes() == b.read_bytes()


# ------------------------------------------------------ one rule broken
def test_extra_lines_on_next_page(tmp_path):
    path = F.make_report(tmp_path / "x.pdf", pages_of_content=4,
                         extra_content_lines_on_next_page=4)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 5
        page = pdf.pages[4]
        lines = {round(c["top"], 2) for c in body_chars(page)}
        ref = [w for w in page.extract_words() if w["text"] == "References"][0]
        assert len([t for t in lines if t < ref["top"]]) == 4
        assert len(body_chars(pdf.pages[3])) > 3000


def test_no_references_ends_on_last_content_page(tmp_path):
    path = F.make_report(tmp_path / "x.pdf", pages_of_content=2, references=False)
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 2
        assert "References" not in text_of(pdf)


def test_many_references_all_cited(tmp_path):
    path = F.make_report(tmp_path / "x.pdf", n_references=12)
    with pdfplumber.open(path) as pdf:
        text = text_of(pdf)
    body, refs = text.split("References")
    assert re.findall(r"^\[(\d+)\] ", refs, flags=re.M) == [str(k) for k in range(1, 13)]
    for k in range(1, 13):
        assert re.search(rf"\[(?:[\d, ]*\b)?{k}(?:\b[\d, ]*)?\]|\[\d+-\d+\]", body)


def test_review_copy_furniture(tmp_path):
    path = F.make_report(tmp_path / "x.pdf", review=True)
    with pdfplumber.open(path) as pdf:
        p1 = pdf.pages[0]
        text = p1.extract_text()
        assert "Anonymous CVPR submission" in text and "Paper ID *****" in text
        assert "Alex Example" not in text
        assert "CONFIDENTIAL REVIEW COPY" in text
        nums = [w for w in p1.extract_words(extra_attrs=["size", "non_stroking_color"])
                if re.fullmatch(r"\d{3}", w["text"])]
        left = [w for w in nums if w["x0"] < 58.5]
        right = [w for w in nums if w["x0"] > 553.5]
        assert len(left) == len(right) == 53
        assert {round(w["x0"], 1) for w in left} == {23.9}
        assert {round(w["x1"], 1) for w in left} == {37.2}
        assert {round(w["x0"], 1) for w in right} == {571.4}
        assert {round(w["x1"], 1) for w in right} == {584.7}
        assert {round(w["size"], 2) for w in nums} == {7.97}
        assert {tuple(w["non_stroking_color"]) for w in nums} == {(0.5, 0.5, 1)}
        assert [w["text"] for w in left[:2]] == ["000", "001"]
        assert right[0]["text"] == "053"
        # numbers sit on the body-line baselines of a full column
        p2 = pdf.pages[1]
        def baselines(chars):  # pdfplumber's char matrix holds the baseline origin
            return sorted({round(p2.height - c["matrix"][5], 2) for c in chars})

        body = baselines(c for c in body_chars(p2) if c["x0"] < 306)
        ruler = baselines(c for c in p2.chars if c["x1"] < 40)
        assert len(ruler) == 53
        # lines on the undisturbed grid (the column top, before any heading) match exactly
        assert body[:5] == ruler[:5]
        pnum = [w for w in p2.extract_words() if w["top"] > 711]
        assert [w["text"] for w in pnum] == ["2"]
        assert (pnum[0]["x0"] + pnum[0]["x1"]) / 2 == pytest.approx(306, abs=0.1)
        assert all(f["embedded"] for f in fonts_of(pdf).values())


def test_page_numbers_camera_ready(tmp_path):
    path = F.make_report(tmp_path / "x.pdf", page_numbers=True)
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages, 1):
            low = [w["text"] for w in page.extract_words() if w["top"] > 711]
            assert low == [str(i)]
            assert not [w for w in page.extract_words() if w["x1"] < 58.5 or w["x0"] > 553.5]


@pytest.mark.parametrize("side,expect", [
    ("right", ("x1", 573.5)), ("left", ("x0", 38.5)),
    ("top", ("top", 52.0)), ("bottom", ("bottom", 731.0)),
])
def test_figure_into_margin(tmp_path, side, expect):
    path = F.make_report(tmp_path / "x.pdf", figure_offset_into_margin=20, margin_side=side)
    with pdfplumber.open(path) as pdf:
        rects = pdf.pages[1].rects
        assert len(rects) == 1
        assert rects[0][expect[0]] == pytest.approx(expect[1], abs=TOL)
        assert rects[0]["fill"]
        assert all(not p.rects for i, p in enumerate(pdf.pages) if i != 1)
        # the text itself stays in the block
        for page in pdf.pages:
            assert all(BLOCK[0] - TOL <= c["x0"] and c["x1"] <= BLOCK[2] + TOL
                       and BLOCK[1] - TOL <= c["top"] and c["bottom"] <= BLOCK[3] + TOL
                       for c in page.chars)


def test_figure_in_column_by_default(default_pdf):
    rect = default_pdf.pages[1].rects[0]
    assert (rect["x0"], rect["x1"], rect["top"]) == pytest.approx((317.25, 553.5, 72.0))
    text = default_pdf.pages[1].extract_text()
    assert F.FIGURE_CAPTION in text


def test_type3_font(tmp_path):
    path = F.make_report(tmp_path / "x.pdf", type3_font=True)
    with pdfplumber.open(path) as pdf:
        fonts = fonts_of(pdf)
        type3 = [n for n, f in fonts.items() if f["subtype"] == "Type3"]
        assert type3 == ["BoxGlyphsType3"]
        assert F.TYPE3_TEXT in pdf.pages[1].extract_text()
        t3chars = [c for c in pdf.pages[1].chars if c["fontname"] == "BoxGlyphsType3"]
        assert "".join(c["text"] for c in t3chars) == F.TYPE3_TEXT


def test_non_embedded_fonts(tmp_path):
    path = F.make_report(tmp_path / "x.pdf", non_embedded_font=True)
    with pdfplumber.open(path) as pdf:
        fonts = fonts_of(pdf)
        assert {"Times-Roman", "Times-Bold", "Times-Italic"} <= set(fonts)
        assert not any(f["embedded"] for f in fonts.values())
        assert body_chars(pdf.pages[1])[0]["fontname"] == "Times-Roman"


def test_wrong_body_font_is_embedded_arial(tmp_path):
    path = F.make_report(tmp_path / "x.pdf", body_font="Helvetica")
    with pdfplumber.open(path) as pdf:
        assert {c["fontname"] for c in body_chars(pdf.pages[2])} == {"ArialMT"}
        assert all(f["embedded"] for f in fonts_of(pdf).values())
        assert_inside_block(pdf)


def test_quotes_with_and_without_citation(tmp_path):
    for cite in (True, False):
        path = F.make_report(tmp_path / f"q{cite}.pdf", quotes=2, cite_quotes=cite)
        with pdfplumber.open(path) as pdf:
            text = " ".join(text_of(pdf).split())
        found = re.findall(r"\u201c([^\u201d]+)\u201d( \[\d+\])?\.", text)
        assert [q for q, _ in found] == F.QUOTES[:2]
        assert all(bool(c) == cite for _, c in found)


def test_block_quote(tmp_path):
    quote = ("Block quotations are set as their own paragraph, indented on both sides and "
             "without quotation marks, which is how a long passage from another author is "
             "usually shown in a paper that follows the conference style.")
    path = F.make_report(tmp_path / "x.pdf", block_quote=quote)
    with pdfplumber.open(path) as pdf:
        p1 = pdf.pages[0]
        lines = [ln for ln in p1.extract_text_lines() if ln["x0"] > 60 and ln["x1"] < 306]
        quoted = [ln for ln in lines if ln["x0"] == pytest.approx(78.5, abs=TOL)]
        assert len(quoted) >= 3
        assert all(ln["x1"] <= 274.75 + TOL for ln in quoted)
        assert " ".join(ln["text"] for ln in quoted) == quote
        assert "\u201c" not in quote


def test_text_paragraphs_verbatim(tmp_path):
    passage = ("Convolutional networks learn hierarchies of features, from edges in the first "
               "layers to object parts in the deeper ones.")
    path = F.make_report(tmp_path / "x.pdf", text_paragraphs=[passage], pages_of_content=1,
                         references=False)
    with pdfplumber.open(path) as pdf:
        text = " ".join(text_of(pdf).split())
        assert len(pdf.pages) == 1
    assert passage in text
    assert not re.search(r"\[\d", text)  # padding filler carries no citations


def test_encrypted(tmp_path):
    path = F.make_report(tmp_path / "x.pdf", encrypt=True)
    with pytest.raises(Exception):
        with pdfplumber.open(path) as pdf:
            pdf.pages[0].extract_text()
    with pdfplumber.open(path, password=F.ENCRYPT_PASSWORD) as pdf:
        assert "References" in text_of(pdf)


def test_one_column(tmp_path):
    path = F.make_report(tmp_path / "x.pdf", columns=1)
    with pdfplumber.open(path) as pdf:
        chars = body_chars(pdf.pages[1])
        assert min(c["x0"] for c in chars) == pytest.approx(58.5, abs=TOL)
        assert max(c["x1"] for c in chars) == pytest.approx(553.5, abs=TOL)
        assert any(c["x0"] < 294 and c["x1"] > 318 for c in pdf.pages[1].extract_words())
        assert_inside_block(pdf)


def test_eleven_point_body_and_a4(tmp_path):
    path = F.make_report(tmp_path / "x.pdf", body_size=10.95, paper=(595.28, 841.89))
    with pdfplumber.open(path) as pdf:
        assert (pdf.pages[0].width, pdf.pages[0].height) == pytest.approx((595.28, 841.89))
        chars = body_chars(pdf.pages[1], 10.95)
        assert len(chars) > 2000
        tops = sorted({round(c["top"], 2) for c in chars if c["x0"] < 306})
        assert tops[1] - tops[0] == pytest.approx(13.14, abs=0.01)


def test_image_only_and_blank(tmp_path):
    with pdfplumber.open(F.make_image_only_pdf(tmp_path / "i.pdf")) as pdf:
        assert len(pdf.pages) == 1 and not pdf.pages[0].chars
        assert len(pdf.pages[0].images) == 1
    with pdfplumber.open(F.make_blank_pdf(tmp_path / "b.pdf")) as pdf:
        page = pdf.pages[0]
        assert len(pdf.pages) == 1
        assert not page.chars and not page.images and not page.rects


# ------------------------------------------------------------ demo report
@pytest.fixture(scope="module")
def report():
    with pdfplumber.open(REPORT) as pdf:
        yield pdf


def test_example_report_is_a_clean_cvpr_report(report):
    assert len(report.pages) == 4
    assert_inside_block(report)
    fonts = fonts_of(report)
    assert all(f["embedded"] for f in fonts.values()), fonts
    assert all(n.startswith("TimesNewRomanPS") for n in fonts)
    for page in report.pages:
        assert {round(c["size"], 2) for c in page.chars} <= {14.35, 11.96, 9.96, 8.97}
        assert not [w for w in page.extract_words() if re.fullmatch(r"\d{1,3}", w["text"])
                    and w["top"] > 700 and abs((w["x0"] + w["x1"]) / 2 - 306) < 5]


def test_example_report_content(report):
    text = " ".join(text_of(report).split())
    ref_pages = [i for i, p in enumerate(report.pages, 1)
                 if any(w["text"] == "References" and w["size"] > 11
                        for w in p.extract_words(extra_attrs=["size"]))]
    assert ref_pages and ref_pages[0] in (3, 4)
    body, refs = text.split(" References ", 1)
    quotes = re.findall(r"\u201c([^\u201d]+)\u201d \[\d+\]", body)
    assert len(quotes) == 2 and body.count("\u201c") == 2
    n_body = len(re.findall(r"\S+", body))
    share = sum(len(q.split()) for q in quotes) / n_body
    assert 0.02 <= share <= 0.03, share
    labels = [int(k) for k in re.findall(r"\[(\d+)\] [A-Z]", refs)]
    assert labels == list(range(1, len(labels) + 1)) and 8 <= len(labels) <= 12
    cited = set()
    for group in re.findall(r"\[([\d,\s\-\u2013]+)\]", body):
        for part in group.split(","):
            a, _, b = part.strip().replace("\u2013", "-").partition("-")
            cited.update(range(int(a), int(b or a) + 1))
    assert cited == set(labels)
    assert "Figure 1." in body and "Table 1." in body


def test_example_report_caption_positions(report):
    seen = set()
    for page in report.pages:
        words = page.extract_words(extra_attrs=["size"])
        for i, w in enumerate(words):
            if w["text"] in ("Figure", "Table") and i + 1 < len(words) \
                    and words[i + 1]["text"] == "1." and w["size"] == pytest.approx(8.97):
                seen.add(w["text"])
                rects = [r for r in page.rects if r["height"] > 40]
                if w["text"] == "Figure":
                    assert any(abs(r["bottom"] - w["top"]) < 8 for r in rects)
                else:
                    below = [x for x in words if x["top"] > w["bottom"] and abs(x["x0"] - w["x0"]) < 200]
                    assert below
    assert seen == {"Figure", "Table"}


def test_example_report_is_up_to_date(tmp_path):
    sys.path.insert(0, str(REPO / "examples"))
    import make_report

    out = make_report.build(tmp_path / "r.pdf")
    with pdfplumber.open(out) as new, pdfplumber.open(REPORT) as old:
        assert [p.extract_text() for p in new.pages] == [p.extract_text() for p in old.pages]
