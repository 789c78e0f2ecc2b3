"""Small CVPR-format PDFs for tests, each breaking (at most) one rule.

``make_report()`` with no options writes a clean camera-ready CVPR report:
Letter paper, two 236.25 pt columns with a 22.5 pt gap inside the 495 x 639 pt
text block at (58.5, 72), Times 9.96 pt body (embedded Type 1
``TimesNewRomanPSMT`` shipped with reportlab), three pages of body content,
then "References" at the top of page 4 with six cited entries.  Each keyword
changes one thing, so a test can check that exactly one rule fires.

All output is deterministic (reportlab ``invariant=1``).  Layout comes from
the one CVPR layout engine, ``examples/cvpr_layout.py``.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
# The CVPR layout engine lives beside the demo script that also uses it
# (examples/ is not a package and the runtime package must not ship it).
sys.path.insert(0, str(EXAMPLES_DIR))

import cvpr_layout as L  # noqa: E402
from reportlab.lib.pdfencrypt import StandardEncryption  # noqa: E402
from reportlab.lib.utils import ImageReader  # noqa: E402

__all__ = [
    "make_report", "make_image_only_pdf", "make_blank_pdf",
    "ENCRYPT_PASSWORD", "TITLE", "AUTHORS", "FILLER_SENTENCES", "QUOTES",
    "FIGURE_CAPTION", "TYPE3_TEXT", "reference_entries",
]

ENCRYPT_PASSWORD = "integrity"

TITLE = "Robust Lane Detection under Night-Time Glare with Temporal Feature Fusion"
AUTHORS = ["Alex Example", "Department of Computer Science, Example University"]
ABSTRACT = (
    "Lane detectors trained on daytime footage lose much of their accuracy at night, when "
    "headlights of oncoming cars and wet asphalt produce glare that hides the painted markings. "
    "We study a light-weight temporal fusion module that aggregates features from the previous "
    "four frames before the lane head. On a night-time split of a public driving benchmark, "
    "the module recovers most of the gap to daytime accuracy while adding only three "
    "milliseconds of latency. We analyse failure cases and discuss which kinds of glare remain "
    "hard for all of the models we tried."
)
SECTIONS = ["Introduction", "Related Work", "Method", "Experiments", "Ablations",
            "Discussion", "Limitations", "Conclusion"]

# Original filler text.  "{c}" becomes a citation "[k]", "{cc}" a pair
# "[k, m]" and "{cr}" a range "[k-m]", numbered cyclically over the references.
FILLER_SENTENCES = [
    "Lane markings are thin, low-contrast structures that occupy a tiny fraction of each frame.",
    "Most detectors treat every frame independently and ignore the strong continuity of the road {c}.",
    "At night the contrast between paint and asphalt drops sharply, and glare adds bright streaks that resemble markings.",
    "We therefore ask whether a short memory of past frames can fill in what a single frame hides {cc}.",
    "Our fusion module keeps the features of the last four frames in a small ring buffer.",
    "Each stored feature map is warped to the current frame with the ego-motion estimate from the vehicle odometry.",
    "The warped maps are combined with learned per-pixel weights, so that glare-covered regions can borrow evidence from earlier frames {c}.",
    "The lane head itself is unchanged, which lets us reuse the published training recipe without tuning {cr}.",
    "We train on the daytime and dusk splits and evaluate on a held-out night split recorded on different roads.",
    "Accuracy is measured with the usual F1 score at an intersection-over-union threshold of one half {c}.",
    "The single-frame baseline reaches an F1 score of 71.2 at night, compared with 88.5 during the day.",
    "With temporal fusion the night-time score rises to 80.4, while the daytime score is unchanged.",
    "The extra computation is small because the buffer stores low-resolution features rather than images {cc}.",
    "Most of the remaining errors occur in the first frames after a sharp turn, when the buffer holds views of a different road.",
    "Resetting the buffer when the yaw rate exceeds a threshold removes about a third of these errors.",
    "Rain is harder than glare alone, because reflections on the wet road move with the camera {c}.",
    "We also tried a recurrent variant, but it was slower to train and no more accurate.",
    "Visual inspection shows that the learned weights drop sharply wherever a headlight saturates the sensor.",
    "This behaviour emerges without any explicit glare labels, which we find encouraging {cr}.",
    "The approach depends on reasonable odometry, and drift over four frames is rarely a problem in practice.",
    "Vehicles without wheel odometry could estimate ego-motion from the images themselves {c}.",
    "We release the night-time split definition so that others can reproduce the numbers.",
    "Several questions remain open, in particular how far the idea transfers to other thin structures such as curbs.",
    "A larger study with more cities and cameras would make the conclusions more reliable {cc}.",
]

# Original (invented) quotations used by quotes=N; ~12-16 words each.
QUOTES = [
    "night driving exposes every weakness that a daytime benchmark politely hides from the model",
    "a detector that forgets the previous frame throws away the cheapest evidence it will ever get",
    "glare is not noise but structure, and it deserves a model of its own",
    "the road does not change between two frames, only our view of it does",
    "temporal context is most valuable exactly where a single image is least informative",
]

FIGURE_CAPTION = "Figure 1. F1 score at night as the number of fused frames grows."
TYPE3_TEXT = "fused frames"

_FIRST_NAMES = ["A. Brown", "C. Duarte", "E. Fischer", "G. Hoang", "I. Jensen", "K. Lopez",
                "M. Novak", "O. Park", "Q. Rossi", "S. Tanaka", "U. Varga", "W. Xu"]
_TOPICS = ["Temporal cues for lane detection", "Robust road marking segmentation",
           "Ego-motion from monocular video", "Deep networks for driving scenes",
           "Learning under adverse weather", "Feature warping for video recognition",
           "Efficient lane detection", "Night-time driving datasets",
           "Attention in video models", "Recurrent feature aggregation",
           "Glare removal in automotive cameras", "Benchmarking perception at night"]
_VENUES = ["In CVPR", "In ICCV", "In ECCV", "In NeurIPS", "IEEE T-ITS", "In WACV"]


def reference_entries(n: int, *, surname_first: bool = False) -> list[str]:
    """n reference entries "A. Author and B. Author. Title. Venue, year." (unnumbered);
    surname_first: "Author, A., & Author, B. (year). Title. Venue." (APA-like)."""
    out = []
    for k in range(n):
        a = _FIRST_NAMES[k % len(_FIRST_NAMES)]
        b = _FIRST_NAMES[(k + 5) % len(_FIRST_NAMES)]
        title = _TOPICS[k % len(_TOPICS)]
        venue, year = _VENUES[k % len(_VENUES)], 2015 + k % 10
        if surname_first:
            (ia, sa), (ib, sb) = a.split(" ", 1), b.split(" ", 1)
            out.append(f"{sa}, {ia}, & {sb}, {ib} ({year}). {title}. {venue.removeprefix('In ')}.")
            continue
        out.append(f"{a} and {b}. {title}. {venue}, {year}.")
    return out


class _Citer:
    """Numbers the citation placeholders cyclically over n references."""

    def __init__(self, n: int):
        self.n, self.k = max(n, 1), 0

    def _next(self) -> int:
        self.k += 1
        return (self.k - 1) % self.n + 1

    def fill(self, sentence: str, cite: bool = True) -> str:
        if not cite:
            for ph in (" {cc}", " {cr}", " {c}"):
                sentence = sentence.replace(ph, "")
            return sentence
        while "{cc}" in sentence:
            a, b = self._next(), self._next()
            sentence = sentence.replace("{cc}", f"[{min(a, b)}, {max(a, b)}]" if a != b
                                        else f"[{a}]", 1)
        while "{cr}" in sentence:
            a = self._next()
            if a + 2 <= self.n:
                self._next(), self._next()
                sentence = sentence.replace("{cr}", f"[{a}-{a + 2}]", 1)
            else:
                sentence = sentence.replace("{cr}", f"[{a}]", 1)
        while "{c}" in sentence:
            sentence = sentence.replace("{c}", f"[{self._next()}]", 1)
        return sentence


def _filler_paragraphs(citer: _Citer, cite: bool):
    """Endless deterministic paragraphs of 4-6 filler sentences."""
    i, p = 0, 0
    pool = FILLER_SENTENCES
    while True:
        n = 4 + p % 3
        yield " ".join(citer.fill(pool[(i + j) % len(pool)], cite) for j in range(n))
        i += n
        p += 1


def make_report(
    path,
    *,
    pages_of_content: int = 3,
    paper: tuple[float, float] = (612, 792),
    body_size: float = 9.96,
    body_font: str = "Times-Roman",
    columns: int = 2,
    column_width: float = 236.25,
    gap: float = 22.5,
    left: float = 58.5,
    top: float = 72,
    references: bool = True,
    n_references: int = 6,
    abstract: bool = True,
    title: bool = True,
    review: bool = False,
    page_numbers: bool | str = False,
    quotes: int = 0,
    cite_quotes: bool = True,
    extra_content_lines_on_next_page: int = 0,
    figure_offset_into_margin: float = 0.0,
    margin_side: str = "right",
    figure_page: int = 2,
    type3_font: bool = False,
    non_embedded_font: bool = False,
    text_paragraphs: list[str] | None = None,
    block_quote: str | None = None,
    encrypt: bool = False,
    heading_style: str = "cvpr",
    references_title: str = "References",
    references_plain: bool = False,
    appendix_pages: int = 0,
    appendix_heading: str = "A. Appendix",
    appendix_new_page: bool = True,
    reference_labels: str = "bracket",
    reference_size: float | None = None,
    float_stack: list[tuple[str, str]] | None = None,
    float_caption_skip: float = 10.0,
    float_page: int | None = None,
    float_column: int = 0,
    spanning_lines: int = 0,
    title_font: str = "times",
    running_header: str | None = None,
) -> Path:
    """Write a CVPR-style report to ``path`` and return it as a Path.

    pages_of_content: pages filled with body text; "References" starts on the
        next page (after ``extra_content_lines_on_next_page`` body lines).
    body_font: "Times-Roman" (default) or "Helvetica"/"Arial" for the body
        text; title, headings and references stay Times.  Fonts are embedded
        Type 1 (TimesNewRomanPSMT / ArialMT) unless ``non_embedded_font``,
        which switches every font to the standard-14 equivalent (Times-Roman,
        Helvetica), which is not embedded.
    columns: 2, or 1 for a single column spanning the block
        (2 * column_width + gap wide).
    review: CVPR review copy: blue line-number rulers, the confidential
        header, anonymous authors and centred page numbers.
    page_numbers: centred page numbers below the text block; a string is their
        format ("Page {n} of {total}", total = pages_of_content + 1).
    quotes: number of inline quotations in curly quotes, one at the end of
        each of the first ``quotes`` body paragraphs, each followed by a
        citation unless ``cite_quotes`` is False.
    block_quote: text of an indented (20 pt each side) block quotation
        paragraph placed after the first body paragraph (page 1, left column);
        give it enough words for 3+ lines (~30 words).
    figure_page: page of "Figure 1" (capped at ``pages_of_content``), drawn at
        the top of the right column (left column for margin_side="left",
        bottom of the right column for "bottom").
    figure_offset_into_margin: the figure's filled rectangle sticks this many
        points out of the text block on ``margin_side``.
    type3_font: the figure's axis label (TYPE3_TEXT) is set in a Type 3 font.
    text_paragraphs: body paragraphs used verbatim, in order; the rest of the
        pages is padded with citation-free filler (and cut at the last page).
    encrypt: encrypt with user password ENCRYPT_PASSWORD.
    heading_style: "cvpr" (bold "1. Introduction") or "ieee" (IEEEtran: centred
        regular small capitals, "I. INTRODUCTION" drawn as "I" 9.96 pt + "NTRODUCTION"
        7.97 pt on one baseline; the references title likewise).
    references_title: the reference list's heading ("Bibliography", "7. References");
        references_plain sets it in the body's roman type (a Word or Google Docs export).
    appendix_pages: pages of appendix after the reference list: an "Appendix" heading
        ("APPENDIX" in the IEEE style) and body paragraphs. ``appendix_heading`` is the
        heading's text in the CVPR style ("9. Additional Results"); ``appendix_new_page=False``
        starts it right under the last entry.
    reference_labels: "bracket" ("[1] A. Brown ...") or "dot" ("1. Brown, A. (2015). ...", the
        surname first, as APA-like numbered lists set it); ``reference_size`` sets a "dot" list
        in another size than the template's 9 pt (a Word export).
    float_stack: floats stacked at the top of the left column of page 2, each
        (kind, caption position): ("figure", "below") is a filled box with "Figure k."
        under it, ("table", "above") three rules and cell text with "Table k." over it;
        ``float_caption_skip`` (10 pt) between a float and its caption, 14 pt between
        floats (LaTeX's skips). ``float_page``/``float_column`` place the stack elsewhere
        (the column must be reached by the text, e.g. a long reference list).
    spanning_lines: body lines set across the whole text block under the title
        (a Word report's one-column section) before the two columns start.
    title_font: "times" (bold, the template's) or "sans" (Arial bold) for the title.
    running_header: a line in 8 pt above the text block of page 1 (a course header).
    """
    path = Path(path)
    std = not non_embedded_font
    f = L.fonts("times", embedded=std)
    sans = L.fonts("arial", embedded=std)
    body = L.fonts(body_font, embedded=std)
    if columns == 1:
        column_width = 2 * column_width + gap
    g = L.Geometry(paper=tuple(paper), left=left, top=top, columns=columns,
                   column_width=column_width, gap=gap, body_size=body_size)
    hooks = []
    if review:
        hooks.append(L.review_furniture(sans.bold, sans.bold))
    if isinstance(page_numbers, str):
        form = page_numbers

        def numbered(wr: L.Writer):
            wr.text_at(form.format(n=wr.page, total=pages_of_content + 1), f.roman, L.BODY_SIZE,
                       wr.geometry.paper[0] / 2, L.PAGE_NUMBER_BASELINE, "center")

        hooks.append(numbered)
    elif review or page_numbers:
        hooks.append(L.page_number_furniture(f.roman))
    enc = (StandardEncryption(ENCRYPT_PASSWORD, ownerPassword=ENCRYPT_PASSWORD + "-owner")
           if encrypt else None)
    w = L.Writer(str(path), g, hooks, enc, initial_font=f.roman)
    w.canvas.setTitle(TITLE)

    if running_header:
        w.text_at(running_header, f.roman, 8.0, g.paper[0] / 2, 48.0, "center")
    if title:
        authors = (["Anonymous CVPR submission", "", "Paper ID *****"] if review else AUTHORS)
        w.title_block(TITLE, authors, sans if title_font == "sans" else f)
    _add_figure(w, f, sans, page=max(1, min(figure_page, pages_of_content)),
                offset=figure_offset_into_margin, side=margin_side,
                type3=type3_font)

    if spanning_lines and title:
        _spanning_text(w, body.roman, spanning_lines)
    if float_stack:
        _add_float_stack(w, f, float_stack, page=float_page or min(2, pages_of_content),
                         column=float_column, skip=float_caption_skip)
    if abstract:
        w.heading("Abstract", f.bold, L.LARGE_SIZE, align="center", after=6.0)
        w.paragraph(ABSTRACT, body.italic)
        w.space(6.0)

    citer = _Citer(n_references)
    given = list(text_paragraphs or [])
    filler = _filler_paragraphs(citer, cite=text_paragraphs is None)
    last_col = g.columns - 1

    def end_of_content() -> bool:
        return w.page > pages_of_content or (
            w.page == pages_of_content and w.col == last_col and not w.fits(g.leading))

    section, para_no, stopped = 0, 0, False
    while not stopped:
        near_end = w.page == pages_of_content and w.col == last_col and w.lines_left() < 6
        if para_no % 4 == 0 and section < len(SECTIONS) and not near_end:
            if heading_style == "ieee":
                _small_caps_heading(w, f"{_ROMAN[section]}. {SECTIONS[section].upper()}", f.roman)
            else:
                w.heading(f"{section + 1}. {SECTIONS[section]}", f.bold)
            section += 1
        text = given.pop(0) if given else next(filler)
        if para_no < quotes:
            q = QUOTES[para_no % len(QUOTES)]
            cite = f" [{para_no % max(n_references, 1) + 1}]" if cite_quotes else ""
            text += f" As one practitioner put it, \u201c{q}\u201d{cite}."
        stopped = not w.paragraph(text, body.roman, stop=end_of_content)
        if para_no == 0 and block_quote and not stopped:
            w.space(3.0)
            w.paragraph(block_quote, body.roman, indent=0, left=20.0, right=20.0,
                        stop=end_of_content)
            w.space(3.0)
        para_no += 1

    extra = extra_content_lines_on_next_page
    if extra or references:
        w.new_page()
    while extra > 0:
        before = w.y
        w.paragraph(next(filler), body.roman, max_lines=extra)
        extra -= round((w.y - before) / g.leading)
    if references:
        if heading_style == "ieee" or references_plain:
            if references_plain:
                w.space(10.0)
                w.line(references_title, body.roman, g.body_size)
            else:
                _small_caps_heading(w, references_title.upper(), f.roman)
            hang = L.width(f"[{n_references}]", f.roman, L.SMALL_SIZE) + 4.5
            for k, entry in enumerate(reference_entries(n_references), 1):
                w.paragraph(entry, f.roman, L.SMALL_SIZE, indent=0, left=hang, label=f"[{k}]")
                w.y += 1.0
        elif reference_labels == "dot":
            w.heading(references_title, f.bold, L.LARGE_SIZE, before=10.0, after=4.0, keep=1)
            size = reference_size or L.SMALL_SIZE
            hang = L.width(f"{n_references}.", f.roman, size) + 4.5
            for k, entry in enumerate(reference_entries(n_references, surname_first=True), 1):
                w.paragraph(entry, f.roman, size, indent=0, left=hang, label=f"{k}.")
                w.y += 1.0
        else:
            w.references(reference_entries(n_references), f, title=references_title)
    if appendix_pages:
        if appendix_new_page:
            w.new_page()
        if heading_style == "ieee":
            _small_caps_heading(w, "APPENDIX", f.roman)
        else:
            w.heading(appendix_heading, f.bold)
        start = w.page
        while w.page < start + appendix_pages:
            w.paragraph(next(filler), body.roman,
                        stop=lambda: w.page == start + appendix_pages - 1 and w.col == last_col
                        and not w.fits(g.leading))
            if w.page == start + appendix_pages - 1 and w.col == last_col and not w.fits(g.leading):
                break
    w.finish()
    return path


_ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _small_caps_heading(w: L.Writer, text: str, font: str):
    """A centred IEEEtran heading in small capitals: each word's first capital at the body
    size, the rest at 80% of it, on one baseline (as \\textsc draws it)."""
    size, small = w.geometry.body_size, round(w.geometry.body_size * 0.8, 2)
    runs = []
    for word in text.split():
        head = word if word.rstrip(".") in _ROMAN else word[0]  # "IV." stays whole, as IEEEtran sets it
        runs += [(head, size), (word[len(head):], small), (" ", size)]
    runs = [r for r in runs[:-1] if r[0]]
    total = sum(L.width(t, font, sz) for t, sz in runs)
    leading = round(size * L.LEADING_FACTOR, 3)
    w.space(8.0)
    if not w.fits(leading + 4.0 + 2 * w.geometry.leading):
        w.next_column()
    baseline = w.y + leading - L.SLOT_DESCENT * size
    obj = w.canvas.beginText(w.x + (w.w - total) / 2, w.pdf_y(baseline))
    obj.setWordSpace(0)
    for t, sz in runs:
        obj.setFont(font, sz)
        obj.textOut(t)
    w.canvas.drawText(obj)
    w.y += leading + 4.0


def _add_figure(w: L.Writer, f: L.FontSet, sans: L.FontSet, *, page: int, offset: float,
                side: str, type3: bool):
    """Register "Figure 1" as a float: filled rectangle + caption below it."""
    if side not in ("left", "right", "top", "bottom"):
        raise ValueError(f"margin_side must be left/right/top/bottom, not {side!r}")
    g = w.geometry
    col = 0 if side == "left" else g.columns - 1
    box_h = 96.0
    cap_h = L.caption_height(FIGURE_CAPTION, f.roman, g.column_width)
    label_font = L.type3_font() if type3 else sans.roman

    height = box_h + 4.0 + cap_h + 10.0

    def draw(wr: L.Writer, x: float, top: float, width: float):
        bx, by, bw, bh = x, top, width, box_h
        cap_top = top + box_h + 4.0
        if side == "bottom":  # caption above, rectangle down to the block's bottom
            cap_top, by = top + 4.0, top + height - box_h
        if offset:
            if side == "right":
                bw += offset
            elif side == "left":
                bx, bw = bx - offset, bw + offset
            elif side == "top":
                by, bh = by - offset, bh + offset
            else:
                bh += offset
        c = wr.canvas
        c.saveState()
        c.setFillColorRGB(0.82, 0.86, 0.92)
        c.rect(bx, wr.pdf_y(by + bh), bw, bh, stroke=0, fill=1)
        c.setFillColorRGB(0.1, 0.1, 0.1)
        wr.text_at(TYPE3_TEXT, label_font, L.RULER_SIZE, x + width / 2, top + box_h - 8.0,
                   "center")
        c.restoreState()
        L.draw_caption(wr, FIGURE_CAPTION, f.roman, x, cap_top, width)

    w.add_float(page, col, height, draw, where="bottom" if side == "bottom" else "top")


def _spanning_text(w: L.Writer, font: str, n: int):
    """n justified body lines across the whole block, then the columns start below them."""
    g = w.geometry
    text = " ".join(_Citer(1).fill(sentence, cite=False) for sentence in FILLER_SENTENCES * 3)
    lines = L._wrap(text, font, g.body_size, g.block_width)[:n]
    y = w.page_top - 10.0
    for line in lines:
        w.draw_line([(line, font)], g.left, y, g.body_size, g.leading, g.block_width)
        y += g.leading
    w.page_top = y + 10.0
    w._start_column()


def _add_float_stack(w: L.Writer, f: L.FontSet, stack: list[tuple[str, str]], *, page: int, column: int,
                     skip: float):
    g = w.geometry
    gap, body_h = 14.0, 60.0
    numbers = {"figure": 0, "table": 0}
    items = []
    for kind, where in stack:
        numbers[kind] += 1
        text = f"{kind.capitalize()} {numbers[kind]}. Results of the {kind} number {numbers[kind]} in this stack."
        items.append((kind, where, text, L.caption_height(text, f.roman, g.column_width)))
    height = sum(body_h + skip + h for *_, h in items) + gap * (len(items) - 1) + 10.0

    def draw(wr: L.Writer, x: float, top: float, width: float):
        y = top
        for kind, where, text, cap_h in items:
            body_top = y + cap_h + skip if where == "above" else y
            cap_top = y if where == "above" else y + body_h + skip
            if kind == "figure":
                L.draw_box(wr, x + 10, body_top, width - 20, body_h)
            else:
                c = wr.canvas
                for rule in (body_top, body_top + 14, body_top + body_h):
                    c.line(x + 10, wr.pdf_y(rule), x + width - 10, wr.pdf_y(rule))
                for row in range(3):  # a name, a score and a count column ("support")
                    for col, cell in enumerate(("Model", "0.9" + str(row), str(188 + row))):
                        wr.text_at(cell if row else ("Method", "F1", "Support")[col], f.roman, L.SMALL_SIZE,
                                   x + (20, 70, 180)[col], body_top + 11 + 15 * row)
            L.draw_caption(wr, text, f.roman, x, cap_top, width)
            y += body_h + skip + cap_h + gap

    w.add_float(page, column, height, draw)


def make_image_only_pdf(path) -> Path:
    """One Letter page holding only a raster image (a scanned page): no text."""
    from PIL import Image, ImageDraw

    path = Path(path)
    img = Image.new("L", (425, 550), 255)
    d = ImageDraw.Draw(img)
    for row in range(60, 500, 14):  # grey bars that look like lines of text
        d.rectangle([40, row, 385 - (row * 7) % 60, row + 6], fill=90)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    c = L.canvas(path)
    c.drawImage(ImageReader(buf), 0, 0, width=612, height=792)
    c.showPage()
    c.save()
    return path


def make_blank_pdf(path) -> Path:
    """One blank Letter page: no text, no images."""
    path = Path(path)
    c = L.canvas(path)
    c.showPage()
    c.save()
    return path
