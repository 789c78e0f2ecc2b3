"""Lines of one kind into blocks: paragraphs, captions, reference entries."""
from __future__ import annotations

import re

from ...model import Block, BlockKind, Line
from .body import _join_lines
from .patterns import _CAPTION, _HEADING_NUMBER, _REF_LABEL

ENTRY_NUMBER_SKIP = 3  # a hand-numbered list may skip a few numbers; a far larger one opens a continuation line ("45.")


def _continues(prev: Line, line: Line) -> bool:
    """Same column and page, directly below."""
    if prev.page != line.page or prev.column != line.column:
        return False
    gap = line.top - prev.bottom
    return -1 <= gap <= max(prev.size, line.size) * 0.9


def _starts_block(kind: BlockKind, prev: Line, line: Line, run: list[Line], edges, body_size: float) -> bool:
    """Paragraph and entry boundaries from indentation, short lines and gaps."""
    if kind in (BlockKind.TITLE, BlockKind.AUTHORS):
        return False
    if kind in (BlockKind.HEADING, BlockKind.ABSTRACT_HEADING, BlockKind.REFERENCES_HEADING):
        return not _continues(prev, line) or bool(_HEADING_NUMBER.match(line.words[0].text))
    if kind == BlockKind.CAPTION:
        return bool(_CAPTION.match(line.text)) or not _continues(prev, line)
    size = max(line.size, 1.0)
    left, right = edges.get((line.page, line.column), (line.x0, line.x1))
    if kind == BlockKind.REFERENCE:
        if _REF_LABEL.match(line.words[0].text):
            return True
        if any(_REF_LABEL.match(ln.words[0].text) for ln in run):
            return False  # numbered entries: only a new label starts one
        # "1." / "(1)" numbered entries (LNCS, APA-like lists): the next number starts one;
        # a list numbered by hand may skip a number (1, 2, 4), which CIT004 reports.
        number = _entry_number(run[0].words[0].text)
        if number is not None:
            after = _entry_number(line.words[0].text)
            return after is not None and number < after <= number + ENTRY_NUMBER_SKIP
        # An entry goes on after a line ending with a comma or before one opening
        # with "and": "Soral, Wiktor, ..., Dominik," / "and Bilewicz, Michał."
        if prev.text.rstrip().endswith(",") or line.words[0].text in ("and", "&"):
            return False
        # Author-year entries: a hanging indent (the first line sticks out) or a gap.
        if prev.page == line.page and prev.column == line.column:
            # A row split in two segments (an accent raised one part) starts at its leftmost segment.
            row_x0 = min((ln.x0 for ln in run if ln.page == prev.page and ln.column == prev.column
                          and ln.top < prev.bottom and prev.top < ln.bottom), default=prev.x0)
            return line.x0 < row_x0 - 0.5 * size or line.top - prev.bottom > 0.5 * size
        # Across a column or page break: with hanging indents, a line at the column's
        # outer edge starts an entry and an indented one continues it.
        hanging = len(run) > 1 and run[1].x0 > run[0].x0 + 0.5 * size
        outer = edges.get(("reference", line.page, line.column), line.x0)
        return hanging and line.x0 < outer + 0.5 * size
    # paragraphs, abstract, footnotes, figure text
    same_place = prev.page == line.page and prev.column == line.column
    if same_place and line.top - prev.bottom > size * 1.0:
        return True
    prev_right = edges.get((prev.page, prev.column), (prev.x0, prev.x1))[1]
    run_right = max(ln.x1 for ln in run) if len(run) > 1 else prev_right
    prev_short = prev.x1 < min(run_right, prev_right) - 1.5 * size
    indented = line.x0 > left + 0.6 * size
    if same_place:
        if line.x0 > prev.x0 + 0.6 * size:
            return True
        if prev_short and not (abs(line.x0 - prev.x0) < 1 and prev.x0 > left + 0.6 * size):
            return True
        return False
    # New column or page: continue unless the previous line ended short or this one is indented.
    return prev_short or indented


def _entry_number(word: str) -> int | None:
    """3 for an entry opening "3." or "(3)"; None otherwise."""
    m = re.fullmatch(r"(\d{1,3})\.|\((\d{1,3})\)", word)
    return int(m.group(1) or m.group(2)) if m else None


def _group(lines, kinds, labels, edges, body_size: float) -> list[Block]:
    blocks: list[Block] = []
    run: list[Line] = []
    run_kind: BlockKind | None = None
    run_label = None

    def flush():
        nonlocal run, run_kind, run_label
        if run:
            blocks.append(Block(run_kind, run, _join_lines(run), label=run_label))
        run, run_kind, run_label = [], None, None

    for i, ln in enumerate(lines):
        kind = kinds[i]
        if kind == run_kind and run and not _starts_block(kind, run[-1], ln, run, edges, body_size):
            run.append(ln)
            continue
        # A paragraph broken by a float (caption, table) continues when the next body line
        # is not indented: rejoin it to the paragraph before the float.
        # A reference entry broken by a float after the References heading continues likewise.
        if kind in (BlockKind.PARAGRAPH, BlockKind.ABSTRACT, BlockKind.REFERENCE) and run_kind not in (kind, None):
            flush()
            prev_para = next((b for b in reversed(blocks) if b.kind.is_body or b.kind in (
                BlockKind.HEADING, BlockKind.REFERENCES_HEADING, BlockKind.REFERENCE)), None)
            if (
                prev_para is not None
                and prev_para.kind == kind
                and blocks[-1] is not prev_para
                and all(b.kind in (BlockKind.CAPTION, BlockKind.FIGURE_TEXT, BlockKind.FOOTNOTE) for b in blocks[blocks.index(prev_para) + 1:])
                and not _starts_block(kind, prev_para.lines[-1], ln, prev_para.lines, edges, body_size)
            ):
                # Re-emitted when flushed, so it lands after the float in reading order.
                blocks.remove(prev_para)
                run, run_kind, run_label = prev_para.lines + [ln], kind, prev_para.label
                continue
        flush()
        run, run_kind = [ln], kind
        run_label = labels[i]
        if kind == BlockKind.REFERENCE and _REF_LABEL.match(ln.words[0].text):
            run_label = ln.words[0].text
    flush()
    floats = (BlockKind.FIGURE_TEXT, BlockKind.CAPTION)
    for i, b in enumerate(blocks):
        # A stray label between a figure's pieces ("Epoch") is figure text, not a paragraph.
        if (
            b.kind == BlockKind.PARAGRAPH and len(b.text.split()) < 4
            and 0 < i < len(blocks) - 1 and blocks[i - 1].kind in floats and blocks[i + 1].kind in floats
        ):
            b.kind = BlockKind.FIGURE_TEXT
    for b in blocks:
        if b.kind == BlockKind.HEADING and b.label is None:
            m = re.match(r"^(\d+(?:\.\d+)*)\.", b.text)
            b.label = m.group(1) if m else None
    return blocks
