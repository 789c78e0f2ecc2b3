"""Input rules (INP): a file that cannot be checked at all.

Their findings come from the loader (``extract``), which raises
``InputRejected`` with one of these codes; the classes here hold each code's
one source of truth: name, severity and documentation.
"""
from __future__ import annotations

from ..findings import Severity
from .base import Rule


class Unreadable(Rule):
    """The file is not a PDF, is truncated or damaged, or cannot be opened.

    Export the report again from your editor (LaTeX: the PDF your build
    produced; Word: File > Save As > PDF) and check the new file. A file that
    opens in a viewer can still be damaged inside; re-exporting fixes that.
    """

    code = "INP001"
    name = "unreadable"
    family = "input"
    severity = Severity.ERROR
    summary = "File is not a readable PDF."
    fix = "Export the report again as PDF and check the new file."
    raised_by_loader = True


class Encrypted(Rule):
    """The PDF is encrypted with a password, so its text cannot be read.

    Remove the password (export without security settings) before handing in;
    graders and checkers need to read the text.
    """

    code = "INP002"
    name = "encrypted"
    family = "input"
    severity = Severity.ERROR
    summary = "PDF is password-protected."
    fix = "Export the PDF without a password or security settings."
    raised_by_loader = True


class NoTextLayer(Rule):
    """The PDF has no text layer: it is scanned, printed to image, or empty.

    Nothing can be checked without text. Export directly from your editor
    instead of scanning or using "print to image".
    """

    code = "INP003"
    name = "no-text-layer"
    family = "input"
    severity = Severity.ERROR
    summary = "PDF has no text layer (image-only or empty)."
    fix = "Export the PDF directly from your editor instead of scanning it."
    raised_by_loader = True


class ResourceLimit(Rule):
    """The file exceeds a resource limit: pages, file size, time, memory, or
    compressed data that inflates past a cap (a decompression bomb: one
    stream, a page's streams, all the file's streams, or an image's declared
    pixels; the caps are in ``extract.Limits``).

    Limits protect a batch from a single huge or hostile file. A real report
    stays far below them; check that you picked the right file, and compress
    large images if the file size is the problem.
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
