"""Malformed and hostile PDFs, derived at run time from real PDFs.

One library, two users: ``bench/malformed/make_suite.py`` writes the whole
suite (hundreds of cases) into ``bench/out/malformed/``; the tests in this
folder generate a small sample into ``tmp_path``.  Nothing generated here is
committed, and the real PDFs are only ever read.

Every function is deterministic: random choices come from a
``random.Random`` seeded from the case name and the suite seed.

Kinds of damage
---------------
* byte level, on the real files: truncations, byte flips, broken
  cross-reference data (``startxref`` wrong or gone, xref stream removed or
  garbled);
* structural, as an *incremental update* appended to a real file (new
  objects, a new xref table and a trailer whose ``/Prev`` points at the
  original xref), so the mutation works on PDF 1.5 files whose objects sit in
  compressed object streams: absurd page counts, page-tree loops,
  self-referencing objects, nesting 10^5 deep, decompression bombs, huge or
  empty page boxes, off-page text, missing fonts, fake encryption, image-only
  and blank pages, too many pages, xref tables with wrong offsets or looping
  ``/Prev`` chains;
* synthetic: empty file, other formats named ``.pdf``, a real encrypted PDF
  (reportlab), a PDF header followed by noise.
"""
from __future__ import annotations

import io
import random
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

GIB = 1 << 30
DEEP = 100_000  # nesting depth of the "deeply nested" cases

# Expected outcomes a test may assert; None means "a result or any INP code".
ANY = None


@dataclass
class Case:
    name: str  # unique, usable as a file stem
    category: str
    make: Callable[[], bytes]
    expect: str | None = ANY  # "INP001".."INP004", "result", or ANY
    note: str = ""
    source: str = ""

    def write(self, folder: Path) -> Path:
        path = Path(folder) / f"{self.name}.pdf"
        path.write_bytes(self.make())
        return path


# ---------------------------------------------------------------- PDF syntax

def pdf_repr(obj) -> bytes:
    """Serialise a pdfminer object (as read from a real file) back to PDF syntax."""
    from pdfminer.psparser import PSKeyword, PSLiteral
    from pdfminer.pdftypes import PDFObjRef, PDFStream

    if obj is None:
        return b"null"
    if obj is True:
        return b"true"
    if obj is False:
        return b"false"
    if isinstance(obj, int):
        return str(obj).encode()
    if isinstance(obj, float):
        return (f"{obj:.6f}".rstrip("0").rstrip(".") or "0").encode()
    if isinstance(obj, PSLiteral):
        return b"/" + _name(str(obj.name))
    if isinstance(obj, PSKeyword):
        return obj.name if isinstance(obj.name, bytes) else str(obj.name).encode()
    if isinstance(obj, PDFObjRef):
        return f"{obj.objid} 0 R".encode()
    if isinstance(obj, (bytes, bytearray)):
        return b"<" + bytes(obj).hex().encode() + b">"
    if isinstance(obj, str):
        return b"<" + obj.encode("latin-1", "replace").hex().encode() + b">"
    if isinstance(obj, (list, tuple)):
        return b"[" + b" ".join(pdf_repr(v) for v in obj) + b"]"
    if isinstance(obj, dict):
        return b"<<" + b"".join(b"/" + _name(str(k)) + b" " + pdf_repr(v) + b"\n" for k, v in obj.items()) + b">>"
    if isinstance(obj, PDFStream):
        raise TypeError("streams are written by reference only")
    raise TypeError(f"cannot serialise {type(obj).__name__}")


def _name(text: str) -> bytes:
    out = bytearray()
    for b in text.encode("latin-1", "replace"):
        if b < 33 or b > 126 or b in b"#/()<>[]{}%":
            out += f"#{b:02X}".encode()
        else:
            out.append(b)
    return bytes(out)


class Ref:
    """An indirect reference to write into a mutated dictionary."""

    def __init__(self, objid: int):
        self.objid = objid


def _repr(obj) -> bytes:
    if isinstance(obj, Ref):
        return f"{obj.objid} 0 R".encode()
    if isinstance(obj, Raw):
        return obj.data
    if isinstance(obj, dict):
        return b"<<" + b"".join(b"/" + _name(str(k)) + b" " + _repr(v) + b"\n" for k, v in obj.items()) + b">>"
    if isinstance(obj, (list, tuple)):
        return b"[" + b" ".join(_repr(v) for v in obj) + b"]"
    return pdf_repr(obj)


@dataclass
class Raw:
    """PDF syntax written as is."""

    data: bytes


@dataclass
class SourceInfo:
    data: bytes
    root: int  # catalog object id
    pages_root: int
    pages: list[int]  # page object ids in order
    size: int  # first free object id
    startxref: int
    trailer: dict = field(default_factory=dict)
    doc: object = None

    def getobj(self, objid: int):
        return self.doc.getobj(objid)


_INFO_CACHE: dict[int, SourceInfo] = {}


