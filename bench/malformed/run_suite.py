#!/usr/bin/env python3
"""Run every malformed case through the real CLI and summarise what happened.

    python bench/malformed/run_suite.py [--suite bench/out/malformed] [--jobs 1] [--cap SECONDS]
                                        [--no-benchmarks] [--make]

Each case runs as ``integrity-check CASE --format json`` in its own process
with a hard wall-clock cap (default: twice the tool's own per-file time limit,
INP004 ``seconds``).  Outcomes:

* ``result``   - a JSON report without an input error (findings or clean);
* ``INP00n``   - a JSON report whose file has that input error;
* ``crash``    - a traceback on stderr, output that is not the JSON report, or
  an exit code other than 0, 1 or 2;
* ``wrong-exit`` - a JSON report whose exit code does not match it (an input
  error must exit 2, a result 0 or 1);
* ``hang``     - still running at the cap (then killed).

Peak memory is the child's ``ru_maxrss`` from ``os.wait4`` (it includes any
worker processes the CLI waited for).  The summary goes to stdout and replaces
the ``## Malformed PDFs`` section of BENCHMARKS.md; per-case rows go to
``results.json`` next to the cases.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(Path(__file__).resolve().parent), str(REPO / "bench")]  # make_suite, benchmarks_md
SECTION = "## Malformed PDFs"


def default_cli() -> str:
    here = Path(sys.executable).parent / "integrity-check"
    return str(here) if here.exists() else (shutil.which("integrity-check") or "integrity-check")


def tool_time_limit() -> float:
    try:
        from integrity_check.checks.base import load_all_rules

        return float(load_all_rules()["INP004"].params["seconds"])
    except Exception:  # the bench must run even if the registry changes shape
        return 60.0


def run_case(cli: str, path: Path, cap: float) -> dict:
    """Run one case; never raises. Returns outcome, seconds, peak memory, details."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([cli, str(path), "--format", "json"], stdout=out, stderr=err,
                                stdin=subprocess.DEVNULL, start_new_session=True)
        status = rusage = None
        hung = False
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - started > cap:
                hung = True
                os.killpg(proc.pid, signal.SIGKILL)
                _, status, rusage = os.wait4(proc.pid, 0)
                break
            time.sleep(0.01)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen the child is reaped
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    row = {"case": path.name, "seconds": round(seconds, 3), "rss_mb": round(rusage.ru_maxrss / 1024, 1),
           "exit": proc.returncode, "stderr": stderr.strip().splitlines()[-1][:300] if stderr.strip() else ""}
    row["outcome"], row["detail"] = classify(stdout, stderr, proc.returncode, hung)
    return row


def classify(stdout: str, stderr: str, code: int, hung: bool) -> tuple[str, str]:
    if hung:
        return "hang", "killed at the cap"
    if "Traceback (most recent call last)" in stderr or "Traceback" in stdout:
        return "crash", "traceback"
    if code not in (0, 1, 2):
        return "crash", f"exit code {code}"
    try:
        report = json.loads(stdout)
        file = report["files"][0]
    except (ValueError, KeyError, IndexError, TypeError):
        return "crash", f"not a JSON report (exit {code})"
    error = file.get("error")
    if error:
        if code != 2:
            return "wrong-exit", f"input error with exit {code}, expected 2"
        return str(error.get("code")), str(error.get("message", ""))[:200]
    if code == 2:
        return "wrong-exit", "exit 2 without an input error"
    return "result", f"{len(file.get('findings', []))} findings"


