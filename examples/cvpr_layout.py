"""A tiny two-column layout engine that writes PDFs with exact CVPR geometry.

This is the ONE layout engine of the project's demo and test PDFs: it is used
by ``examples/make_report.py`` (the demo report) and by ``tests/pdf_factory.py``
(small PDFs that each break one rule).  It is deliberately not part of the
``integrity_check`` package: the checker never writes PDFs.

Geometry (PDF points, ``top`` measured from the top edge as pdfplumber does):

* US Letter 612 x 792, text block 495 x 639 at x 58.5-553.5, y 72-711;
* two columns of 236.25 pt with a 22.5 pt gap (left 58.5-294.75,
  right 317.25-553.5);
* body Times 9.96 pt on a 11.955 pt pitch (53 lines a column), title 14.35 pt
  bold, headings 11.96 pt bold, captions and references 8.97 pt.

Every text line sits in a "slot" of height ``leading``; the glyph boxes that
pdfplumber reports (height = font size) lie inside the slot, so no ink leaves
the text block.  Words are separated by real space characters; justified lines
stretch them with the PDF word-spacing operator (``Tw``), so
``extract_words(x_tolerance=1)`` splits them.

Fonts: reportlab's standard-14 fonts (``Times-Roman`` ...) are never embedded.
A clean CVPR report needs embedded fonts, so the default family is the
Times New Roman PS Type 1 font that ships inside the reportlab wheel
(``reportlab/fonts/_er_____.pfb`` ...), embedded in full; pdfplumber reports it
as ``TimesNewRomanPSMT`` (``-BoldMT``, ``-ItalicMT``, ``-BoldItalicMT``).
Nothing has to be installed beyond reportlab itself.
"""

from __future__ import annotations

import functools
import os
import re
from dataclasses import dataclass, field
from typing import Callable

import reportlab
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen import canvas as rl_canvas

# --------------------------------------------------------------------------
# CVPR constants
# --------------------------------------------------------------------------
LETTER = (612.0, 792.0)
TEXT_LEFT = 58.5
TEXT_TOP = 72.0
TEXT_WIDTH = 495.0
TEXT_HEIGHT = 639.0
COLUMN_WIDTH = 236.25
COLUMN_GAP = 22.5

BODY_SIZE = 9.96  # \normalsize of a 10 pt LaTeX class
LARGE_SIZE = 11.96  # \large: headings, authors
TITLE_SIZE = 14.35  # \Large: the title
SMALL_SIZE = 8.97  # \small: captions, references
RULER_SIZE = 7.97  # review line numbers
LEADING_FACTOR = 1.2  # 9.96 pt type on an 11.955 pt pitch

SLOT_DESCENT = 0.25  # baseline sits this many font sizes above a slot's bottom

# Review-copy furniture (the cvpr.sty ruler: bold sans digits, light blue).
RULER_COLOR = (0.5, 0.5, 1.0)
RULER_LEFT_X = 23.9  # three digits span 23.9-37.2
RULER_RIGHT_X = 571.4  # three digits span 571.4-584.7
REVIEW_HEADER = "CVPR 2026 Submission #*****. CONFIDENTIAL REVIEW COPY. DO NOT DISTRIBUTE."
HEADER_BASELINE = 44.0  # from the top
PAGE_NUMBER_BASELINE = 745.0  # from the top

# --------------------------------------------------------------------------
# Fonts
# --------------------------------------------------------------------------
_RL_FONTS = os.path.join(os.path.dirname(reportlab.__file__), "fonts")

# family -> (roman, bold, italic, bold-italic) file stems in reportlab/fonts
_EMBEDDED_FILES = {
    "times": ("_er_____", "_eb_____", "_ei_____", "_ebi____"),
    "arial": ("_a______", "_ab_____", "_ai_____", "_abi____"),
}
_STANDARD14 = {
    "times": ("Times-Roman", "Times-Bold", "Times-Italic", "Times-BoldItalic"),
    "arial": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique", "Helvetica-BoldOblique"),
}
_FAMILY_ALIASES = {
    "times": "times", "times-roman": "times", "timesnewroman": "times",
    "arial": "arial", "helvetica": "arial", "sans": "arial",
}


