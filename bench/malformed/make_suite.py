#!/usr/bin/env python3
"""Write the malformed-PDF suite: hundreds of broken and hostile PDFs derived from real ones.

    python bench/malformed/make_suite.py [--pdfs ../shared/pdfs] [--out bench/out/malformed] [--seed 7]

The real PDFs are read, never copied; the cases go to a git-ignored folder
together with ``manifest.json`` (name, category, source, expected outcome).
The generators live in ``tests/robustness/malformed_cases.py`` so that the CI
sample and this suite share one implementation.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tests" / "robustness"))

import malformed_cases as mc  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pdfs", type=Path, default=REPO.parent / "shared" / "pdfs", help="folder of real PDFs")
    ap.add_argument("--out", type=Path, default=REPO / "bench" / "out" / "malformed")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)

    sources = sorted(args.pdfs.glob("*.pdf"))
    if not sources:
        print(f"no PDFs in {args.pdfs}", file=sys.stderr)
        return 2
    if args.out.exists():
        shutil.rmtree(args.out)
    args.out.mkdir(parents=True)
    started = time.perf_counter()
    manifest = []
    for case in mc.all_cases(sources, args.seed):
        path = case.write(args.out)
        manifest.append({"name": case.name, "file": path.name, "category": case.category, "source": case.source,
                         "expect": case.expect, "note": case.note, "bytes": path.stat().st_size})
    (args.out / "manifest.json").write_text(json.dumps({"seed": args.seed, "cases": manifest}, indent=1))
    total = sum(m["bytes"] for m in manifest)
    print(f"{len(manifest)} cases from {len(sources)} PDFs in {args.out} "
          f"({total / 1e6:.1f} MB, {time.perf_counter() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
