"""Read a PDF with pdfplumber: pages, words with font, size and colour, graphics, fonts."""
from __future__ import annotations

import logging
from collections import Counter
from pathlib import Path

from ..errors import InputRejected
from ..model import Document, FontInfo, Graphic, Page, Word
from . import Limits

# pdfminer logs every oddity of a malformed file; the user gets our one line instead.
for _name in ("pdfminer", "pdfplumber"):
    logging.getLogger(_name).setLevel(logging.ERROR)

_MAX_FONT_DEPTH = 4  # form XObjects nest; real PDFs rarely go deeper than two


def _open(path: Path):
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdfplumber.open(path)
    except MemoryError:
        raise
    except Exception as exc:  # pdfplumber wraps pdfminer's errors in its own class
        cause = exc.__cause__ or exc.__context__ or exc
        for err in (exc, cause):
            if isinstance(err, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in str(err).lower():
                raise InputRejected(
                    "INP002",
                    "the PDF is encrypted (password-protected); export it again without a password",
                ) from None
        raise InputRejected(
            "INP001", f"cannot be read as a PDF ({_short(exc)}); export it again from your editor"
        ) from None


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


# -- hostile input guards -------------------------------------------------------------
MAX_PAGE_SIDE = 14400.0  # PDF's largest page: 200 in (ISO 32000 implementation limit)
def _guard_reference_loops(doc) -> None:
    """Make an object that is a chain of references back to itself an error, not a hang.

    pdfminer's ``resolve1`` follows ``N 0 R`` chains with no end test. This wraps the
    ``getobj`` of this one document (``PDFObjRef.resolve`` calls it) so that a loop
    raises instead; objects that are not bare references cost one isinstance test.
    """
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.pdftypes import PDFObjRef

    getobj = doc.getobj

    def guarded(objid):
        obj = getobj(objid)
        ref, seen = obj, {objid}
        while isinstance(ref, PDFObjRef):
            if ref.objid in seen or len(seen) > 32:
                raise PDFSyntaxError(f"object {objid} is a loop of references")
            seen.add(ref.objid)
            ref = getobj(ref.objid)
        return obj

    doc.getobj = guarded


def _declared_page_count(pdf) -> int | None:
    from pdfminer.pdftypes import resolve1

    try:
        root = resolve1(pdf.doc.catalog.get("Pages"))
        count = resolve1(root.get("Count")) if isinstance(root, dict) else None
    except Exception:
        return None
    return count if isinstance(count, int) and not isinstance(count, bool) else None


def _count_pages(pdf, stop: int) -> int:
    """Pages in the tree, counting no further than *stop* (a lying /Count cannot make us build them all)."""
    import itertools

    from pdfminer.pdfpage import PDFPage

    return sum(1 for _ in itertools.islice(PDFPage.create_pages(pdf.doc), stop))


def _too_many_pages(what: str, limits: Limits) -> InputRejected:
    """*what*: "declares 150" or "has more than 100"."""
    return InputRejected(
        "INP004",
        f"the PDF {what} pages, above the limit of {limits.max_pages}; "
        "check the right file (a report has a handful of pages)",
    )


def _color(value) -> tuple:
    if value is None:
        return ()
    if isinstance(value, (int, float)):
        return (float(value),)
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):  # pattern colours are names, not numbers
        return ()


_X_TOLERANCE = 1.0  # tight: CVPR's justified lines set words ~2.5 pt apart
_Y_TOLERANCE = 2.0


