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


def _color(value) -> tuple:
    if value is None:
        return ()
    if isinstance(value, (int, float)):
        return (float(value),)
    try:
        return tuple(float(v) for v in value)
    except (TypeError, ValueError):  # pattern colours are names, not numbers
        return ()


def _words(page, number: int) -> list[Word]:
    # Split words on size only: fonts and colours change inside words ("[7]" set in a
    # hyperlink colour, "word," with a bold word), superscripts change size.
    raw = page.extract_words(x_tolerance=1, y_tolerance=2, extra_attrs=["size"], return_chars=True)
    words = []
    for w in raw:
        if not w.get("upright", True):
            continue  # rotated text (arXiv stamps, axis labels) is ink, not prose
        chars = w.get("chars") or [{}]
        fonts = Counter(str(c.get("fontname", "")) for c in chars)
        words.append(
            Word(
                text=w["text"],
                page=number,
                x0=float(w["x0"]),
                top=float(w["top"]),
                x1=float(w["x1"]),
                bottom=float(w["bottom"]),
                font=fonts.most_common(1)[0][0],
                size=round(float(w.get("size", 0.0)), 2),
                color=_color(chars[0].get("non_stroking_color")),
            )
        )
    return words


def _graphics(page, number: int) -> list[Graphic]:
    out = []
    for kind, objs in (("image", page.images), ("rect", page.rects), ("line", page.lines), ("curve", page.curves)):
        for o in objs:
            out.append(Graphic(kind, number, float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"])))
    return out


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

    pdf = _open(path)
    try:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise InputRejected("INP001", f"the PDF's page tree is broken ({_short(exc)})") from None
        if count == 0:
            raise InputRejected("INP001", "the PDF has no pages")
        if count > limits.max_pages:
            raise InputRejected(
                "INP004",
                f"the PDF has {count} pages, above the limit of {limits.max_pages}; "
                "check the right file (a report has a handful of pages)",
            )
        pages = []
        for number, page in enumerate(pdf.pages, start=1):
            try:
                pages.append(
                    Page(
                        number=number,
                        width=float(page.width),
                        height=float(page.height),
                        words=_words(page, number),
                        graphics=_graphics(page, number),
                    )
                )
            except InputRejected:
                raise
            except Exception as exc:
                raise InputRejected(
                    "INP001", f"page {number} cannot be read ({_short(exc)}); export the PDF again"
                ) from None
            finally:
                page.close()  # frees pdfplumber's per-page caches
        fonts = _fonts(pdf)
        metadata = {k: _short_meta(v) for k, v in (pdf.metadata or {}).items() if isinstance(k, str)}
    finally:
        pdf.close()

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


def _short_meta(value) -> str:
    if isinstance(value, bytes):
        value = value.decode("latin-1", errors="replace")
    return str(value)[:200]
