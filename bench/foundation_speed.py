"""Start-up and single-report speed, and extraction time per page against pdftotext.

Run: python bench/foundation_speed.py [--runs N]
Targets (issue 2): `integrity-check --help` < 0.3 s; checking a 4-page report in a
fresh process < 1.5 s. Each number is a median; `python -c pass` and pdftotext are
measured in the same run as baselines.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

from benchmarks_md import REPO, machine, time_command, update_section

SHARED = REPO.parent / "shared" / "pdfs"


def cli() -> list[str]:
    exe = shutil.which("integrity-check")
    return [exe] if exe else [sys.executable, "-m", "integrity_check"]


def extraction_per_page(pdf: Path, runs: int) -> float:
    from integrity_check.extract import load_document

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        doc = load_document(pdf)
        times.append((time.perf_counter() - start) / len(doc.pages))
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--no-write", action="store_true", help="print only; leave BENCHMARKS.md alone")
    args = ap.parse_args()

    rows = []
    python = time_command([sys.executable, "-c", "pass"], args.runs)
    rows.append(("`python -c pass` (baseline)", python))
    rows.append(("`integrity-check --help`", time_command([*cli(), "--help"], args.runs)))
    reports = [REPO / "examples" / "report.pdf", SHARED / "cvpr2026-report-final.pdf"]
    for pdf in reports:
        if pdf.exists():
            rows.append((f"check `{pdf.name}` (4 pages), fresh process",
                         time_command([*cli(), str(pdf), "--quiet"], args.runs)))

    extraction = []
    pdftotext = shutil.which("pdftotext")
    for pdf in [*reports, SHARED / "cvpr2026-kit-review.pdf", SHARED / "acl2023-final-a4.pdf"]:
        if not pdf.exists():
            continue
        ours = extraction_per_page(pdf, max(3, args.runs // 2))
        pages = len(__import__("pdfplumber").open(pdf).pages)
        base = time_command([pdftotext, "-layout", str(pdf), "/dev/null"], args.runs) / pages if pdftotext else None
        extraction.append((pdf.name, ours, base))

    lines = [f"Machine: {machine()}.", "", "| what | median |", "|---|---|"]
    lines += [f"| {name} | {sec:.3f} s |" for name, sec in rows]
    lines += ["", "Extraction (pdfplumber words + layout model, in-process) per page, against "
              "`pdftotext -layout` (poppler, fresh process, same run):", "",
              "| PDF | integrity-check | pdftotext | ratio |", "|---|---|---|---|"]
    for name, ours, base in extraction:
        ratio = f"{ours / base:.1f}x" if base else "n/a"
        base_txt = f"{base * 1000:.1f} ms" if base else "not installed"
        lines.append(f"| {name} | {ours * 1000:.1f} ms | {base_txt} | {ratio} |")
    lines += ["", "Targets: `--help` under 0.3 s; a 4-page report under 1.5 s in a fresh process.",
              f"Reproduce: `python bench/foundation_speed.py --runs {args.runs}`."]
    body = "\n".join(lines)
    print(body)
    if not args.no_write:
        update_section("Start-up and single report", body)


if __name__ == "__main__":
    main()