def source_info(data: bytes) -> SourceInfo:
    """Read a *valid* PDF's structure with pdfminer (generation time only)."""
    key = hash(data)
    if key in _INFO_CACHE:
        return _INFO_CACHE[key]
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    trailer = {}
    for xref in doc.xrefs:
        trailer = xref.get_trailer()
        if "Root" in trailer:
            break
    pages = [p.pageid for p in PDFPage.create_pages(doc)]
    size = max(objid for xref in doc.xrefs for objid in xref.get_objids()) + 1
    info = SourceInfo(
        data=data,
        root=trailer["Root"].objid,
        pages_root=doc.catalog["Pages"].objid,
        pages=pages,
        size=max(size, int(trailer.get("Size", 0))),
        startxref=find_startxref(data),
        trailer=trailer,
        doc=doc,
    )
    _INFO_CACHE[key] = info
    return info


def find_startxref(data: bytes) -> int:
    m = list(re.finditer(rb"startxref\s+(\d+)", data[-2048:]))
    return int(m[-1].group(1)) if m else -1


class Update:
    """An incremental update appended to a real PDF."""

    def __init__(self, info: SourceInfo):
        self.info = info
        self.next_id = info.size
        self.objects: dict[int, bytes] = {}

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def put(self, objid: int, obj) -> int:
        self.objects[objid] = _repr(obj)
        return objid

    def add(self, obj) -> int:
        return self.put(self.new_id(), obj)

    def add_stream(self, payload: bytes, extra: dict | None = None, *, compressed: bytes | None = None,
                   filters: int = 0) -> int:
        """A stream object: *compressed* data as given, else *payload* deflated *filters* times."""
        data = payload if compressed is None else compressed
        if compressed is None:
            for _ in range(filters):
                data = zlib.compress(data, 9)
        d = dict(extra or {})
        if filters:
            d["Filter"] = Raw(b"[" + b" ".join([b"/FlateDecode"] * filters) + b"]")
        d["Length"] = len(data)
        objid = self.new_id()
        self.objects[objid] = _repr(d) + b"\nstream\n" + data + b"\nendstream"
        return objid

    def page(self, index: int = 0) -> dict:
        """A copy of page *index*'s own dictionary (inherited keys not merged)."""
        return dict(self.info.getobj(self.info.pages[index]))

    def resources(self, index: int = 0) -> dict:
        """Page *index*'s resources (resolved and copied, inheritance included)."""
        from pdfminer.pdfpage import PDFPage
        from pdfminer.pdftypes import resolve1

        for i, p in enumerate(PDFPage.create_pages(self.info.doc)):
            if i == index:
                res = resolve1(p.resources)
                return dict(res) if isinstance(res, dict) else {}
        return {}

    def build(self, trailer_extra: dict | None = None, *, prev: int | None = None,
              entries: dict[int, int] | None = None, subsection: bytes | None = None) -> bytes:
        out = bytearray(self.info.data)
        if not out.endswith(b"\n"):
            out += b"\n"
        offsets = {}
        for objid, body in self.objects.items():
            offsets[objid] = len(out)
            out += f"{objid} 0 obj\n".encode() + body + b"\nendobj\n"
        if entries:
            offsets.update(entries)
        xref_at = len(out)
        out += b"xref\n0 1\n0000000000 65535 f \n"
        if subsection is not None:
            out += subsection
        for objid in sorted(offsets):
            out += f"{objid} 1\n{offsets[objid]:010d} 00000 n \n".encode()
        trailer = {"Size": max(self.next_id, max(offsets, default=0) + 1), "Root": Ref(self.info.root),
                   "Prev": self.info.startxref if prev is None else prev}
        for key in ("Info", "ID"):
            if key in self.info.trailer:
                trailer[key] = self.info.trailer[key]
        trailer.update(trailer_extra or {})
        trailer = {k: v for k, v in trailer.items() if v is not None}
        out += b"trailer\n" + _repr(trailer) + f"\nstartxref\n{xref_at}\n%%EOF\n".encode()
        return bytes(out)


# ------------------------------------------------------------- byte damage

def truncate(data: bytes, offset: int) -> bytes:
    return data[: max(0, offset)]


def flip_bytes(data: bytes, rng: random.Random, count: int, start: int = 0, end: int | None = None) -> bytes:
    out = bytearray(data)
    end = len(out) if end is None else end
    for _ in range(count):
        i = rng.randrange(start, end)
        out[i] ^= rng.randrange(1, 256)
    return bytes(out)


def set_startxref(data: bytes, value: int | str) -> bytes:
    head, sep, tail = data.rpartition(b"startxref")
    tail = re.sub(rb"^\s*-?\d+", f"\n{value}".encode(), tail, count=1)
    return head + sep + tail


def drop_startxref(data: bytes) -> bytes:
    head, _, _ = data.rpartition(b"startxref")
    return head


def _xref_object_span(data: bytes) -> tuple[int, int] | None:
    at = find_startxref(data)
    if at <= 0 or at >= len(data):
        return None
    end = data.find(b"endobj", at)
    return (at, end + len(b"endobj")) if end > 0 else None


def remove_xref(data: bytes) -> bytes:
    """Cut the cross-reference stream (or table) and startxref out: readers must rebuild it."""
    span = _xref_object_span(data)
    if span is None:
        return drop_startxref(data)
    return data[: span[0]] + b"%%EOF\n"


