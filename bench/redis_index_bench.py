"""The shared index's cost: SQLite file, single-node Redis and a 3-master Redis Cluster.

For each corpus and back-end: build rate (documents/s, `build_index` as
`corpus build` runs it, 2 hashing processes), bytes per indexed document
(SQLite: file size; Redis: the index's keys by ``MEMORY USAGE``, and the
server's ``used_memory`` growth for comparison) and search time (median over
reports, beyond extraction), and whether every back-end returns the same
findings as SQLite.

Corpora: the 1,949 PAN 2013 source documents (reports: the first 12 suspicious
documents) and synthetic ~3,000-word documents made by bench/similarity_speed.py
(reports: ~2,500 words with two pasted 120-word paragraphs).  The script
starts its own redis-server processes on loopback ports (the helpers of
tests/similarity/conftest.py) and stops them afterwards.

    python bench/redis_index_bench.py [--synthetic 20000] [--json out.json] [--hash-once [--parallel-writes]]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
PAN = ROOT.parent / "shared" / "data" / "pan13-verbatim-dev"


def _used_memory(ports) -> int:
    import redis

    return sum(redis.Redis(port=p).info("memory")["used_memory"] for p in ports)


def _findings(matches):
    return [(m.source, [(p.start, p.end, p.source_start, p.source_end) for p in m.passages]) for m in matches]


def prepare_once(files, path: Path) -> float:
    """--hash-once: hash the documents once (2 processes, as `corpus build`), keep the
    records in a pickle stream at *path*; returns the seconds hashing took."""
    import pickle

    from integrity_check.similarity import SimilarityParams
    from integrity_check.similarity.corpus import iter_docs
    from integrity_check.similarity.engine import prepare_many

    t = time.perf_counter()
    with open(path, "wb") as out:
        for rec in prepare_many(iter_docs(files, files[0].parent), SimilarityParams(), jobs=2):
            pickle.dump(rec, out, protocol=pickle.HIGHEST_PROTOCOL)
    return time.perf_counter() - t


def _stored_records(path: Path):
    import pickle

    with open(path, "rb") as f:
        while True:
            try:
                yield pickle.load(f)
            except EOFError:
                return


def build(location: str, files, records: Path | None = None, hash_seconds: float = 0.0) -> dict:
    """Build one back-end's index; its build figures."""
    from integrity_check.similarity import build_index
    from integrity_check.similarity.corpus import iter_docs

    t = time.perf_counter()
    if records is None:
        idx = build_index(location, iter_docs(files, files[0].parent), jobs=2, expected_documents=len(files))
    else:  # the records hashed once for every back-end: this times the writing alone
        idx = build_index(location, None, expected_documents=len(files), records=_stored_records(records))
    build_s = time.perf_counter() - t
    idx.close()
    out = {"build_seconds": round(build_s, 1), "docs_per_second": round(len(files) / build_s, 1)}
    if records is not None:
        out.update(write_seconds=round(build_s, 1), hash_seconds=round(hash_seconds, 1),
                   docs_per_second=round(len(files) / (hash_seconds + build_s), 1),
                   write_docs_per_second=round(len(files) / build_s, 1))
    return out


def _build_in_child(args):
    return build(*args)


def search(name: str, location: str, reports, reference=None) -> tuple[dict, list]:
    """Size and search time of a built index (median over the reports after a warm-up)."""
    from integrity_check.similarity import open_index

    idx = open_index(location)
    info = idx.info()
    size = info["memory"]["total"] if info.get("memory") else info["size_on_disk"]
    idx.search(reports[0])  # warm-up
    load_before = os.getloadavg()[0]
    times, found = [], []
    for r in reports[1:]:
        t = time.perf_counter()
        found.append(_findings(idx.search(r)))
        times.append(time.perf_counter() - t)
    out = {
        "backend": name, "documents": info["documents"], "windows": info["windows"],
        "bytes": size, "bytes_per_document": round(size / max(info["documents"], 1)),
        "search_median_s": round(statistics.median(times), 4), "search_max_s": round(max(times), 4),
        # the machine is shared: the 1-minute load around the searches says how far to trust their times
        "load_during_search": [round(load_before, 1), round(os.getloadavg()[0], 1)],
    }
    if info.get("memory"):
        out["bucket_keys"] = info["memory"]["bucket_keys"]
    if reference is not None:
        out["same_findings_as_sqlite"] = found == reference
    idx.close()
    return out, found


