"""Plain-text documents: the whole text is body, offsets index the decoded text exactly."""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputRejected
from ..model import Block, BlockKind, Document, Word

_WORD = re.compile(r"\S+")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def decode_text(data: bytes) -> str:
    """UTF-8 (BOM tolerated), else cp1252, the usual Windows export encoding."""
    try:
        return data.decode("utf-8-sig")  # drops a BOM, else plain UTF-8
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def load_text(path: Path) -> Document:
    try:
        text = decode_text(path.read_bytes())
    except OSError as exc:
        raise InputRejected("INP001", f"cannot read {path}: {exc.strerror or exc}") from None
    if not text.strip():
        raise InputRejected("INP003", "the text file is empty; nothing to check")
    return document_from_text(text, str(path))


def document_from_text(text: str, path: str = "<text>") -> Document:
    words = [Word(m.group(), 0, 0, 0, 0, 0, start=m.start(), end=m.end()) for m in _WORD.finditer(text)]
    blocks = []
    start = 0
    for m in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        if text[start:end].strip():
            blocks.append(Block(BlockKind.PARAGRAPH, [], text[start:end].strip(), start=start, end=end))
        start = m.end() if m else end
    return Document(path=path, kind="txt", body_text=text, body_words=words, blocks=blocks)