def garble_xref(data: bytes, rng: random.Random) -> bytes:
    """Replace the compressed bytes of the xref stream with noise of the same length."""
    span = _xref_object_span(data)
    if span is None:
        return flip_bytes(data, rng, 32, max(0, len(data) - 1024))
    s = data.find(b"stream", span[0], span[1])
    s = data.find(b"\n", s) + 1
    e = data.rfind(b"endstream", s, span[1])
    noise = bytes(rng.randrange(256) for _ in range(max(0, e - s)))
    return data[:s] + noise + data[e:]


def xref_wrong_offsets(info: SourceInfo, rng: random.Random) -> bytes:
    """A newer xref section claims every object sits at a random offset."""
    up = Update(info)
    entries = {objid: rng.randrange(0, len(info.data)) for objid in range(1, info.size)}
    return up.build(entries=entries)


def xref_prev_loop(info: SourceInfo) -> bytes:
    """The newest xref section's /Prev points at itself: an endless chain."""
    up = Update(info)
    at = len(info.data) + (0 if info.data.endswith(b"\n") else 1)
    return up.build(prev=at)


def xref_huge_subsection(info: SourceInfo) -> bytes:
    """An xref subsection header announcing a billion entries."""
    up = Update(info)
    return up.build(subsection=b"1 1000000000\n0000000009 00000 n \n")


# --------------------------------------------------------- structural damage

def absurd_count(info: SourceInfo, count) -> bytes:
    up = Update(info)
    root = dict(info.getobj(info.pages_root))
    root["Count"] = Raw(str(count).encode())
    up.put(info.pages_root, root)
    return up.build()


def page_tree_loop(info: SourceInfo, variant: int = 0) -> bytes:
    """The page tree contains itself (variant 0) or two nodes point at each other (1)."""
    up = Update(info)
    root = dict(info.getobj(info.pages_root))
    kids = list(root.get("Kids", []))
    if variant == 0:
        root["Kids"] = kids + [Ref(info.pages_root)]
    else:
        a, b = up.new_id(), up.new_id()
        up.put(a, {"Type": Raw(b"/Pages"), "Kids": [Ref(b)], "Count": 1, "Parent": Ref(info.pages_root)})
        up.put(b, {"Type": Raw(b"/Pages"), "Kids": [Ref(a)], "Count": 1, "Parent": Ref(a)})
        root["Kids"] = [Ref(a)] + kids
    up.put(info.pages_root, root)
    return up.build()


def self_reference(info: SourceInfo, where: str = "resources") -> bytes:
    """An object whose value is a reference to itself (or a 2-cycle), used by page 1."""
    up = Update(info)
    a, b = up.new_id(), up.new_id()
    up.put(a, Raw(f"{b} 0 R".encode()))
    up.put(b, Raw(f"{a} 0 R".encode()))
    page = up.page(0)
    if where == "resources":
        page["Resources"] = Ref(a)
    elif where == "contents":
        page["Contents"] = Ref(a)
    else:
        page["MediaBox"] = Ref(a)
    up.put(info.pages[0], page)
    return up.build()


def deep_nesting(info: SourceInfo, where: str, depth: int = DEEP) -> bytes:
    up = Update(info)
    arrays = Raw(b"[" * depth + b"0" + b"]" * depth)
    dicts = Raw(b"<</A " * depth + b"0" + b">>" * depth)
    page = up.page(0)
    if where == "contents":
        body = b"BT /F1 10 Tf 72 720 Td " + arrays.data + b" TJ ET\n"
        page["Contents"] = [page.get("Contents"), Ref(up.add_stream(body))] if "Contents" in page else Ref(up.add_stream(body))
    elif where == "annots":
        page["Annots"] = Ref(up.add(arrays))
    elif where == "resources":
        page["Resources"] = Ref(up.add(dicts))
    elif where == "info":
        return _with_info(up, dicts)
    elif where == "mediabox":
        page["MediaBox"] = arrays
    up.put(info.pages[0], page)
    return up.build()


def _with_info(up: Update, info_obj) -> bytes:
    return up.build({"Info": Ref(up.add(info_obj))})


_BOMB_CACHE: dict[tuple[int, int], bytes] = {}


def zeros_deflated(size: int = GIB, fill: int = 0) -> bytes:
    """A zlib stream inflating to *size* bytes of *fill*, made in milliseconds (~1 KB per MB)."""
    key = (size, fill)
    if key in _BOMB_CACHE:
        return _BOMB_CACHE[key]
    mb = 1 << 20
    assert size % mb == 0 and size >= 2 * mb
    chunk = bytes([fill]) * mb
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)  # after a full flush, identical input -> identical output
    last = c.compress(chunk) + c.flush()
    n = size // mb
    adler = 1
    for _ in range(n):  # adler32 over the whole inflated data, chunk by chunk (C speed)
        adler = zlib.adler32(chunk, adler)
    data = b"\x78\xda" + block * (n - 1) + last + adler.to_bytes(4, "big")
    _BOMB_CACHE[key] = data
    return data