@dataclass(frozen=True)
class FontSet:
    """Names of the four faces of one family, as registered with reportlab."""

    roman: str
    bold: str
    italic: str
    bold_italic: str


def family_name(name: str) -> str:
    """Map 'Times-Roman', 'Helvetica', 'Arial', ... to 'times' or 'arial'."""
    key = name.strip().lower().replace(" ", "")
    if key not in _FAMILY_ALIASES:
        raise ValueError(f"unknown font family {name!r}; use Times-Roman or Helvetica/Arial")
    return _FAMILY_ALIASES[key]


@functools.lru_cache(maxsize=None)
def fonts(family: str = "times", *, embedded: bool = True) -> FontSet:
    """Register (once) and return a font family.

    ``embedded=True`` uses the Type 1 fonts shipped in reportlab's wheel
    (embedded in the PDF); ``embedded=False`` the standard-14 fonts, which
    reportlab never embeds.
    """
    family = family_name(family)
    if not embedded:
        return FontSet(*_STANDARD14[family])
    names = []
    for stem in _EMBEDDED_FILES[family]:
        afm = os.path.join(_RL_FONTS, stem + ".afm")
        pfb = os.path.join(_RL_FONTS, stem + ".pfb")
        face = pdfmetrics.EmbeddedType1Face(afm, pfb)
        if face.name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerTypeFace(face)
            pdfmetrics.registerFont(pdfmetrics.Font(face.name, face.name, "WinAnsiEncoding"))
        names.append(face.name)
    return FontSet(*names)


class _Type3BoxFont(pdfmetrics.Font):
    """A Helvetica-metric font written to the PDF as a Type 3 font.

    Each glyph is a filled box (like text in a badly exported figure); the
    /Differences encoding uses standard glyph names, so text extraction still
    yields the right characters.
    """

    def addObjects(self, doc):  # noqa: N802 (reportlab's name)
        internal = "F" + repr(len(doc.fontMapping) + 1)
        names = [n or ".notdef" for n in self.encoding.vector]
        procs, seen = {}, set()
        for code, name in enumerate(names):
            if name in seen:
                continue
            seen.add(name)
            w = self.widths[code]
            if name in ("space", ".notdef", "nbspace"):
                body = f"{w} 0 d0\n"
            else:
                body = f"{w} 0 40 0 {max(w - 40, 41)} 560 d1\n40 0 {max(w - 80, 1)} 560 re f\n"
            stream = pdfdoc.PDFStream(content=body)
            stream.filters = []
            procs[name] = doc.Reference(stream, f"T3:{self.fontName}:{name}")
        descriptor = pdfdoc.PDFDictionary({
            "Type": "/FontDescriptor", "FontName": pdfdoc.PDFName("BoxGlyphsType3"),
            "Flags": 32, "FontBBox": pdfdoc.PDFArray([0, 0, 1000, 1000]), "ItalicAngle": 0,
            "Ascent": 800, "Descent": -200, "CapHeight": 700, "StemV": 80,
        })
        font = pdfdoc.PDFDictionary({
            "Type": "/Font", "Subtype": "/Type3", "Name": pdfdoc.PDFName(internal),
            "FontBBox": pdfdoc.PDFArray([0, 0, 1000, 1000]),
            "FontMatrix": pdfdoc.PDFArray([0.001, 0, 0, 0.001, 0, 0]),
            "CharProcs": pdfdoc.PDFDictionary(procs),
            "Encoding": pdfdoc.PDFDictionary({
                "Type": "/Encoding",
                "Differences": pdfdoc.PDFArray([0] + ["/" + n for n in names]),
            }),
            "FirstChar": 0, "LastChar": 255, "Widths": pdfdoc.PDFArray(self.widths),
            "FontDescriptor": doc.Reference(descriptor, f"T3FD:{self.fontName}"),
            "Resources": pdfdoc.PDFDictionary({}),
        })
        doc.Reference(font, internal)
        doc.idToObject["BasicFonts"].dict[internal] = font
        doc.fontMapping[self.fontName] = "/" + internal


