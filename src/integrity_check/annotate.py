"""``--annotate DIR``: pictures of the format findings.

One PNG per page that has a format finding: the page rendered with pypdfium2,
each offending item boxed in red and labelled with its rule code, so a student
sees at a glance what sticks out where. pypdfium2 and PIL load only when used.
"""
from __future__ import annotations

import re
from pathlib import Path

from .findings import Finding

SCALE = 2.0  # 144 dpi: small files, readable labels
_COLOURS = {"error": (220, 30, 30), "warning": (230, 140, 0), "info": (30, 120, 220)}


def boxes_of(finding: Finding) -> list[tuple[float, float, float, float]]:
    """The boxes to draw for a finding: each offending item if the rule lists them, else its box."""
    listed = finding.data.get("boxes") if finding.data else None
    if listed:
        return [tuple(map(float, b)) for b in listed]
    return [finding.bbox] if finding.bbox else []


def annotate_file(path: str | Path, findings: list[Finding], out_dir: str | Path, family: str = "FMT",
                  turned: dict[int, int] | None = None) -> list[str]:
    """Write ``<stem>-p<N>.png`` for each page with a finding of ``family``; return the paths.

    *turned*: page -> the clockwise turn (90, 180, 270) the page's text was read in
    (``Page.rotation``); its picture is turned the same way, so that it reads upright
    and the findings' boxes, which are in that frame, fall on what they mark."""
    by_page: dict[int, list[Finding]] = {}
    for f in findings:
        if f.rule.startswith(family) and f.page:
            by_page.setdefault(f.page, []).append(f)
    if not by_page:
        return []
    import pypdfium2
    from PIL import ImageDraw

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^\w.-]+", "_", Path(path).stem)
    written: list[str] = []
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        for number in sorted(by_page):
            if not 1 <= number <= len(pdf):
                continue
            page = pdf[number - 1]
            try:
                image = page.render(scale=SCALE, rotation=(turned or {}).get(number, 0)).to_pil().convert("RGB")
            finally:
                page.close()
            draw = ImageDraw.Draw(image)
            for f in by_page[number]:
                colour = _COLOURS.get(str(f.severity), _COLOURS["error"])
                boxes = boxes_of(f)
                if not boxes:  # page-wide finding: a label in the top-left corner
                    _label(draw, (6, 6), f.rule, colour)
                    continue
                for x0, top, x1, bottom in boxes:
                    rect = [x0 * SCALE - 2, top * SCALE - 2, x1 * SCALE + 2, bottom * SCALE + 2]
                    draw.rectangle(rect, outline=colour, width=3)
                x0, top = boxes[0][0], boxes[0][1]
                _label(draw, (max(x0 * SCALE - 2, 0), max(top * SCALE - 16, 0)), f.rule, colour)
            target = out / f"{stem}-p{number}.png"
            image.save(target)
            written.append(str(target))
    finally:
        pdf.close()
    return written


def _label(draw, xy, text: str, colour) -> None:
    x, y = xy
    w = 7 * len(text) + 6
    draw.rectangle([x, y, x + w, y + 14], fill=colour)
    draw.text((x + 3, y + 1), text, fill=(255, 255, 255))
