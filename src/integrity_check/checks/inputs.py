"""Input rules (INP): a file that cannot be checked at all.

Their findings come from the loader (``extract``), which raises
``InputRejected`` with one of these codes; the classes here hold each code's
one source of truth: name, severity and documentation.
"""
from __future__ import annotations

from ..findings import Severity
from .base import Rule
from .examples import Bad, Good


class Unreadable(Rule):
    """What it checks
    The file is a PDF that can be opened: not another format, not truncated or
    damaged inside. A file that opens in a viewer can still be damaged inside.

    Why the course cares
    Nothing in a file that cannot be opened can be checked, and graders may not
    be able to open it either.

    How to fix
    Export the report again from your editor and check the new file;
    re-exporting also repairs a file damaged inside.
      In LaTeX: hand in the PDF your build produced (pdflatex output).
      In Word: File > Save As > PDF.
    """

    code = "INP001"
    name = "unreadable"
    family = "input"
    severity = Severity.ERROR
    summary = "File is not a readable PDF."
    fix = "Export the report again as PDF and check the new file."
    raised_by_loader = True
    examples = (
        Bad("report.pdf that is a renamed .docx.", file="not-a-pdf"),
        Good("The PDF your editor exported.", pdf={}),
    )


class Encrypted(Rule):
    """What it checks
    The PDF is not encrypted with a password, so its text can be read.

    Why the course cares
    Graders and checkers need to read the text; a password-protected report
    cannot be checked at all.

    How to fix
    Remove the password (export without security settings) before handing in.
      In LaTeX: hand in the PDF pdflatex wrote; do not protect it afterwards.
      In Word: File > Save As > PDF, without Options > "Encrypt the document
      with a password".
    """

    code = "INP002"
    name = "encrypted"
    family = "input"
    severity = Severity.ERROR
    summary = "PDF is password-protected."
    fix = "Export the PDF without a password or security settings."
    raised_by_loader = True
    examples = (
        Bad("A PDF saved with a password (\"Encrypt with password\").", pdf={"encrypt": True}),
        Good("The same report exported without security settings.", pdf={}),
    )


class NoTextLayer(Rule):
    """What it checks
    The PDF has a text layer: it is not scanned, printed to image, or empty.

    Why the course cares
    Nothing can be checked without text: no format, quotation, citation or
    similarity check can run.

    How to fix
    Export directly from your editor instead of scanning or using "print to
    image".
      In LaTeX: hand in the PDF pdflatex produced.
      In Word: File > Save As > PDF (not Print > Microsoft Print to PDF as image).
    """

    code = "INP003"
    name = "no-text-layer"
    family = "input"
    severity = Severity.ERROR
    summary = "PDF has no text layer (image-only or empty)."
    fix = "Export the PDF directly from your editor instead of scanning it."
    raised_by_loader = True
    examples = (
        Bad("A printed report scanned back to PDF: the page is one picture.", file="image-only"),
        Bad("An empty page: nothing was exported.", file="blank"),
        Good("The PDF exported directly from the editor (its text can be selected).", pdf={}),
    )


class ResourceLimit(Rule):
    """What it checks
    The file stays within the resource limits: pages, file size, time, memory
    (pack parameters), and compressed data that inflates past a cap (a
    decompression bomb: one stream, a page's streams, all the file's streams,
    or an image's declared pixels; the caps are in ``extract.Limits``).

    Why the course cares
    Limits protect a batch from a single huge or hostile file. A real report
    stays far below them.

    How to fix
    Check that you picked the right file, and compress large images if the file
    size is the problem.
      In LaTeX: include figures as compressed PNG/JPEG or vector PDF.
      In Word: File > Compress Pictures (or Save As PDF with "Minimum size").
    """

    code = "INP004"
    name = "resource-limit"
    family = "input"
    severity = Severity.ERROR
    summary = "File exceeds a page, size, time or memory limit."
    fix = "Check that this is the right file; compress large images."
    raised_by_loader = True
    params = {"max_pages": 100, "max_file_mb": 50, "seconds": 60, "memory_mb": 2048}
    # seconds and memory_mb: 0 = no limit. Above 2^20 MB a limit is no limit (and overflows RLIMIT_AS).
    ranges = {"max_pages": (1, 100_000), "max_file_mb": (1, 1 << 20), "seconds": (0, 7 * 86400),
              "memory_mb": (0, 1 << 20)}
    examples = (
        Bad("A 101-page document handed in by mistake (the limit is 100 pages).",
            pdf={"pages_of_content": 100}),
        Good("The 4-page report.", pdf={}),
    )
