"""Extraction: a file on disk becomes a :class:`~integrity_check.model.Document`.

``pdf.py`` reads a PDF with pdfplumber (words, fonts, graphics); ``layout/``
(a package: rows, furniture, columns, sizes, classify, blocks, body) turns those into lines, columns, furniture and classified blocks;
``plaintext.py`` reads ``.txt`` files.  Input problems surface as
:class:`~integrity_check.errors.InputRejected` with their INP code.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputRejected
from ..model import Document

TEXT_SUFFIXES = {".txt", ".text", ".md"}


@dataclass(frozen=True)
class Limits:
    """Resource limits for one document; a breach is an INP004 finding."""

    max_pages: int = 100
    max_bytes: int = 50 * 1024 * 1024
    seconds: float = 60.0  # enforced by the runner's worker processes
    memory_mb: int = 2048  # likewise
    # Decompression bombs (extract/streams.py). A real report's largest stream (a dense vector
    # plot) inflates to a few MB and all its streams to a few tens of MB; pdfminer keeps every
    # inflated stream for the document's life, so the document budget bounds memory, well
    # below the default memory limit.
    max_stream_mb: int = 64  # one stream
    max_page_stream_mb: int = 128  # all streams read for one page (contents, forms, its fonts)
    max_document_stream_mb: int = 256  # all streams of the document


def load_document(path: str | Path, limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(1024)
    except IsADirectoryError:
        raise InputRejected("INP001", f"{path} is a folder, not a file") from None
    except OSError as exc:
        raise InputRejected("INP001", f"cannot read {path}: {exc.strerror or exc}") from None
    if size > limits.max_bytes:
        raise InputRejected(
            "INP004",
            f"file is {size / 1e6:.1f} MB, above the {limits.max_bytes / 1e6:.0f} MB limit; "
            "compress its images (e.g. export with 'reduce file size') and check again",
        )
    if path.suffix.lower() in TEXT_SUFFIXES:
        from .plaintext import load_text

        return load_text(path)
    if size == 0:
        raise InputRejected("INP001", "file is empty (0 bytes); export the PDF again")
    if b"%PDF-" not in head:
        raise InputRejected(
            "INP001", "not a PDF (no %PDF header); export your report as PDF and check that file"
        )
    from .pdf import load_pdf

    return load_pdf(path, limits)