def _uname() -> str:
    try:
        return subprocess.run(["uname", "-a"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return " ".join(platform.uname())


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else 0.0


def summarise(rows: list[dict], cases: dict[str, dict], meta: dict) -> str:
    outcomes = Counter(r["outcome"] for r in rows)
    by_cat: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        by_cat[cases[r["case"]]["category"]].append(r)
    slow = max(rows, key=lambda r: r["seconds"])
    big = max(rows, key=lambda r: r["rss_mb"])
    secs = [r["seconds"] for r in rows]
    rss = [r["rss_mb"] for r in rows]
    bad = [r for r in rows if r["outcome"] in ("crash", "hang", "wrong-exit")]
    mismatch = [r for r in rows if cases[r["case"]].get("expect") not in (None, r["outcome"])
                and not (cases[r["case"]].get("expect") == "result" and r["outcome"] == "result")]
    lines = [
        SECTION,
        "",
        f"Generated by `bench/malformed/make_suite.py` (seed {meta['seed']}) from the {meta['sources']} real PDFs in "
        "`../shared/pdfs/` plus synthetic inputs, run by `bench/malformed/run_suite.py`: each case is "
        "`integrity-check CASE --format json` in a fresh process, killed if still running after "
        f"{meta['cap']:g} s (the tool's own per-file limit is {meta['limit']:g} s).",
        "",
        f"- Machine: {meta['machine']}; `uname -a`: `{meta['uname']}`, nproc {meta['nproc']}; "
        f"{meta['jobs']} case(s) at a time; whole run {meta['wall']:.0f} s.",
        f"- **Cases: {len(rows)}.** Outcomes: "
        + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items(), key=lambda kv: (kv[0] != 'result', kv[0])))
        + f"; **crashes {outcomes.get('crash', 0)}, hangs {outcomes.get('hang', 0)}, "
        f"wrong exit codes {outcomes.get('wrong-exit', 0)}**.",
        f"- Expected outcome (where a case has one) not met: {len(mismatch)}"
        + (": " + ", ".join(f"`{r['case']}` ({r['outcome']})" for r in mismatch[:10]) if mismatch else "."),
        f"- Time per case: median {statistics.median(secs):.2f} s, p95 {percentile(secs, 0.95):.2f} s; "
        f"slowest `{slow['case']}` {slow['seconds']:.2f} s ({slow['outcome']}).",
        f"- Peak memory per check (max RSS of the process that checks the file): median {statistics.median(rss):.0f} MB, "
        f"max {big['rss_mb']:.0f} MB in `{big['case']}` ({big['outcome']}).",
        "",
        "| category | cases | outcomes | crashes | hangs | wrong exit | slowest s | peak MB |",
        "|---|---:|---|---:|---:|---:|---:|---:|",
    ]
    for cat in sorted(by_cat):
        rs = by_cat[cat]
        oc = Counter(r["outcome"] for r in rs)
        lines.append(f"| {cat} | {len(rs)} | " + ", ".join(f"{k} {v}" for k, v in sorted(oc.items()))
                     + f" | {oc.get('crash', 0)} | {oc.get('hang', 0)} | {oc.get('wrong-exit', 0)}"
                     + f" | {max(r['seconds'] for r in rs):.2f} | {max(r['rss_mb'] for r in rs):.0f} |")
    if bad:
        lines += ["", "Crashes, hangs and wrong exit codes:", ""]
        lines += [f"- `{r['case']}`: {r['outcome']} ({r['detail']}) {r['stderr'][:160]}" for r in bad[:30]]
    lines += ["", "Categories: truncated (cut at 0.05%..99% of the file, minus 1 byte, before `startxref`, header "
              "only), byteflip (1..512 random bytes XORed; 16 in the last KB), xref (startxref 0 / past EOF / "
              "mid-file / negative, xref stream removed or garbled, an appended xref with random offsets, a "
              "`/Prev` loop, a subsection of 10^9 entries), pagetree (`/Count` 1000000 or -1, loops, 150 and 101 "
              "pages), cycle (objects that are references to each other), nesting (arrays or dicts 100000 deep "
              "in content, annotations, resources, Info, MediaBox), bomb (streams inflating to 1 GB: "
              "page contents, two Flate layers, a form XObject, ASCIIHex or ASCII85 before Flate, an indirect "
              "`/Filter` name or array, a dictionary over 4 KB, Flate then RunLength, LZW; 128 MB of RunLength; "
              "three 60 MB streams on one page, six 60 MB streams on six pages, an image declaring 60000 x 60000 pixels), geometry (MediaBox 200 in, 1e12, empty, "
              "inverted), content (off-page, microscopic, invisible text; operator soup), fonts (dangling, empty "
              "or removed font resources), encrypted, notext (image-only, blank), notpdf (empty, text, PNG, HTML, "
              "ZIP, NULs), rotation (`/Rotate` 90, 180, 270 on every page, text drawn sideways by a rotated "
              "matrix, a landscape table page added with pdflscape's `/Rotate 90`: each must read as a result).",
              ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", type=Path, default=REPO / "bench" / "out" / "malformed")
    ap.add_argument("--make", action="store_true", help="(re)generate the suite first")
    ap.add_argument("--cli", default=default_cli())
    ap.add_argument("--cap", type=float, default=None, help="hard wall-clock cap per case (default 2x the tool limit)")
    ap.add_argument("--jobs", "-j", type=int, default=1)
    ap.add_argument("--only", default="", help="run only cases whose name contains this")
    ap.add_argument("--no-benchmarks", action="store_true", help="do not touch BENCHMARKS.md")
    args = ap.parse_args(argv)

    if args.make or not (args.suite / "manifest.json").exists():
        import make_suite

        if make_suite.main(["--out", str(args.suite)]):
            return 2
    manifest = json.loads((args.suite / "manifest.json").read_text())
    cases = {c["file"]: c for c in manifest["cases"] if args.only in c["name"]}
    limit = tool_time_limit()
    cap = args.cap or 2 * limit
    started = time.perf_counter()
    rows: list[dict] = []
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = [pool.submit(run_case, args.cli, args.suite / f, cap) for f in cases]
        for n, fut in enumerate(futures, 1):
            row = fut.result()
            rows.append(row)
            flag = "" if row["outcome"] not in ("crash", "hang", "wrong-exit") else "  <-- " + row["detail"]
            print(f"[{n:3}/{len(futures)}] {row['outcome']:7} {row['seconds']:6.2f}s {row['rss_mb']:6.0f}MB "
                  f"{row['case']}{flag}", file=sys.stderr, flush=True)
    wall = time.perf_counter() - started
    (args.suite / "results.json").write_text(json.dumps(rows, indent=1))
    from benchmarks_md import machine, update_section

    meta = {
        "seed": manifest.get("seed"), "cap": cap, "limit": limit, "jobs": args.jobs, "wall": wall,
        "sources": len({c["source"] for c in manifest["cases"] if c["source"] != "(synthetic)"}),
        "machine": machine(), "uname": _uname(), "nproc": os.cpu_count(),
    }
    section = summarise(rows, cases, meta)
    print(section)
    if not args.no_benchmarks and not args.only:
        update_section(SECTION[3:], section.split("\n", 1)[1])
    return 1 if any(r["outcome"] in ("crash", "hang", "wrong-exit") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
