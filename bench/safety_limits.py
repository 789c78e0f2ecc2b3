"""Issue 12, items 5 and 12: processes started and memory used by `--processes 1000`, and the
memory a worker holds when an earlier file leaves memory behind.

    python bench/safety_limits.py [--baseline SRC] [--files N] [--repeat R]

`--baseline SRC` is another checkout's `src` folder (e.g. `git archive REV | tar -x -C /tmp/base`)
run the same way in the same session. Prints medians of R runs: the most worker processes alive
at once, the peak summed RSS of the run's process tree (sampled every 50 ms) and wall time.
"""
from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "report.pdf"


def _tree(pid: int) -> list[int]:
    """pid and all its descendants (from /proc)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as fh:
                ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    out, stack = [], [pid]
    while stack:
        p = stack.pop()
        out.append(p)
        stack += children.get(p, [])
    return out


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def measure(src: Path, args: list[str], env: dict[str, str]) -> tuple[int, int, float]:
    """(most processes in the tree at once, peak summed RSS in bytes, seconds)."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "integrity_check", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**env, "PYTHONPATH": str(src)})
    most, peak = 0, 0
    while proc.poll() is None:
        pids = _tree(proc.pid)
        most = max(most, len(pids))
        peak = max(peak, sum(_rss(p) for p in pids))
        time.sleep(0.05)
    return most, peak, time.monotonic() - started


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", type=Path)
    ap.add_argument("--files", type=int, default=24)
    ap.add_argument("--repeat", type=int, default=3)
    opts = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="ic-limits-"))
    try:
        for i in range(opts.files):
            shutil.copy(EXAMPLE, folder / f"r{i:03d}.pdf")
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        print(f"{platform.platform()}, nproc {os.cpu_count()}, Python {platform.python_version()}, "
              f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {opts.files} copies of examples/report.pdf")
        sources = [("this checkout", ROOT / "src")] + ([("baseline", opts.baseline)] if opts.baseline else [])
        for name, src in sources:
            runs = [measure(src, [str(folder), "-f", "json", "--processes", "1000"], env) for _ in range(opts.repeat)]
            procs = statistics.median(r[0] for r in runs)
            rss = statistics.median(r[1] for r in runs) / 2**20
            secs = statistics.median(r[2] for r in runs)
            print(f"{name:14} --processes 1000: {procs:.0f} processes at most, peak RSS {rss:,.0f} MB, {secs:.1f} s")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