def _page_content(page, number: int) -> tuple[list[Word], list[Graphic], float, float, int]:
    """Words and graphics of one page, read from pdfminer's layout objects directly.

    pdfplumber's per-object dictionaries cost more than parsing the page itself;
    walking the layout tree keeps pdfplumber's parsing and coordinates
    (top-left origin, MediaBox offsets) at about half the time.

    Returns the words, the graphics, and the page's width, height and rotation in
    the frame the text is read in: when most of the page's text runs up, down or
    upside down as displayed (a ``/Rotate`` on a page typeset upright, a table
    set sideways with a rotated text matrix), the page is turned so that it reads
    left to right (:func:`_reading_rotation`).
    """
    from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTLine, LTRect

    height = float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])
    left, top_edge, right, bottom_edge = (float(v) for v in page.bbox)
    letters: list = []
    drawn: list[tuple] = []
    stack = list(page.layout._objs)
    while stack:
        obj = stack.pop()
        if isinstance(obj, LTChar):
            letters.append(obj)
        elif isinstance(obj, LTContainer):
            stack.extend(obj._objs)
        else:
            kind = ("image" if isinstance(obj, LTImage) else "line" if isinstance(obj, LTLine)
                    else "rect" if isinstance(obj, LTRect) else "curve" if isinstance(obj, LTCurve) else None)
            if kind:
                drawn.append((obj, kind))
    turn = _reading_rotation(letters)
    if turn:
        return _turned_content(letters, drawn, turn, float(page.width), height, number)
    chars: list[tuple] = []
    for obj in letters:
        if not obj.upright:
            continue  # rotated text (arXiv stamps, axis labels) is ink, not prose
        top = height - obj.y1 + mb_top
        x0, x1, bottom = obj.x0 + mb_x0, obj.x1 + mb_x0, height - obj.y0 + mb_top
        if not (x1 >= left and x0 <= right and bottom >= top_edge and top <= bottom_edge):
            continue  # off the page (never shown; also False for NaN coordinates)
        chars.append((top, x0, x1, bottom,
                      obj.get_text(), _font_name(obj), round(float(obj.size), 2), obj.graphicstate.ncolor))
    graphics = [Graphic(obj.x0 + mb_x0, height - obj.y1 + mb_top, obj.x1 + mb_x0, height - obj.y0 + mb_top,
                        kind=kind, page=number) for obj, kind in drawn]
    return _chars_to_words(chars, number), graphics, float(page.width), height, 0


def _font_name(obj) -> str:
    fontname = obj.fontname
    if isinstance(fontname, bytes):
        fontname = fontname.decode("latin-1", errors="replace")
    return str(fontname)


def _direction(obj) -> int | None:
    """Which way a glyph's text runs as displayed: 0 (left to right), 90 (up), 180, 270 (down); None if skewed."""
    a, b = obj.matrix[0], obj.matrix[1]
    if not (a or b):  # a glyph scaled to nothing runs nowhere
        return None
    if abs(b) <= 0.05 * abs(a):
        return 0 if a > 0 else 180
    if abs(a) <= 0.05 * abs(b):
        return 90 if b > 0 else 270
    return None


def _reading_rotation(letters: list) -> int:
    """The turn (90, 180, 270; 0 = none) that makes most of the page's text run left to right.

    Only when more glyphs run one other way than left to right: a rotated stamp or
    axis label on an upright page stays ink, as before.
    """
    counts = {0: 0, 90: 0, 180: 0, 270: 0}
    for obj in letters:
        d = _direction(obj)
        if d is not None and not obj.get_text().isspace():
            counts[d] += 1
    best = max((90, 180, 270), key=lambda d: counts[d])
    return best if counts[best] > counts[0] else 0


def _turned_content(letters, drawn, turn: int, width: float, height: float,
                    number: int) -> tuple[list[Word], list[Graphic], float, float, int]:
    """Words and graphics of a page turned by *turn* degrees so that its text reads left to right.

    *width* x *height* is the page as displayed. Coordinates have their origin at the turned
    page's top-left corner; glyphs that run another way stay ink, as on an upright page.
    """

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return _turned_box(turn, width, height, x0, y0, x1, y1)

    chars: list[tuple] = []
    for obj in letters:
        if _direction(obj) != turn:
            continue
        x0, t, x1, b = box(obj.x0, obj.y0, obj.x1, obj.y1)
        # the same on-page test as upright; a turned glyph's size is its height once turned (as pdfminer's)
        if not (x1 >= 0 and x0 <= (height if turn != 180 else width) and b >= 0
                and t <= (width if turn != 180 else height)):
            continue
        chars.append((t, x0, x1, b, obj.get_text(), _font_name(obj), round(float(b - t), 2), obj.graphicstate.ncolor))
    graphics = [Graphic(*box(obj.x0, obj.y0, obj.x1, obj.y1), kind=kind, page=number) for obj, kind in drawn]
    turned_w, turned_h = (width, height) if turn == 180 else (height, width)
    return _chars_to_words(chars, number), graphics, turned_w, turned_h, turn


