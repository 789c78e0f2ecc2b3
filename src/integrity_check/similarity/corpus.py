"""Building a corpus index from files (``integrity-check corpus build DIR``).

Documents are read through a ``text_of(path) -> str`` callable, by default
the checker's own ``load_document(path).body_text``: a PDF's body text, or a
text file decoded exactly as a checked ``.txt`` is (UTF-8, cp1252 fallback),
so offsets mean the same on both sides of a match.
"""

from __future__ import annotations

from pathlib import Path

from ..extract import TEXT_SUFFIXES, load_document

PDF_SUFFIXES = {".pdf"}


def default_text_of(path) -> str:
    """The checker's own reading of a document: a PDF's body text, or a text file's decoded text."""
    return load_document(path).body_text


def iter_corpus_files(root):
    root = Path(root)
    if root.is_file():
        yield root
        return
    from ..walk import walk_files

    files, unreachable = walk_files(root)
    for p in files:
        if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | PDF_SUFFIXES:
            if p.name.lower() == "readme.md":
                continue
            yield p
    yield from unreachable  # a subfolder too deep to list: skipped with the reason, not a traceback


def doc_name(path, root=None) -> str:
    path = Path(path)
    if root is not None and Path(root).is_dir():
        try:
            return str(path.relative_to(root))
        except ValueError:
            pass
    return path.name


def iter_docs(paths, root=None, text_of=None, on_error=None):
    """(name, text, meta) for each file; unreadable files go to on_error(path, exc)."""
    text_of = text_of or default_text_of
    for p in paths:
        try:
            text = text_of(p)
        except Exception as exc:  # a broken file must not stop a corpus build
            if on_error is None:
                raise
            on_error(p, exc)
            continue
        yield doc_name(p, root), text, {"path": str(p)}


def build_from_directory(directory, location, params=None, text_of=None, fingerprints_only=False,
                         jobs: int = 1, on_error=None):
    """Index every PDF and text file under *directory* into a fresh index at
    *location* (SQLite path or redis:// URL); returns the opened index."""
    from . import build_index

    files = list(iter_corpus_files(directory))
    return build_index(location, iter_docs(files, directory, text_of, on_error), params=params,
                       fingerprints_only=fingerprints_only, jobs=jobs, expected_documents=len(files))


def add_files(index, files, text_of=None, fingerprints_only=False, on_error=None) -> int:
    """``corpus add FILE...``: one transaction for all files."""
    return index.add(list(iter_docs(files, None, text_of, on_error)), fingerprints_only=fingerprints_only)
