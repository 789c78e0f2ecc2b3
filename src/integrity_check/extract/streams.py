"""Decompression-bomb guard: every stream pdfminer decodes is measured first, with a cap.

pdfminer inflates a whole stream into memory when it first reads it (content
streams, forms, fonts, CMaps, object and xref streams) and keeps it for the
document's life. :func:`bounded_decoding` hooks ``PDFStream.decode`` while one
document is read: each filter of the chain (Flate, LZW, RunLength, ASCII85,
ASCIIHex, in any order, however the ``/Filter`` is written: a name, an array or
an indirect object) is decoded stage by stage with its output capped, so
memory stays within about two caps whatever the file holds. Streams past the
per-stream cap, and the total inflated bytes past the per-page or
per-document budget (many streams just under the cap), raise INP004. A breach
is also remembered, so that a reader that swallows the exception (pdfminer
skips a font it cannot load) cannot hide it: :meth:`StreamBudget.check`.

Image filters (DCT, JPX, JBIG2, CCITT) are never decoded when reading text;
such chains are left to pdfminer after the stages before them are measured.
Images are drawn only for page pictures (``--annotate``, the HTML report), which
allocate what an image declares: :func:`check_images` bounds its pixels.
"""
from __future__ import annotations

import io
import zlib
from contextlib import contextmanager

from ..errors import InputRejected
from . import Limits

MB = 1 << 20
_STEP = 1 << 16  # input fed to zlib per call: output per call is capped too

_FLATE = ("FlateDecode", "Fl")
_LZW = ("LZWDecode", "LZW")
_A85 = ("ASCII85Decode", "A85")
_AHX = ("ASCIIHexDecode", "AHx")
_RL = ("RunLengthDecode", "RL")


IMAGE_FACTOR = 8  # an image may decode to 8x the one-stream cap (a 600 dpi scan of a page is ~100 MB)
_MAX_FORM_DEPTH = 4


def check_images(resources, budget: StreamBudget, depth: int = 0) -> None:
    """INP004 for an image XObject whose declared pixels (width x height x components x bits)
    pass IMAGE_FACTOR one-stream caps; forms are searched too. Nothing is decoded."""
    from pdfminer.pdftypes import resolve1

    resources = resolve1(resources)
    if not isinstance(resources, dict) or depth > _MAX_FORM_DEPTH:
        return
    xobjects = resolve1(resources.get("XObject"))
    for xobj in (xobjects.values() if isinstance(xobjects, dict) else ()):
        attrs = getattr(resolve1(xobj), "attrs", None)
        if not isinstance(attrs, dict):
            continue
        kind = getattr(resolve1(attrs.get("Subtype")), "name", None)
        if kind == "Form":
            check_images(attrs.get("Resources"), budget, depth + 1)
        elif kind == "Image":
            w, h, bits = (resolve1(attrs.get(k, d)) for k, d in (("Width", 0), ("Height", 0), ("BitsPerComponent", 8)))
            if not all(isinstance(v, int) and not isinstance(v, bool) for v in (w, h, bits)):
                continue
            space = resolve1(attrs.get("ColorSpace"))
            colours = 4 if "CMYK" in str(space) else 3 if "RGB" in str(space) or "ICC" in str(space) else 1
            size = w * h * colours * max(bits, 1) // 8
            if size > IMAGE_FACTOR * budget.stream_cap > 0:
                raise budget.fail(f"an image of {w} x {h} pixels decodes to more than "
                                  f"{IMAGE_FACTOR * budget.stream_cap // MB} MB")


class _Over(Exception):
    """A stage's output passed the cap."""


class StreamBudget:
    """Inflated bytes of one document, per stream, per page and in total (limits in :class:`Limits`)."""

    def __init__(self, limits: Limits):
        self.stream_cap = limits.max_stream_mb * MB
        self.page_cap = limits.max_page_stream_mb * MB
        self.document_cap = limits.max_document_stream_mb * MB
        self.page_total = 0
        self.total = 0
        self.page = 0  # 0: opening the file (xref and object streams)
        self.breach: InputRejected | None = None

    def new_page(self, number: int) -> None:
        self.page, self.page_total = number, 0

    def check(self) -> None:
        """Raise the breach a reader may have swallowed."""
        if self.breach is not None:
            raise self.breach

    def room(self) -> tuple[int, str]:
        """The cap for the next stream (what is left of the tightest budget), and what it is."""
        options = [(self.stream_cap, f"one stream inflates to more than {self.stream_cap // MB} MB")]
        if self.page and self.page_cap:
            options.append((self.page_cap - self.page_total,
                            f"page {self.page}'s streams inflate to more than {self.page_cap // MB} MB"))
        if self.document_cap:
            options.append((self.document_cap - self.total,
                            f"the PDF's streams inflate to more than {self.document_cap // MB} MB in all"))
        cap, what = min(options, key=lambda o: o[0])
        return max(cap, 0), what

    def charge(self, size: int) -> None:
        self.page_total += size
        self.total += size

    def fail(self, what: str) -> InputRejected:
        self.breach = InputRejected(
            "INP004",
            f"{what} (a decompression bomb?), above the resource limit; export the PDF again from your editor",
        )
        return self.breach