def _turned_box(turn: int, width: float, height: float,
                x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
    """pdfminer's bottom-up box (from the page box's corner) on a *width* x *height* page as
    displayed -> the top-left box on that page turned by *turn* degrees (see _turned_content)."""
    a, t, b, u = x0, height - y1, x1, height - y0
    if turn == 90:  # text ran up: turn the page clockwise
        return height - u, a, height - t, b
    if turn == 270:  # text ran down: turn it counter-clockwise
        return t, width - b, u, width - a
    return width - b, height - u, width - a, height - t  # 180


def _chars_to_words(chars: list[tuple], number: int) -> list[Word]:
    """Group characters into words: same text line, no gap over the tolerance, same size.

    Fonts and colours may change inside a word ("[7]" in a hyperlink colour,
    "word," after a bold word); a size change (a superscript) ends it.
    """
    chars.sort(key=lambda c: (c[0], c[1]))
    lines: list[list[tuple]] = []
    for c in chars:
        if lines and c[0] - lines[-1][0][0] <= _Y_TOLERANCE:
            lines[-1].append(c)
        else:
            lines.append([c])
    words: list[Word] = []
    for line in lines:
        line.sort(key=lambda c: c[1])
        current: list[tuple] = []
        for c in line:
            if c[4].isspace():
                _emit(current, number, words)
                current = []
                continue
            if current and (c[1] - current[-1][2] > _X_TOLERANCE or c[6] != current[-1][6]):
                _emit(current, number, words)
                current = []
            current.append(c)
        _emit(current, number, words)
    return words


def _emit(chars: list[tuple], number: int, out: list[Word]) -> None:
    if not chars:
        return
    fonts = Counter(c[5] for c in chars)
    out.append(
        Word(
            text="".join(c[4] for c in chars),
            page=number,
            x0=min(c[1] for c in chars),
            top=min(c[0] for c in chars),
            x1=max(c[2] for c in chars),
            bottom=max(c[3] for c in chars),
            font=fonts.most_common(1)[0][0],
            size=chars[0][6],
            color=_color(chars[0][7]),
        )
    )


def _fonts(pdf) -> list[FontInfo]:
    from pdfminer.pdftypes import resolve1
    from pdfminer.psparser import PSLiteral

    def name_of(v) -> str:
        v = resolve1(v)
        if isinstance(v, PSLiteral):
            return str(v.name)
        if isinstance(v, bytes):
            return v.decode("latin-1")
        return str(v or "")

    fonts: dict[str, FontInfo] = {}

    def visit(resources, page_no: int, depth: int) -> None:
        resources = resolve1(resources)
        if not isinstance(resources, dict) or depth > _MAX_FONT_DEPTH:
            return
        for ref in (resolve1(resources.get("Font")) or {}).values():
            spec = resolve1(ref)
            if not isinstance(spec, dict):
                continue
            subtype = name_of(spec.get("Subtype"))
            base = name_of(spec.get("BaseFont")) or f"(unnamed {subtype} font)"
            descriptor = resolve1(spec.get("FontDescriptor"))
            if subtype == "Type0":
                kids = resolve1(spec.get("DescendantFonts")) or []
                kid = resolve1(kids[0]) if kids else {}
                descriptor = resolve1(kid.get("FontDescriptor")) if isinstance(kid, dict) else None
            if subtype == "Type3":
                embedded = True  # glyphs are drawn by the PDF itself; FMT007 judges Type 3 separately
            else:
                embedded = isinstance(descriptor, dict) and any(
                    k in descriptor for k in ("FontFile", "FontFile2", "FontFile3")
                )
            info = fonts.setdefault(base, FontInfo(base, subtype, embedded))
            info.embedded = info.embedded and embedded
            if page_no not in info.pages:
                info.pages.append(page_no)
        for ref in (resolve1(resources.get("XObject")) or {}).values():
            xobj = resolve1(ref)
            attrs = getattr(xobj, "attrs", None)
            if attrs and name_of(attrs.get("Subtype")) == "Form":
                visit(attrs.get("Resources"), page_no, depth + 1)

    for number, page in enumerate(pdf.pages, start=1):
        try:
            visit(page.page_obj.resources, number, 0)
        except Exception:  # a broken font dictionary must not stop the check
            continue
    return sorted(fonts.values(), key=lambda f: f.name)


def load_pdf(path: Path, limits: Limits) -> Document:
    from .layout import build_layout
    from .streams import StreamBudget, bounded_decoding

    budget = StreamBudget(limits)
    try:
        with bounded_decoding(budget):
            pages, fonts, metadata = _read(path, limits, budget)
    except Exception:
        budget.check()  # a bomb that a reader turned into "cannot be read" is still a bomb
        raise
    budget.check()
    if not any(p.words for p in pages):
        has_images = any(g.kind == "image" for p in pages for g in p.graphics)
        raise InputRejected(
            "INP003",
            "no text layer: the PDF holds only images (scanned?); export it from your editor instead of scanning or printing to image"
            if has_images
            else "no text layer: the PDF's pages are empty; export the report again",
        )
    doc = Document(path=str(path), kind="pdf", pages=pages, fonts=fonts, metadata=metadata)
    build_layout(doc)
    return doc


def _read(path: Path, limits: Limits, budget) -> tuple[list[Page], list[FontInfo], dict]:
    from .streams import check_images

    pdf = _open(path)
    try:
        _guard_reference_loops(pdf.doc)
        declared = _declared_page_count(pdf)
        if declared is not None and declared > limits.max_pages:
            raise _too_many_pages(f"declares {declared}", limits)
        try:
            # pdf.pages walks the same tree, so this bound holds for count too
            if _count_pages(pdf, limits.max_pages + 1) > limits.max_pages:
                raise _too_many_pages(f"has more than {limits.max_pages}", limits)
            count = len(pdf.pages)
        except (InputRejected, MemoryError):
            raise
        except Exception as exc:
            raise InputRejected("INP001", f"the PDF's page tree is broken ({_short(exc)})") from None
        if count == 0:
            raise InputRejected("INP001", "the PDF has no pages")
        pages = []
        for number, page in enumerate(pdf.pages, start=1):
            budget.new_page(number)
            try:
                width, height = float(page.width), float(page.height)
                _normalise_mediabox(page)
                if width <= 0 or height <= 0:
                    raise InputRejected(
                        "INP001", f"page {number} has no area (its page box is {width:g} x {height:g} pt); export the PDF again"
                    )
                if not (width <= MAX_PAGE_SIDE and height <= MAX_PAGE_SIDE):  # also NaN
                    raise InputRejected(
                        "INP004",
                        f"page {number} is {width:.6g} x {height:.6g} pt, beyond PDF's largest page "
                        "(200 x 200 in); export the PDF again with a real paper size",
                    )
                check_images(page.page_obj.resources, budget)
                words, graphics, width, height, turn = _page_content(page, number)
                budget.check()
                pages.append(Page(number=number, width=width, height=height, words=words, graphics=graphics,
                                  rotation=turn, links=_links(page, turn)))
            except (InputRejected, MemoryError):  # out of memory is the memory limit (INP004), not damage
                raise
            except Exception as exc:
                raise InputRejected(
                    "INP001", f"page {number} cannot be read ({_short(exc)}); export the PDF again"
                ) from None
            finally:
                page.close()  # frees pdfplumber's per-page caches
        budget.new_page(0)
        fonts = _fonts(pdf)
        metadata = {k: _short_meta(v) for k, v in (pdf.metadata or {}).items() if isinstance(k, str)}
    finally:
        _close(pdf)
    return pages, fonts, metadata


MAX_LINKS = 500  # per page; more is not a report's hyperlinks


def _links(page, turn: int = 0) -> list[tuple[str, tuple]]:
    """The page's hyperlink targets (URI actions of its annotations) with their
    boxes in the frame the page's words are in (top-left origin, the page's
    ``/Rotate`` and the reading *turn* applied, as to its glyphs); [] when there
    are none or they cannot be read.
    Reads the raw /Annots entries: pdfplumber's ``page.annots`` decodes every
    annotation of every kind, which costs more than the page's text on
    link-heavy papers."""
    from pdfminer.pdftypes import resolve1

    out: list[tuple[str, tuple]] = []
    try:
        annots = resolve1(page.page_obj.annots) or []
        to_page = _annotation_frame(page, turn)
        for ref in list(annots)[:MAX_LINKS]:
            a = resolve1(ref)
            if not isinstance(a, dict) or a.get("Dest") is not None:  # an internal link (to a page)
                continue
            action = resolve1(a.get("A"))
            uri = resolve1(action.get("URI")) if isinstance(action, dict) else None
            if isinstance(uri, bytes):
                uri = uri.decode("latin-1", "replace")
            if not isinstance(uri, str) or not uri.strip():
                continue
            try:
                x0, y0, x1, y1 = (float(resolve1(v)) for v in resolve1(a.get("Rect")))
                box = to_page(x0, y0, x1, y1)
            except (TypeError, ValueError):
                box = (0.0, 0.0, 0.0, 0.0)
            out.append((uri.strip()[:2000], box))
    except Exception:  # a broken annotation array must not cost the page
        return out
    return out


def _annotation_frame(page, turn: int):
    """A function: an annotation's ``/Rect`` (default user space, before ``/Rotate``) -> its
    top-left box in the frame of the page's words.  The ``/Rotate`` step is pdfminer's own
    (the matrix its interpreter starts each page with), so a link covers the words it covers
    as displayed, on a rotated page as on an upright one."""
    x0, y0, x1, y1 = (float(v) for v in page.page_obj.mediabox)
    rotate = int(getattr(page.page_obj, "rotate", 0) or 0) % 360
    ctm = {90: (0, -1, 1, 0, -y0, x1), 180: (-1, 0, 0, -1, x1, y1),
           270: (0, 1, -1, 0, y1, -x0)}.get(rotate, (1, 0, 0, 1, -x0, -y0))
    width, height = float(page.width), float(page.height)
    mb_x0, mb_top = float(page.mediabox[0]), float(page.mediabox[1])

    def to_page(ax0, ay0, ax1, ay1):
        xs, ys = [], []
        for x, y in ((ax0, ay0), (ax1, ay1)):
            xs.append(ctm[0] * x + ctm[2] * y + ctm[4])
            ys.append(ctm[1] * x + ctm[3] * y + ctm[5])
        bx0, by0, bx1, by1 = min(xs), min(ys), max(xs), max(ys)  # bottom-up, as displayed
        if turn:
            return _turned_box(turn, width, height, bx0, by0, bx1, by1)
        return bx0 + mb_x0, height - by1 + mb_top, bx1 + mb_x0, height - by0 + mb_top  # as upright glyphs

    return to_page


def _normalise_mediabox(page) -> None:
    """An inverted MediaBox ([612 792 0 0]) is legal; pdfminer would shift every glyph off the page."""
    try:
        x0, y0, x1, y1 = (float(v) for v in page.page_obj.mediabox)
    except (TypeError, ValueError):
        return
    if x0 > x1 or y0 > y1:
        page.page_obj.mediabox = (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _close(pdf) -> None:
    """Close without raising: pdfplumber's close() walks the page tree, which may be what is broken."""
    try:
        pdf.close()
    except Exception:
        if not pdf.stream_is_external:
            pdf.stream.close()


def _short_meta(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("latin-1", errors="replace")
    return str(value)[:200]
