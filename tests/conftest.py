"""Shared fixtures: the real PDFs in ../shared/pdfs (read in place, never copied)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED_PDFS = ROOT.parent / "shared" / "pdfs"
sys.path.insert(0, str(Path(__file__).resolve().parent))  # tests import pdf_factory


def shared_pdf(name: str) -> Path:
    path = SHARED_PDFS / name
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    return path


@pytest.fixture(scope="session")
def load():
    """Load a shared PDF once per session (extraction is the slow part)."""
    from integrity_check.extract import load_document

    cache: dict[str, object] = {}

    def _load(name: str):
        if name not in cache:
            cache[name] = load_document(shared_pdf(name))
        return cache[name]

    return _load