@contextmanager
def bounded_decoding(budget: StreamBudget):
    """While active, every ``PDFStream`` is decoded by :func:`_decode` under *budget*."""
    from pdfminer.pdftypes import PDFStream

    original = PDFStream.decode

    def decode(stream) -> None:
        _decode(stream, budget, original)

    PDFStream.decode = decode
    try:
        yield budget
    finally:
        PDFStream.decode = original


def _filter_names(stream) -> list[tuple[str, object]] | None:
    """(name, params) of each filter, indirect objects resolved; None when pdfminer would fail anyway."""
    from pdfminer.psparser import PSLiteral

    try:
        filters = stream.get_filters()  # resolves an indirect /Filter and each entry
    except Exception:
        return None
    out = []
    for f, params in filters:
        name = f.name if isinstance(f, PSLiteral) else f
        out.append((name.decode("latin-1") if isinstance(name, bytes) else str(name), params))
    return out


def _decode(stream, budget: StreamBudget, original) -> None:
    if budget.breach is not None:  # the document is already rejected: decode nothing more
        raise budget.breach
    filters = _filter_names(stream)
    if not filters or stream.rawdata is None:
        original(stream)  # no filter: the data is the raw bytes, already in memory
        return
    cap, what = budget.room()
    data = stream.rawdata
    if stream.decipher:
        data = stream.decipher(stream.objid, stream.genno, data, stream.attrs)
    exact = True  # does *data* end up what pdfminer's decode makes?
    for name, params in filters:
        try:
            if name in _FLATE:
                data = _inflate(data, cap)
            elif name in _LZW:
                data = _lzw(data, cap)
            elif name in _RL:
                data, clean = _run_length(data, cap)
                exact = exact and clean
            elif name in _A85 or name in _AHX:
                from pdfminer.ascii85 import ascii85decode, asciihexdecode

                # at most 4 bytes per input byte ('z'), and the input is capped already
                data = _capped((ascii85decode if name in _A85 else asciihexdecode)(data), cap)
            else:  # an image filter, Crypt or unknown: pdfminer decides (or fails) with what it knows
                exact = False
                break
        except _Over:
            raise budget.fail(what) from None
        except Exception:  # damaged data: pdfminer's own decoder decides what it makes of it
            exact = False
            break
        if isinstance(params, dict) and "Predictor" in params:
            exact = False  # predictors never enlarge the data; pdfminer applies them
    if exact:
        budget.charge(len(data))
        stream.data, stream.rawdata = data, None
        return
    del data
    original(stream)
    size = len(stream.data or b"")
    if size > cap:
        stream.data = None
        raise budget.fail(what)
    budget.charge(size)


def _capped(data: bytes, cap: int) -> bytes:
    if len(data) > cap:
        raise _Over
    return data


def _inflate(data: bytes, cap: int) -> bytes:
    """What pdfminer makes of a Flate stream, with the output capped and in linear time.

    pdfminer: ``zlib.decompress``; if that fails (damage, truncation), the data
    fed byte by byte (quadratic), keeping the output when the error is in the
    last 3 bytes (a bad checksum) and nothing otherwise.
    """
    d = zlib.decompressobj()
    out = io.BytesIO()
    view = memoryview(data)
    for start in range(0, len(view), _STEP):
        before, written = d.copy(), out.tell()
        try:
            _feed(d, view[start: start + _STEP], out, cap)
        except zlib.error:
            d = before  # find the byte that fails, as pdfminer's byte-by-byte fallback does
            out.seek(written)
            out.truncate()
            for i in range(start, min(start + _STEP, len(view))):
                try:
                    _feed(d, view[i: i + 1], out, cap)
                except zlib.error:
                    return out.getvalue() if i >= len(data) - 3 else b""
        if d.eof:
            break
    return out.getvalue()


def _feed(d, chunk, out: io.BytesIO, cap: int) -> None:
    while chunk and not d.eof:
        out.write(d.decompress(chunk, _STEP * 4))
        if out.tell() > cap:
            raise _Over
        chunk = d.unconsumed_tail


def _lzw(data: bytes, cap: int) -> bytes:
    """pdfminer's LZW decoder, stopped at the cap (its table grows with the output, so it is bounded too)."""
    from pdfminer.lzw import LZWDecoder

    out = io.BytesIO()
    for piece in LZWDecoder(io.BytesIO(data)).run():
        out.write(piece)
        if out.tell() > cap:
            raise _Over
    return out.getvalue()


def _run_length(data: bytes, cap: int) -> tuple[bytes, bool]:
    """RunLengthDecode (PDF 32000 7.4.5) with the output capped; False when the data ends mid-run."""
    out = io.BytesIO()
    i, n = 0, len(data)
    while i < n:
        length = data[i]
        if length == 128:
            break
        if length < 128:
            piece = data[i + 1: i + 2 + length]
            if len(piece) < length + 1:
                return out.getvalue(), False
            i += 2 + length
        else:
            if i + 1 >= n:
                return out.getvalue(), False
            piece = data[i + 1: i + 2] * (257 - length)
            i += 2
        out.write(piece)
        if out.tell() > cap:
            raise _Over
    return out.getvalue(), True
