"""The body text: abstract and paragraphs dehyphenated and joined, each word with its offsets."""
from __future__ import annotations

import re

from ...model import BlockKind, Document, Line, Word


def _dehyphenate(words: list[Word], lines: list[Line]) -> list[list[Word]]:
    """Group words into logical words, joining 'sin-' + 'gle' across line ends."""
    line_end = {id(ln.words[-1]) for ln in lines[:-1]}
    groups: list[list[Word]] = []
    skip = False
    for k, w in enumerate(words):
        if skip:
            skip = False
            continue
        nxt = words[k + 1] if k + 1 < len(words) else None
        if (
            nxt is not None
            and id(w) in line_end
            and len(w.text) > 2
            and w.text.endswith("-")
            and w.text[-2].isalpha()
            and nxt.text[:1].islower()
        ):
            groups.append([w, nxt])
            skip = True
        else:
            groups.append([w])
    return groups


def _logical_text(group: list[Word]) -> str:
    if len(group) == 1:
        return group[0].text
    return group[0].text[:-1] + group[1].text


def _join_lines(lines: list[Line]) -> str:
    words = [w for ln in lines for w in ln.words]
    return " ".join(_logical_text(g) for g in _dehyphenate(words, lines))


def _assemble_body(doc: Document) -> None:
    """Concatenate abstract and paragraphs; give each body word its offsets."""
    parts: list[str] = []
    body_words: list[Word] = []
    pos = 0
    for block in doc.blocks:
        if not block.kind.is_body:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        block.start = pos
        words = [w for ln in block.lines for w in ln.words]
        # An inline "Abstract." label is a heading, not abstract text.
        if block.kind == BlockKind.ABSTRACT and words and re.match(r"^abstract[.:\u2014]$", words[0].text, re.I):
            words = words[1:]
        for n, group in enumerate(_dehyphenate(words, block.lines)):
            text = _logical_text(group)
            if n:
                parts.append(" ")
                pos += 1
            for w in group:
                w.start, w.end = pos, pos + len(text)
                body_words.append(w)
            parts.append(text)
            pos += len(text)
        block.end = pos
        block.text = "".join(parts)[block.start:]
    doc.body_text = "".join(parts)
    doc.body_words = body_words
