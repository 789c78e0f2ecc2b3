"""Speed and size of the similarity engine.

* Synthesises corpora of ~3,000-word documents from the PAN 2013 source
  documents (../shared/data/pan13-verbatim-dev/src): a first-order word
  Markov chain trained on them, so vocabulary and word frequencies are real
  but documents do not share long passages by construction (recombining
  whole paragraphs would make every paragraph appear in hundreds of
  documents, which no real corpus does).  Written once as .txt files into a
  temporary directory (or --workdir).
* Builds SQLite indexes of 2,000, 20,000 and 100,000 documents with
  `corpus.build_from_directory` (the `corpus build DIR` path): build rate,
  size on disk, peak RSS.
* Searches ~2,500-word reports (Markov text with two pasted 120-word
  paragraphs from corpus documents) against each index in a fresh process:
  open time, median search time (beyond extraction), RSS.

    python bench/similarity_speed.py [--sizes 2000,20000,100000] [--jobs 2] [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
PAN_SRC = ROOT.parent / "shared" / "data" / "pan13-verbatim-dev" / "src"

DOC_WORDS = 3000
REPORT_WORDS = 2500


def _train_chain():
    import numpy as np

    vocab: dict[str, int] = {}
    seq = []
    for p in sorted(PAN_SRC.glob("*.txt")):
        for w in p.read_text(encoding="utf-8").split():
            seq.append(vocab.setdefault(w, len(vocab)))
    seq = np.array(seq, dtype=np.int64)
    nxt = seq[1:]
    cur = seq[:-1]
    order = np.argsort(cur, kind="stable")
    succ = nxt[order]
    counts = np.bincount(cur, minlength=len(vocab))
    offs = np.concatenate([[0], np.cumsum(counts)[:-1]])
    words = np.array(sorted(vocab, key=vocab.get), dtype=object)
    return words, succ, offs, counts


def generate(outdir: Path, n: int, seed: int = 0, batch: int = 1000):
    import numpy as np

    outdir.mkdir(parents=True, exist_ok=True)
    words, succ, offs, counts = _train_chain()
    rng = np.random.default_rng(seed)
    nonzero = np.nonzero(counts)[0]
    made = 0
    while made < n:
        b = min(batch, n - made)
        state = rng.choice(nonzero, size=b)
        out = np.empty((b, DOC_WORDS), dtype=np.int64)
        for t in range(DOC_WORDS):
            out[:, t] = state
            c = counts[state]
            dead = c == 0
            pick = offs[state] + (rng.random(b) * np.maximum(c, 1)).astype(np.int64)
            state = np.where(dead, rng.choice(nonzero, size=b), succ[np.minimum(pick, len(succ) - 1)])
        for i in range(b):
            toks = words[out[i]]
            lines = [" ".join(toks[j:j + 40]) for j in range(0, DOC_WORDS, 40)]  # "paragraph" lines
            (outdir / f"doc{made + i:06d}.txt").write_text("\n".join(lines), encoding="utf-8")
        made += b


def make_reports(corpus_dir: Path, n_docs: int, count: int = 12, seed: int = 1):
    """Reports of ~2,500 words: Markov text (not in the corpus) with two
    120-word paragraphs pasted from random corpus documents."""
    import random

    rnd = random.Random(seed)
    gen_dir = corpus_dir.parent / "reports-src"
    if not gen_dir.exists():
        generate(gen_dir, count, seed=999)
    reports = []
    for k in range(count):
        base = (gen_dir / f"doc{k:06d}.txt").read_text().split()[:REPORT_WORDS - 240]
        for _ in range(2):
            d = corpus_dir / f"doc{rnd.randrange(n_docs):06d}.txt"
            w = d.read_text().split()
            s = rnd.randrange(0, len(w) - 120)
            at = rnd.randrange(0, len(base))
            base[at:at] = w[s:s + 120]
        reports.append(" ".join(base))
    return reports


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(corpus_dir: Path, n: int, index: Path, jobs: int) -> dict:
    """Runs in a child process: build an index of the first n documents."""
    from integrity_check.similarity import corpus as C
    from integrity_check.similarity.sqlite_index import build_sqlite

    files = sorted(corpus_dir.glob("doc*.txt"))[:n]
    t = time.perf_counter()
    idx = build_sqlite(index, C.iter_docs(files, corpus_dir), jobs=jobs)
    secs = time.perf_counter() - t
    info = idx.info()
    idx.close()
    return {"documents": n, "build_seconds": round(secs, 1), "docs_per_second": round(n / secs, 1),
            "size_on_disk_mb": round(info["size_on_disk"] / 2**20, 1), "windows": info["windows"],
            "build_peak_rss_mb": round(_rss_mb(), 1)}


def search(index: Path, corpus_dir: Path, n: int) -> dict:
    """Runs in a child process: open the index, search the reports."""
    from integrity_check.similarity import open_index

    reports = make_reports(corpus_dir, n)
    rss0 = _rss_mb()
    t = time.perf_counter()
    idx = open_index(index)
    open_s = time.perf_counter() - t
    idx.search(reports[0])  # warm-up: imports, stemmer cache
    times, found, timings = [], 0, []
    for r in reports[1:]:
        tm: dict = {}
        t = time.perf_counter()
        m = idx.search(r, timings=tm)
        times.append(time.perf_counter() - t)
        timings.append(tm)
        found += sum(len(x.passages) for x in m)
    return {"open_seconds": round(open_s, 3), "search_median_s": round(statistics.median(times), 4),
            "search_max_s": round(max(times), 4),
            "lsh_median_s": round(statistics.median(t["lsh"] for t in timings), 4),
            "candidates_median": statistics.median(t["candidates"] for t in timings),
            "passages_found": found, "passages_pasted": 2 * len(times),
            "search_peak_rss_mb": round(_rss_mb(), 1), "rss_before_open_mb": round(rss0, 1)}


def _child(fn: str, *args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", fn, *map(str, args)], check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def machine() -> dict:
    return {"uname": " ".join(os.uname()), "nproc": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "python": sys.version.split()[0]}


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="2000,20000,100000")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--json", default=None)
    ap.add_argument("--child", nargs="+", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        fn, *rest = args.child
        if fn == "build":
            res = build(Path(rest[0]), int(rest[1]), Path(rest[2]), int(rest[3]))
        else:
            res = search(Path(rest[0]), Path(rest[1]), int(rest[2]))
        print(json.dumps(res))
        return
    sizes = [int(s) for s in args.sizes.split(",")]
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="simspeed-"))
    corpus_dir = work / "corpus"
    have = len(list(corpus_dir.glob("doc*.txt"))) if corpus_dir.exists() else 0
    t = time.perf_counter()
    if have < max(sizes):
        generate(corpus_dir, max(sizes))
    gen_s = time.perf_counter() - t
    from integrity_check.similarity import SimilarityParams

    results = {"machine": machine(), "generate_seconds": round(gen_s, 1), "params": vars(SimilarityParams()),
               "bands": SimilarityParams().bands(), "runs": []}
    for n in sizes:
        index = work / f"index-{n}.sqlite"
        b = _child("build", corpus_dir, n, index, args.jobs)
        s = _child("search", index, corpus_dir, n)
        run = {**b, **s}
        results["runs"].append(run)
        print(json.dumps(run), flush=True)
        if args.json:
            Path(args.json).write_text(json.dumps(results, indent=1, default=str))
    if not args.keep and not args.workdir:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(results, indent=1, default=str))


if __name__ == "__main__":
    main()