def run_corpus(label: str, files, reports, work: Path, hash_once: bool = False,
               parallel_writes: bool = False) -> list[dict]:
    """Build the three back-ends (one after the other, or with --parallel-writes at the same
    time from the records hashed once), then search each while the others are idle."""
    from similarity.conftest import RedisClusterServers, RedisServer

    records, hash_s = None, 0.0
    if hash_once:
        records = work / f"{label}.records"
        hash_s = prepare_once(files, records)
        print(json.dumps({"corpus": label, "hash_seconds": round(hash_s, 1)}), flush=True)
    # no persistence on the servers: the bench measures the index, not the disk
    (work / f"{label}-single").mkdir(exist_ok=True)
    (work / f"{label}-cluster").mkdir(exist_ok=True)
    single = RedisServer(work / f"{label}-single", "--appendonly", "no")
    cluster = None
    try:
        cluster = RedisClusterServers(work / f"{label}-cluster", 3, "--appendonly", "no")
        backends = [("sqlite", str(work / f"{label}.sqlite"), ()),
                    ("redis", single.url + f"?prefix={label}", [single.port]),
                    ("redis cluster (3 masters)", cluster.url + f"?prefix={label}", cluster.ports)]
        before = [_used_memory(ports) if ports else 0 for _, _, ports in backends]
        jobs = [(location, files, records, hash_s) for _, location, _ in backends]
        if parallel_writes:
            import multiprocessing as mp

            with mp.get_context("fork").Pool(len(jobs)) as pool:
                built = pool.map(_build_in_child, jobs, chunksize=1)
        else:
            built = [build(*job) for job in jobs]
        rows, reference = [], None
        for (name, location, ports), b, mem0 in zip(backends, built, before):
            row, found = search(name, location, reports, reference)
            if reference is None:
                reference = found
            row.update(b)
            if parallel_writes:
                row["written_concurrently"] = True  # the three wrote at once: rates are shares of the machine
            if ports:
                row["server_used_memory_growth"] = _used_memory(ports) - mem0
            rows.append({"corpus": label, **row})
            print(json.dumps(rows[-1]), flush=True)
        return rows
    finally:
        single.stop()
        if cluster is not None:
            cluster.stop()


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--synthetic", default="", help="sizes of synthetic corpora, e.g. 20000,100000")
    ap.add_argument("--no-pan", action="store_true")
    ap.add_argument("--workdir", default=None)
    ap.add_argument("--json", default=None)
    ap.add_argument("--hash-once", action="store_true",
                    help="hash the documents once and time each back-end's writing of the same records "
                         "(build rate = documents / (hashing + writing); build_index overlaps the two)")
    ap.add_argument("--parallel-writes", action="store_true",
                    help="with --hash-once: the three back-ends write at the same time (for large corpora; "
                         "searches still run one back-end at a time)")
    args = ap.parse_args(argv)
    if args.parallel_writes and not args.hash_once:
        ap.error("--parallel-writes needs --hash-once")
    from similarity_speed import generate, machine, make_reports

    work = Path(args.workdir or tempfile.mkdtemp(prefix="redis-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results = {"machine": machine(), "runs": []}
    if not args.no_pan:
        files = sorted((PAN / "src").glob("*.txt"))
        reports = [p.read_text(encoding="utf-8") for p in sorted((PAN / "susp").glob("*.txt"))[:12]]
        results["runs"] += run_corpus("pan-sources", files, reports, work, args.hash_once, args.parallel_writes)
    for n in [int(s) for s in args.synthetic.split(",") if s]:
        corpus_dir = work / "synthetic"
        if len(list(corpus_dir.glob("doc*.txt"))) < n:
            generate(corpus_dir, n)
        files = sorted(corpus_dir.glob("doc*.txt"))[:n]
        results["runs"] += run_corpus(f"synthetic-{n}", files, make_reports(corpus_dir, n), work, args.hash_once,
                                      args.parallel_writes)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1))
    print(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