TYPE3_FONT = "IntegrityCheck-Type3Boxes"


def type3_font() -> str:
    """Register (once) and return the name of the Type 3 font."""
    if TYPE3_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(_Type3BoxFont(TYPE3_FONT, "Helvetica", "WinAnsiEncoding"))
    return TYPE3_FONT


def width(text: str, font: str, size: float) -> float:
    return pdfmetrics.stringWidth(text, font, size)


# --------------------------------------------------------------------------
# Geometry and the writer
# --------------------------------------------------------------------------
@dataclass
class Geometry:
    paper: tuple[float, float] = LETTER
    left: float = TEXT_LEFT
    top: float = TEXT_TOP
    text_height: float = TEXT_HEIGHT
    columns: int = 2
    column_width: float = COLUMN_WIDTH
    gap: float = COLUMN_GAP
    body_size: float = BODY_SIZE

    @property
    def block_width(self) -> float:
        return self.columns * self.column_width + (self.columns - 1) * self.gap

    @property
    def bottom(self) -> float:
        return self.top + self.text_height

    @property
    def leading(self) -> float:
        return round(self.body_size * LEADING_FACTOR, 3)

    def column_x(self, col: int) -> float:
        return self.left + col * (self.column_width + self.gap)


def canvas(path, paper=LETTER, initial_font: str | None = None, **kw) -> rl_canvas.Canvas:
    """A deterministic reportlab canvas whose initial font is an embedded Times."""
    return rl_canvas.Canvas(str(path), pagesize=paper, invariant=1,
                            initialFontName=initial_font or fonts("times").roman, **kw)


NBSP = "\u00a0"  # keeps words together ("[2, 5]", "Figure 1"); printed as a space


@dataclass
class _Float:
    height: float
    draw: Callable[["Writer", float, float, float], None]  # (writer, x, top, width)
    where: str = "top"  # "top" or "bottom" of the column