def bomb(info: SourceInfo, where: str = "contents", size: int = GIB) -> bytes:
    """A FlateDecode stream that inflates to *size* bytes (1 GB by default) in a ~1 MB file."""
    up = Update(info)
    page = up.page(0)
    if where == "double":  # two Flate layers: the file holds ~3 KB for 1 GB
        inner = zeros_deflated(size, 0x20)
        sid = up.add_stream(b"", compressed=zlib.compress(inner, 9))
        up.objects[sid] = up.objects[sid].replace(b"<<", b"<</Filter [/FlateDecode /FlateDecode] ", 1)
        page["Contents"] = Ref(sid)
    elif where == "form":
        sid = up.add_stream(b"", {"Type": Raw(b"/XObject"), "Subtype": Raw(b"/Form"), "BBox": [0, 0, 612, 792]},
                            compressed=zeros_deflated(size, 0x20))
        up.objects[sid] = up.objects[sid].replace(b"<<", b"<</Filter /FlateDecode ", 1)
        res = up.resources(0)
        xobj = dict(_resolve(res.get("XObject")) or {})
        xobj["Bomb"] = Ref(sid)
        res["XObject"] = xobj
        page["Resources"] = res
        page["Contents"] = [page.get("Contents"), Ref(up.add_stream(b"q /Bomb Do Q\n"))]
    else:
        sid = up.add_stream(b"", compressed=zeros_deflated(size, 0))
        up.objects[sid] = up.objects[sid].replace(b"<<", b"<</Filter /FlateDecode ", 1)
        page["Contents"] = Ref(sid)
    up.put(info.pages[0], page)
    return up.build()


MB = 1 << 20


