"""Caption-to-float gaps on real PDFs: what FMT011's ``near_pt`` has to separate.

For every "Figure k"/"Table k" caption: the gap (pt) up to the nearest figure or table
material above it and down to the nearest below it in its column, as FMT011 measures
them (``checks.format.structure.float_gaps``), and which side the template wants.
Prints one row per caption and a summary of the gaps on the side where the caption's
own float stands (the nearer side) and on the other side.

    python bench/caption_gaps.py [PDF or folder ...]   # default: ../shared/realworld ../shared/pdfs
"""
from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT = [REPO.parent / "shared" / "realworld", REPO.parent / "shared" / "pdfs"]


def main(argv: list[str]) -> int:
    from integrity_check.checks.format.structure import _FIGURE, _TABLE, float_gaps
    from integrity_check.extract import load_document
    from integrity_check.model import BlockKind

    paths = [Path(a) for a in argv] or DEFAULT
    files = sorted(p for a in paths for p in ([a] if a.is_file() else a.glob("*.pdf")))
    near, far = [], []
    print("| file | page | caption | above pt | below pt |")
    print("|---|---|---|---|---|")
    for path in files:
        doc = load_document(path)
        for c in doc.blocks_of(BlockKind.CAPTION):
            if not (_FIGURE.match(c.text) or _TABLE.match(c.text)):
                continue
            above, below = float_gaps(doc, c)
            show = lambda g: "-" if g is None else f"{g:.1f}"  # noqa: E731
            print(f"| {path.name} | {c.page} | {c.text[:28]} | {show(above)} | {show(below)} |")
            sides = sorted(g for g in (above, below) if g is not None)
            if sides:
                near.append(sides[0])
                if len(sides) > 1:
                    far.append(sides[1])
    for name, gaps in (("nearer side", near), ("farther side", far)):
        gaps.sort()
        if gaps:
            print(f"{name}: {len(gaps)} captions, gaps (pt) min {gaps[0]:.1f}, median {gaps[len(gaps) // 2]:.1f}, "
                  f"max {gaps[-1]:.1f}; between 16 and 40: {[round(g, 1) for g in gaps if 16 <= g <= 40]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