@dataclass
class Writer:
    """Flows text down the left column, then the right, then the next page."""

    path: str
    geometry: Geometry = field(default_factory=Geometry)
    on_page: list[Callable[["Writer"], None]] = field(default_factory=list)
    encrypt: object = None
    initial_font: str | None = None  # default: embedded Times roman

    def __post_init__(self):
        g = self.geometry
        # reportlab puts its initial font into every page's resources (it is
        # Helvetica, not embedded, unless told otherwise)
        self.canvas = canvas(self.path, g.paper, self.initial_font, encrypt=self.encrypt)
        self.canvas.setAuthor("")
        self.canvas.setCreator("integrity-check cvpr_layout")
        self.page = 1
        self.col = 0
        self.page_top = g.top  # where the columns of this page start
        self.y = g.top
        self.col_bottom = g.bottom
        self.floats: dict[tuple[int, int], list[_Float]] = {}
        self._at_column_top = True
        self._start_page()

    # -- coordinates ------------------------------------------------------
    @property
    def x(self) -> float:
        return self.geometry.column_x(self.col)

    @property
    def w(self) -> float:
        return self.geometry.column_width

    def pdf_y(self, top: float) -> float:
        """Convert a distance from the top edge into reportlab's y."""
        return self.geometry.paper[1] - top

    # -- page and column flow --------------------------------------------
    def _start_page(self):
        for hook in self.on_page:
            hook(self)
        self._start_column()

    def _start_column(self):
        self.y = self.page_top
        self.col_bottom = self.geometry.bottom
        self._at_column_top = True
        for fl in self.floats.pop((self.page, self.col), []):
            if fl.where == "top":
                fl.draw(self, self.x, self.y, self.w)
                self.y += fl.height
            else:
                self.col_bottom -= fl.height
                fl.draw(self, self.x, self.col_bottom, self.w)

    def next_column(self):
        if self.col + 1 < self.geometry.columns:
            self.col += 1
        else:
            self.canvas.showPage()
            self.page += 1
            self.col = 0
            self.page_top = self.geometry.top
            self._start_page()
            return
        self._start_column()

    def new_page(self):
        """Continue at the top of the next page (no-op at the top of a page)."""
        if self.col == 0 and self._at_column_top:
            return
        start = self.page
        while self.page == start:
            self.next_column()

    def add_float(self, page: int, col: int, height: float, draw, where: str = "top"):
        """Reserve ``height`` at the top/bottom of a column of a later page."""
        self.floats.setdefault((page, col), []).append(_Float(height, draw, where))
        if (page, col) == (self.page, self.col) and self._at_column_top:
            self._start_column()

    def fits(self, height: float) -> bool:
        return self.y + height <= self.col_bottom + 1e-6

    def ensure(self, height: float):
        if not self.fits(height):
            self.next_column()

    def space(self, height: float):
        """Vertical space, dropped at the top of a column."""
        if not self._at_column_top:
            self.y = min(self.y + height, self.col_bottom)

    def lines_left(self, leading: float | None = None) -> int:
        leading = leading or self.geometry.leading
        return int((self.col_bottom - self.y + 1e-6) // leading)

    # -- text lines --------------------------------------------------------
    def draw_line(self, runs, x: float, top: float, size: float, leading: float,
                  target_width: float | None = None):
        """Draw runs [(text, font), ...] in a slot starting at ``top``.

        With ``target_width`` the spaces are stretched (Tw) to justify.
        """
        baseline = top + leading - SLOT_DESCENT * size
        text = self.canvas.beginText(x, self.pdf_y(baseline))
        text.setWordSpace(0)  # Tw is graphics state: it outlives the text object
        if target_width is not None:
            natural = sum(width(t.replace(NBSP, " "), f, size) for t, f in runs)
            gaps = sum(t.replace(NBSP, " ").count(" ") for t, _ in runs)
            if gaps:
                text.setWordSpace((target_width - natural) / gaps)
        for t, f in runs:
            text.setFont(f, size)
            text.textOut(t.replace(NBSP, " "))
        self.canvas.drawText(text)

    def text_at(self, text: str, font: str, size: float, x: float, baseline: float,
                align: str = "left"):
        """A free-standing string at a baseline given from the top (Tw reset)."""
        tw = width(text, font, size)
        x -= {"left": 0.0, "center": tw / 2, "right": tw}[align]
        obj = self.canvas.beginText(x, self.pdf_y(baseline))
        obj.setWordSpace(0)
        obj.setFont(font, size)
        obj.textOut(text)
        self.canvas.drawText(obj)

    def line(self, text: str, font: str, size: float, *, align: str = "left",
             leading: float | None = None, x: float | None = None, w: float | None = None):
        """One line in the current column (or full width with x/w given)."""
        leading = leading or round(size * LEADING_FACTOR, 3)
        self.ensure(leading)
        x0 = self.x if x is None else x
        w0 = self.w if w is None else w
        tw = width(text.replace(NBSP, " "), font, size)
        if align == "center":
            x0 += (w0 - tw) / 2
        elif align == "right":
            x0 += w0 - tw
        self.draw_line([(text, font)], x0, self.y, size, leading)
        self.y += leading
        self._at_column_top = False

    def paragraph(self, text: str, font: str, size: float | None = None, *,
                  indent: float = 12.0, left: float = 0.0, right: float = 0.0,
                  justify: bool = True, lead: str | None = None, lead_font: str | None = None,
                  leading: float | None = None, align: str = "left",
                  max_lines: int | None = None, stop: Callable[[], bool] | None = None,
                  label: str | None = None) -> bool:
        """Break ``text`` into lines and flow them through the columns.

        ``lead`` is a run-in heading in ``lead_font`` (e.g. bold "Dataset.");
        ``label`` is drawn at the column edge before the first line (reference
        numbers with a hanging indent: pass ``left`` = hang, ``indent`` = 0).
        ``stop()`` is asked before each line; returns False when stopped or
        cut by ``max_lines``, True when the paragraph was laid out in full.
        """
        size = size or self.geometry.body_size
        leading = leading or round(size * LEADING_FACTOR, 3)
        tokens = []
        if lead:
            tokens += [(t, lead_font or font) for t in _words(lead)]
        tokens += [(t, font) for t in _words(text)]
        first, n = True, 0
        while tokens:
            if (stop and stop()) or (max_lines is not None and n >= max_lines):
                return False
            self.ensure(leading)
            x0 = self.x + left + (indent if first else 0)
            avail = self.w - left - right - (indent if first else 0)
            line, used = [], 0.0
            for i, (t, f) in enumerate(tokens):
                tw = width(t.replace(NBSP, " "), f, size)
                sw = width(" ", line[-1][1], size) if line else 0.0
                if line and used + sw + tw > avail:
                    break
                line.append((t, f))
                used += sw + tw
            tokens = tokens[len(line):]
            runs: list[list] = []
            for i, (t, f) in enumerate(line):
                piece = t + (" " if i < len(line) - 1 else "")
                if runs and runs[-1][1] == f:
                    runs[-1][0] += piece
                else:
                    runs.append([piece, f])
            if align == "center":
                x0 += (avail - used) / 2
            stretch = avail if (justify and tokens and align == "left") else None
            if first and label:
                self.draw_line([(label, font)], self.x, self.y, size, leading)
            self.draw_line([tuple(r) for r in runs], x0, self.y, size, leading, stretch)
            self.y += leading
            self._at_column_top = False
            first = False
            n += 1
        return True

    def block(self, height: float, draw: Callable[["Writer", float, float, float], None]):
        """A figure/table placed here (moved to the next column if it does not fit)."""
        self.ensure(height)
        draw(self, self.x, self.y, self.w)
        self.y += height
        self._at_column_top = False

    # -- higher-level CVPR elements ----------------------------------------
    def title_block(self, title: str, authors: list[str], f: FontSet, *, top: float = 103.0,
                    after: float = 22.0):
        """Title (14.35 pt bold) and author lines (11.96 pt), centred over the block."""
        g = self.geometry
        self.y = top
        for line in _wrap(title, f.bold, TITLE_SIZE, g.block_width):
            self.line(line, f.bold, TITLE_SIZE, align="center", x=g.left, w=g.block_width)
        self.y += 12.0
        for line in authors:
            if line:
                self.line(line, f.roman, LARGE_SIZE, align="center", x=g.left, w=g.block_width)
            else:
                self.y += round(LARGE_SIZE * LEADING_FACTOR, 3)
        self.page_top = self.y + after
        self._start_column()

    def heading(self, text: str, font: str, size: float = LARGE_SIZE, *,
                align: str = "left", before: float = 8.0, after: float = 4.0, keep: int = 2):
        """A section heading kept together with ``keep`` body lines."""
        leading = round(size * LEADING_FACTOR, 3)
        self.space(before)
        if not self.fits(leading + after + keep * self.geometry.leading):
            self.next_column()
        self.line(text, font, size, align=align, leading=leading)
        self.y += after

    def caption(self, text: str, font: str):
        """Caption in 8.97 pt: centred if it fits on one line, else justified."""
        if width(text.replace(NBSP, " "), font, SMALL_SIZE) <= self.w:
            self.line(text, font, SMALL_SIZE, align="center")
        else:
            self.paragraph(text, font, SMALL_SIZE, indent=0)

    def references(self, entries: list[str], f: FontSet, *, title: str = "References"):
        """The "References" heading and "[k] ..." entries with a hanging indent."""
        self.heading(title, f.bold, LARGE_SIZE, before=10.0, after=4.0, keep=1)
        hang = width(f"[{len(entries)}]", f.roman, SMALL_SIZE) + 4.5
        for k, entry in enumerate(entries, 1):
            self.paragraph(entry, f.roman, SMALL_SIZE, indent=0, left=hang,
                           label=f"[{k}]")
            self.y += 1.0

    def finish(self):
        self.canvas.showPage()
        self.canvas.save()


_CITATION = re.compile(r"\[[0-9][0-9,\s\-\u2013]*\]")


def _words(text: str) -> list[str]:
    """Split at ordinary white space only (str.split() would also split NBSP).

    Spaces inside numeric citations ("[2, 5]") become NBSP, so a citation
    is never broken across lines.
    """
    text = _CITATION.sub(lambda m: m.group().replace(" ", NBSP), text)
    return [t for t in re.split(r"[ \t\r\n]+", text) if t]


def _wrap(text: str, font: str, size: float, w: float) -> list[str]:
    lines, cur = [], ""
    for word in _words(text):
        trial = f"{cur} {word}".strip()
        if cur and width(trial, font, size) > w:
            lines.append(cur)
            cur = word
        else:
            cur = trial
    return lines + ([cur] if cur else [])


# --------------------------------------------------------------------------
# Page furniture hooks
# --------------------------------------------------------------------------
def review_furniture(ruler_font: str, header_font: str):
    """Hook: CVPR review-copy header and line-number rulers on each page."""

    def hook(wr: Writer):
        c, g = wr.canvas, wr.geometry
        lines = int(g.text_height // g.leading)
        c.saveState()
        c.setFillColorRGB(*RULER_COLOR)
        wr.text_at(REVIEW_HEADER, header_font, RULER_SIZE, g.paper[0] / 2, HEADER_BASELINE,
                   "center")
        start = (wr.page - 1) * 2 * lines
        for i in range(lines):
            base = g.top + (i + 1) * g.leading - SLOT_DESCENT * g.body_size
            wr.text_at(f"{start + i:03d}", ruler_font, RULER_SIZE, RULER_LEFT_X, base)
            wr.text_at(f"{start + lines + i:03d}", ruler_font, RULER_SIZE, RULER_RIGHT_X, base)
        c.restoreState()

    return hook


def page_number_furniture(font: str):
    """Hook: a centred page number below the text block."""

    def hook(wr: Writer):
        wr.text_at(str(wr.page), font, BODY_SIZE, wr.geometry.paper[0] / 2,
                   PAGE_NUMBER_BASELINE, "center")

    return hook


def draw_caption(wr: Writer, text: str, font: str, x: float, top: float, w: float) -> float:
    """Draw an 8.97 pt caption at ``top`` (centred if one line); return its height."""
    leading = round(SMALL_SIZE * LEADING_FACTOR, 3)
    lines = _wrap(text, font, SMALL_SIZE, w)
    for i, line in enumerate(lines):
        lw = width(line.replace(NBSP, " "), font, SMALL_SIZE)
        if len(lines) == 1:
            wr.draw_line([(line, font)], x + (w - lw) / 2, top, SMALL_SIZE, leading)
        else:
            wr.draw_line([(line, font)], x, top + i * leading, SMALL_SIZE, leading,
                         w if i < len(lines) - 1 else None)
    return len(lines) * leading


def caption_height(text: str, font: str, w: float) -> float:
    return len(_wrap(text, font, SMALL_SIZE, w)) * round(SMALL_SIZE * LEADING_FACTOR, 3)


def draw_box(wr: Writer, x: float, top: float, w: float, h: float, *,
             fill=(0.9, 0.92, 0.95), stroke=(0.35, 0.35, 0.4)):
    """A filled, stroked rectangle given by its top-left corner (top coords)."""
    c = wr.canvas
    c.saveState()
    c.setFillColorRGB(*fill)
    c.setStrokeColorRGB(*stroke)
    c.setLineWidth(0.6)
    c.rect(x, wr.pdf_y(top + h), w, h, stroke=1, fill=1)
    c.restoreState()