def run_length_spaces(size: int) -> bytes:
    """RunLengthDecode data inflating to *size* spaces: each 2 bytes repeat one byte 128 times."""
    return b"\x81\x20" * (size // 128) + b"\x80"


def lzw_spaces(size: int) -> bytes:
    """LZWDecode data (as pdfminer decodes it) inflating to at least *size* spaces, ~2,500x smaller.

    After a clear code and one literal, each code names the entry just being
    made (one byte longer than the last) until the 12-bit table is full; then
    the longest entry, 3,839 bytes a code, is repeated.
    """
    key = ("lzw", size)
    if key in _BOMB_CACHE:
        return _BOMB_CACHE[key]
    bits, nbits, acc, out, total, table = 0, 9, 0, bytearray(), 0, 258

    def put(code: int) -> None:
        nonlocal acc, bits
        acc = (acc << nbits) | code
        bits += nbits
        while bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
        acc &= (1 << bits) - 1

    put(256)
    put(0x20)
    entry = 1
    while total < size:
        code = table if table < 4096 else 4095
        put(code)
        if table < 4096:
            entry += 1
        total += entry if table < 4096 else 3839
        table += 1
        nbits = {511: 10, 1023: 11, 2047: 12}.get(table, nbits)
    put(257)
    if bits:
        out.append((acc << (8 - bits)) & 0xFF)
    _BOMB_CACHE[key] = bytes(out)
    return bytes(out)


def filtered_bomb(info: SourceInfo, kind: str) -> bytes:
    """Page 1's contents become one stream of about 1 GB of spaces behind a filter chain the
    old raw-bytes scan missed: a filter before Flate, an indirect /Filter, a dictionary over
    4 KB, RunLength, LZW."""
    up = Update(info)
    page = up.page(0)
    flate = zeros_deflated(GIB, 0x20)
    if kind == "hex-flate":
        data, filt = flate.hex().encode() + b">", Raw(b"[/ASCIIHexDecode /FlateDecode]")
    elif kind == "a85-flate":
        import base64

        data, filt = base64.a85encode(flate) + b"~>", Raw(b"[/ASCII85Decode /FlateDecode]")
    elif kind == "indirect-filter":
        data, filt = flate, Ref(up.add(Raw(b"/FlateDecode")))
    elif kind == "indirect-array":
        data, filt = flate, Ref(up.add(Raw(b"[/Fl]")))
    elif kind == "big-dict":  # /Filter more than 4 KB before the stream keyword
        data, filt = flate, Raw(b"/FlateDecode /Pad (" + b"x" * 8192 + b")")
    elif kind == "runlength":  # 128 MB from 2 MB: RunLength alone expands 64x at most
        data, filt = run_length_spaces(128 * MB), Raw(b"/RunLengthDecode")
    elif kind == "flate-runlength":
        data, filt = zlib.compress(run_length_spaces(GIB), 9), Raw(b"[/FlateDecode /RunLengthDecode]")
    elif kind == "lzw":
        data, filt = lzw_spaces(GIB), Raw(b"/LZWDecode")
    else:
        raise ValueError(kind)
    sid = up.new_id()
    up.objects[sid] = b"<</Filter " + _repr(filt) + f" /Length {len(data)}>>\nstream\n".encode() + data + b"\nendstream"
    page["Contents"] = Ref(sid)
    up.put(info.pages[0], page)
    return up.build()


def _contents(page: dict) -> list:
    old = _resolve(page.get("Contents"))
    return list(old) if isinstance(old, list) else [page["Contents"]] if "Contents" in page else []


def image_bomb(info: SourceInfo, side: int = 60_000) -> bytes:
    """Page 1 also draws an RGB image declaring *side* x *side* pixels (10 GB to draw) from 1 MB of data:
    the text reader never decodes it, a page picture (--annotate, HTML) would."""
    up = Update(info)
    img = up.add_stream(b"", {"Type": Raw(b"/XObject"), "Subtype": Raw(b"/Image"), "Width": side, "Height": side,
                              "ColorSpace": Raw(b"/DeviceRGB"), "BitsPerComponent": 8, "Filter": Raw(b"/FlateDecode")},
                        compressed=zeros_deflated(GIB))
    res = up.resources(0)
    xobj = dict(_resolve(res.get("XObject")) or {})
    xobj["Huge"] = Ref(img)
    res["XObject"] = xobj
    page = up.page(0)
    page["Resources"] = res
    page["Contents"] = [*_contents(page), Ref(up.add_stream(b"q 100 0 0 100 0 0 cm /Huge Do Q\n"))]
    up.put(info.pages[0], page)
    return up.build()


def many_streams(info: SourceInfo, where: str, count: int, size: int = 60 * MB) -> bytes:
    """*count* distinct streams of *size* spaces, each under the one-stream cap: all on page 1
    (``where="page"``) or one per page on *count* new pages (``where="document"``)."""
    up = Update(info)
    flate = zeros_deflated(size, 0x20)
    streams = [Ref(up.add_stream(b"", {"Filter": Raw(b"/FlateDecode")}, compressed=flate)) for _ in range(count)]
    if where == "page":
        page = up.page(0)
        page["Contents"] = [*_contents(page), *streams]
        up.put(info.pages[0], page)
        return up.build()
    root = dict(info.getobj(info.pages_root))
    kids = list(root.get("Kids") or [])
    for sid in streams:
        page = dict(up.page(0))
        page["Parent"] = Ref(info.pages_root)
        page["Contents"] = [*_contents(page), sid]
        kids.append(Ref(up.add(page)))
    root["Kids"] = kids
    root["Count"] = len(kids)
    up.put(info.pages_root, root)
    return up.build()


def rotated_pages(info: SourceInfo, degrees: int) -> bytes:
    """Every page gets ``/Rotate degrees``: shown turned, its text still typeset upright."""
    up = Update(info)
    for i, pid in enumerate(info.pages):
        page = up.page(i)
        page["Rotate"] = degrees
        up.put(pid, page)
    return up.build()


def sideways_text(info: SourceInfo) -> bytes:
    """Every page's content drawn turned 90 degrees counter-clockwise (a rotated text matrix) on
    a landscape page box, no /Rotate: the text runs up the displayed page."""
    up = Update(info)
    for i, pid in enumerate(info.pages):
        page = up.page(i)
        box = [float(v) for v in _resolve(page.get("MediaBox") or [0, 0, 612, 792])]
        w, h = box[2] - box[0], box[3] - box[1]
        page["MediaBox"] = [0, 0, h, w]
        start = up.add_stream(f"q 0 1 -1 0 {h:g} 0 cm {-box[0]:g} {-box[1]:g} Td\n".encode())
        page["Contents"] = [Ref(start), *_contents(page), Ref(up.add_stream(b"\nQ\n"))]
        up.put(pid, page)
    return up.build()


def landscape_table_page(info: SourceInfo, rows: int = 24, link: str | None = None) -> bytes:
    """A landscape table page (LaTeX pdflscape) appended to a real report: a portrait page box
    with ``/Rotate 90`` whose content is turned so that the table reads upright as displayed.
    The table is set in the body font of the report's last page. *link*: a URI annotation
    over the caption's first line, its ``/Rect`` in the page's unrotated space (as pdflscape
    and hyperref write it)."""
    from pdfminer.pdftypes import resolve1

    up = Update(info)
    last = len(info.pages) - 1
    res = up.resources(last)
    fonts = resolve1(res.get("Font")) or {}
    font = next((k for k, v in fonts.items() if b"Regu" in str(resolve1(v).get("BaseFont")).encode()),
                next(iter(fonts)))
    lines = [f"BT /{font} 9 Tf 72 540 Td 11 TL"]
    lines.append("(Table 3. Results of every method on the landscape benchmark, per split.) Tj T*")
    for r in range(rows):
        lines.append(f"(method{r:02d} split {r % 3} accuracy {50 + r}.{r % 10} recall {40 + r}.5 row {r:02d}) Tj T*")
    lines.append("ET")
    content = "q 0 1 -1 0 612 0 cm\n" + "\n".join(lines) + "\nQ\n"
    page = {"Type": Raw(b"/Page"), "Parent": Ref(info.pages_root), "MediaBox": [0, 0, 612, 792], "Rotate": 90,
            "Resources": res, "Contents": Ref(up.add_stream(content.encode()))}
    if link:
        # the caption's first line in text space: x 72..400, baseline 540 (9 pt); the content
        # matrix (0 1 -1 0 612 0) puts text-space (x, y) at user-space (612 - y, x)
        annot = {"Type": Raw(b"/Annot"), "Subtype": Raw(b"/Link"), "Rect": [612 - 549, 72, 612 - 538, 400],
                 "A": {"S": Raw(b"/URI"), "URI": link}}
        page["Annots"] = [Ref(up.add(annot))]
    root = dict(info.getobj(info.pages_root))
    kids = list(resolve1(root.get("Kids")) or [])
    kids.append(Ref(up.add(page)))
    root["Kids"] = kids
    root["Count"] = len(kids)
    up.put(info.pages_root, root)
    return up.build()


def _resolve(obj):
    from pdfminer.pdftypes import resolve1

    return resolve1(obj)


def page_box(info: SourceInfo, box: list) -> bytes:
    """Every page gets the given /MediaBox (huge, empty, inverted, absurd)."""
    up = Update(info)
    for i, pid in enumerate(info.pages):
        page = up.page(i)
        page["MediaBox"] = Raw(b"[" + b" ".join(str(v).encode() for v in box) + b"]")
        page.pop("CropBox", None)
        up.put(pid, page)
    return up.build()


def offpage_text(info: SourceInfo) -> bytes:
    """Page 1 also draws text far outside the page, microscopic and huge."""
    up = Update(info)
    page = up.page(0)
    font = up.add({"Type": Raw(b"/Font"), "Subtype": Raw(b"/Type1"), "BaseFont": Raw(b"/Helvetica")})
    res = up.resources(0)
    fonts = dict(_resolve(res.get("Font")) or {})
    fonts["Foff"] = Ref(font)
    res["Font"] = fonts
    page["Resources"] = res
    body = (
        b"BT /Foff 10 Tf -5000 -5000 Td (hidden text far below and left of the page) Tj ET\n"
        b"BT /Foff 10 Tf 1000000 1000000 Td (hidden text far above the page) Tj ET\n"
        b"BT /Foff 0.01 Tf 300 400 Td (microscopic text inside the page) Tj ET\n"
        b"BT /Foff 5000 Tf 0 0 Td (HUGE) Tj ET\n"
        b"BT /Foff 10 Tf 3 Tr 100 100 Td (invisible render mode text) Tj ET\n"
        b"BT /Foff 10 Tf 1e30 0 0 1e30 0 0 Tm (absurd matrix) Tj ET\n"
    )
    for n in range(12):  # body-size lines whose second word sits a billion points to the right
        size = (b"9.96", b"10")[n % 2]
        body += b"BT /Foff " + size + b" Tf 72 " + str(600 - 12 * n).encode() + b" Td (a line of prose) Tj 1e9 0 Td (far) Tj ET\n"
    contents = page.get("Contents")
    page["Contents"] = ([contents] if contents is not None else []) + [Ref(up.add_stream(body))]
    up.put(info.pages[0], page)
    return up.build()


def missing_fonts(info: SourceInfo, variant: int = 0) -> bytes:
    """Fonts of every page point nowhere (0), are empty dicts (1), or are gone (2)."""
    up = Update(info)
    for i, pid in enumerate(info.pages):
        page = up.page(i)
        res = up.resources(i)
        fonts = dict(_resolve(res.get("Font")) or {})
        if variant == 0:
            res["Font"] = {k: Raw(b"999999 0 R") for k in fonts}
        elif variant == 1:
            res["Font"] = {k: {"Type": Raw(b"/Font")} for k in fonts}
        else:
            res.pop("Font", None)
        page["Resources"] = res
        up.put(pid, page)
    return up.build()


def fake_encryption(info: SourceInfo, variant: int = 0) -> bytes:
    """The trailer gains an /Encrypt dictionary: standard handler (0) or unknown handler (1)."""
    up = Update(info)
    if variant == 0:
        enc = {"Filter": Raw(b"/Standard"), "V": 1, "R": 2, "P": -44,
               "O": Raw(b"<" + b"ab" * 32 + b">"), "U": Raw(b"<" + b"cd" * 32 + b">")}
    else:
        enc = {"Filter": Raw(b"/NoSuchHandler"), "V": 4, "R": 4}
    ident = info.trailer.get("ID") or [b"0123456789abcdef", b"0123456789abcdef"]
    return up.build({"Encrypt": Ref(up.add(enc)), "ID": ident})


def _gray_image(up: Update, rng: random.Random) -> int:
    w = h = 32
    pixels = bytes(rng.randrange(60, 255) for _ in range(w * h))
    return up.add_stream(pixels, {"Type": Raw(b"/XObject"), "Subtype": Raw(b"/Image"), "Width": w, "Height": h,
                                  "ColorSpace": Raw(b"/DeviceGray"), "BitsPerComponent": 8}, filters=1)


def image_only(info: SourceInfo, rng: random.Random) -> bytes:
    """Every page shows one raster image and nothing else (a 'scanned' report)."""
    up = Update(info)
    img = _gray_image(up, rng)
    body = Ref(up.add_stream(b"q 612 0 0 792 0 0 cm /Scan Do Q\n"))
    for i, pid in enumerate(info.pages):
        page = up.page(i)
        page["Resources"] = {"XObject": {"Scan": Ref(img)}}
        page["Contents"] = body
        up.put(pid, page)
    return up.build()


def blank_pages(info: SourceInfo) -> bytes:
    up = Update(info)
    empty = Ref(up.add_stream(b""))
    for i, pid in enumerate(info.pages):
        page = up.page(i)
        page["Contents"] = empty
        up.put(pid, page)
    return up.build()


def many_pages(info: SourceInfo, count: int = 150) -> bytes:
    """A new page tree with *count* distinct copies of page 1."""
    up = Update(info)
    root = dict(info.getobj(info.pages_root))
    first = up.page(0)
    kids = []
    for _ in range(count):
        page = dict(first)
        page["Parent"] = Ref(info.pages_root)
        kids.append(Ref(up.add(page)))
    root["Kids"] = kids
    root["Count"] = count
    up.put(info.pages_root, root)
    return up.build()


def garbage_content(info: SourceInfo, rng: random.Random) -> bytes:
    """Page 1's content stream becomes operator soup: unbalanced q/Q, BT/ET, bad operands."""
    up = Update(info)
    ops = [b"q", b"Q", b"BT", b"ET", b"Tj", b"TJ", b"cm", b"Do", b"re f", b"(x)", b"[", b"]", b"<<", b">>",
           b"/F1", b"1e999", b"-0", b"999999999999999999999", b"Tf", b"(unterminated", b"<zz>", b"%", b"\x00"]
    body = b" ".join(rng.choice(ops) for _ in range(4000))
    page = up.page(0)
    page["Contents"] = Ref(up.add_stream(body, filters=1))
    up.put(info.pages[0], page)
    return up.build()


# ---------------------------------------------------------------- synthetic

def empty_file() -> bytes:
    return b""


def not_a_pdf(kind: str) -> bytes:
    if kind == "text":
        return b"This is my report, written in a text editor and saved with a .pdf suffix.\n" * 20
    if kind == "png":
        return b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    if kind == "html":
        return b"<!DOCTYPE html><html><body><p>Report</p></body></html>\n"
    if kind == "zip":  # a .docx renamed to .pdf
        return b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml" + b"\x00" * 200
    if kind == "nul":
        return b"\x00" * 4096
    raise ValueError(kind)


def header_then_noise(rng: random.Random, size: int = 65536) -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(rng.randrange(256) for _ in range(size))


def header_only() -> bytes:
    return b"%PDF-1.7\n"


def reportlab_pdf(*, pages: int = 1, encrypt: bool = False, text: bool = True, size=(612, 792)) -> bytes:
    """A small real PDF from reportlab: encrypted, many pages, or a given page size."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    kwargs = {}
    if encrypt:
        from reportlab.lib.pdfencrypt import StandardEncryption

        kwargs["encrypt"] = StandardEncryption("pw", canPrint=0)
    c = canvas.Canvas(buf, pagesize=size, invariant=1, **kwargs)
    for n in range(pages):
        if text:
            c.setFont("Times-Roman", 10)
            c.drawString(72, size[1] - 72, f"Page {n + 1}: a line of report text for the checker to read.")
        c.showPage()
    c.save()
    return buf.getvalue()


def image_only_pdf(rng: random.Random) -> bytes:
    """One Letter page holding only a raster image, made with reportlab."""
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    from PIL import Image

    img = Image.new("L", (64, 80), 255)
    img.putdata([rng.randrange(80, 256) for _ in range(64 * 80)])
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(612, 792), invariant=1)
    c.drawImage(ImageReader(img), 0, 0, 612, 792)
    c.showPage()
    c.save()
    return buf.getvalue()


# ------------------------------------------------------------------ the suite

TRUNCATE_AT = (0.0005, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99)
FLIPS = (1, 8, 64, 512)


BOMB_FILTERS = ("hex-flate", "a85-flate", "indirect-filter", "indirect-array", "big-dict", "runlength",
                "flate-runlength", "lzw")


def rng_for(name: str, seed: int) -> random.Random:
    return random.Random(zlib.crc32(name.encode()) ^ seed)


def cases_for_source(path: Path, seed: int = 7) -> Iterator[Case]:
    """Every derived case of one real PDF (lazy: bytes are made when written)."""
    data = Path(path).read_bytes()
    stem = Path(path).stem
    info = lambda: source_info(data)  # noqa: E731  (parsed once, on first use)

    def case(kind: str, category: str, make, expect=ANY, note=""):
        name = f"{category}-{kind}-{stem}"
        return Case(name, category, make, expect, note, source=Path(path).name)

    # truncations
    for frac in TRUNCATE_AT:
        off = max(9, int(len(data) * frac))
        yield case(f"at{frac * 100:g}pct", "truncated", lambda off=off: truncate(data, off), note=f"first {off} bytes")
    yield case("minus1", "truncated", lambda: truncate(data, len(data) - 1))
    yield case("no-trailer", "truncated", lambda: truncate(data, data.rfind(b"startxref")))

    # byte flips
    for n in FLIPS:
        name = f"flip{n}"
        yield case(name, "byteflip", lambda n=n, name=name: flip_bytes(data, rng_for(name + stem, seed), n))
    yield case("flip16-tail", "byteflip",
               lambda: flip_bytes(data, rng_for("tail" + stem, seed), 16, max(0, len(data) - 1024)),
               note="16 flips in the last KB (xref stream, trailer)")

    # cross-reference damage
    yield case("startxref-0", "xref", lambda: set_startxref(data, 0))
    yield case("startxref-past-eof", "xref", lambda: set_startxref(data, len(data) + 10_000))
    yield case("startxref-middle", "xref", lambda: set_startxref(data, rng_for("mid" + stem, seed).randrange(len(data))))
    yield case("startxref-negative", "xref", lambda: set_startxref(data, -5))
    yield case("xref-removed", "xref", lambda: remove_xref(data))
    yield case("xref-garbled", "xref", lambda: garble_xref(data, rng_for("garble" + stem, seed)))
    yield case("xref-wrong-offsets", "xref", lambda: xref_wrong_offsets(info(), rng_for("off" + stem, seed)))
    yield case("xref-prev-loop", "xref", lambda: xref_prev_loop(info()))
    yield case("xref-huge-subsection", "xref", lambda: xref_huge_subsection(info()))

    # page tree
    yield case("count-1e6", "pagetree", lambda: absurd_count(info(), 1_000_000), "INP004")
    yield case("count-negative", "pagetree", lambda: absurd_count(info(), -1))
    yield case("loop-self", "pagetree", lambda: page_tree_loop(info(), 0))
    yield case("loop-pair", "pagetree", lambda: page_tree_loop(info(), 1))
    yield case("150-pages", "pagetree", lambda: many_pages(info(), 150), "INP004")

    # references and nesting
    for where in ("resources", "contents", "mediabox"):
        yield case(f"selfref-{where}", "cycle", lambda where=where: self_reference(info(), where))
    for where in ("contents", "annots", "resources", "info", "mediabox"):
        yield case(f"deep-{where}", "nesting", lambda where=where: deep_nesting(info(), where))

    # decompression bombs
    yield case("contents-1gb", "bomb", lambda: bomb(info(), "contents"), "INP004")
    yield case("double-flate-1gb", "bomb", lambda: bomb(info(), "double"), "INP004")
    yield case("form-1gb", "bomb", lambda: bomb(info(), "form"), "INP004")
    for kind in BOMB_FILTERS:
        yield case(kind, "bomb", lambda kind=kind: filtered_bomb(info(), kind), "INP004")
    yield case("image-60000px", "bomb", lambda: image_bomb(info()), "INP004",
               note="declared pixels, never decoded by the text reader")
    yield case("page-3x60mb", "bomb", lambda: many_streams(info(), "page", 3), "INP004",
               note="each stream under the one-stream cap; the page's total is not")
    yield case("document-6x60mb", "bomb", lambda: many_streams(info(), "document", 6), "INP004",
               note="each page under the page budget; the document's total is not")

    # geometry and content
    boxes = {"huge": [0, 0, 14400, 14400], "absurd": [0, 0, 1e12, 1e12], "empty": [0, 0, 0, 0],
             "inverted": [612, 792, 0, 0]}
    for label, box in boxes.items():
        yield case(f"mediabox-{label}", "geometry", lambda box=box: page_box(info(), box))
    yield case("offpage-text", "content", lambda: offpage_text(info()))
    yield case("garbage-operators", "content", lambda: garbage_content(info(), rng_for("ops" + stem, seed)))
    for variant, label in enumerate(("dangling", "empty-dict", "removed")):
        yield case(f"fonts-{label}", "fonts", lambda v=variant: missing_fonts(info(), v))

    # encryption and text layer
    yield case("fake-standard", "encrypted", lambda: fake_encryption(info(), 0), "INP002")
    yield case("unknown-handler", "encrypted", lambda: fake_encryption(info(), 1), "INP002")
    # rotation: shown turned, read in reading order
    for degrees in (90, 180, 270):
        yield case(f"rotate-{degrees}", "rotation", lambda d=degrees: rotated_pages(info(), d), "result")
    yield case("sideways-text", "rotation", lambda: sideways_text(info()), "result")
    yield case("landscape-table-page", "rotation", lambda: landscape_table_page(info()), "result")
    yield case("image-only", "notext", lambda: image_only(info(), rng_for("img" + stem, seed)), "INP003")
    yield case("blank", "notext", lambda: blank_pages(info()), "INP003")


def synthetic_cases(seed: int = 7) -> Iterator[Case]:
    def case(kind, category, make, expect=ANY, note=""):
        return Case(f"{category}-{kind}", category, make, expect, note, source="(synthetic)")

    yield case("empty", "notpdf", empty_file, "INP001")
    for kind in ("text", "png", "html", "zip", "nul"):
        yield case(kind, "notpdf", lambda kind=kind: not_a_pdf(kind), "INP001")
    yield case("header-only", "truncated", header_only, "INP001")
    yield case("header-then-noise", "truncated", lambda: header_then_noise(rng_for("noise", seed)), "INP001")
    yield case("reportlab", "encrypted", lambda: reportlab_pdf(encrypt=True), "INP002")
    yield case("reportlab", "notext", lambda: image_only_pdf(rng_for("scan", seed)), "INP003")
    yield case("reportlab-blank", "notext", lambda: reportlab_pdf(text=False), "INP003")
    yield case("reportlab-101-pages", "pagetree", lambda: reportlab_pdf(pages=101), "INP004")
    yield case("reportlab-page-200in", "geometry", lambda: reportlab_pdf(size=(14400, 14400)), "result")


def all_cases(sources: list[Path], seed: int = 7) -> list[Case]:
    cases = list(synthetic_cases(seed))
    for src in sorted(sources):
        cases.extend(cases_for_source(src, seed))
    return cases
