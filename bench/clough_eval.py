"""Reworded copying: the Clough & Stevenson short answers through the CLI.

Builds one corpus index of the five source articles of
../shared/data/clough-dev plus unrelated documents (the first N PAN 2013
source documents, default all 1,949), then checks every answer the way a
user does:

    integrity-check ANSWER.txt ... --corpus IDX --format json

(one CLI process for all 40 answers) and counts, per category (cut / light
/ heavy / non), the answers with an uncited SIM001 finding against their own
task's article, and any SIM001 finding against anything else (a false flag).

Baseline, measured in the same run: copydetect (PyPI, character 25-gram
winnowing, its CopyDetector defaults noise_t=25, guarantee_t=25,
display_t=0.33) comparing each answer with its true article alone (an easier
setting than a 2,000-document corpus), with its code filter off
(``disable_filtering``: its pygments filter reduces prose to an empty
string).  Reported at its default display
threshold and at the threshold that is best on these answers without
flagging a `non` answer ("tuned": fitted here, an upper bound).

    python bench/clough_eval.py [--distractors N] [--json out.json] [--set name=value]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
DATA = ROOT.parent / "shared" / "data"
CLOUGH = DATA / "clough-dev"
PAN_SRC = DATA / "pan13-verbatim-dev" / "src"
CATEGORIES = ("cut", "light", "heavy", "non")


def answers():
    """[(file name, task, category)] of the answers (not the articles)."""
    with open(CLOUGH / "file_information.csv", newline="") as f:
        rows = [(r["File"], r["Task"], r["Category"]) for r in csv.DictReader(f)]
    return [r for r in rows if r[2] != "orig"]


def build(index_path: str, distractors: int | None, params=None) -> dict:
    from integrity_check.extract.plaintext import decode_text
    from integrity_check.similarity import build_index

    docs = [(f"orig_task{t}.txt", decode_text((CLOUGH / f"orig_task{t}.txt").read_bytes()), {}) for t in "abcde"]
    pan = sorted(PAN_SRC.glob("*.txt"))
    if distractors is not None:
        pan = pan[:distractors]
    docs += [(p.name, p.read_text(encoding="utf-8"), {}) for p in pan]
    t0 = time.perf_counter()
    build_index(index_path, iter(docs), params=params, jobs=min(2, os.cpu_count() or 1)).close()
    dt = time.perf_counter() - t0
    return {"documents": len(docs), "distractors": len(pan), "build_seconds": round(dt, 2),
            "build_docs_per_s": round(len(docs) / dt, 1)}


def run_cli(index_path: str, files: list[Path], env_extra: dict | None = None) -> dict:
    """The JSON report of one `integrity-check FILES --corpus IDX --format json` run."""
    cmd = [sys.executable, "-m", "integrity_check", *map(str, files), "--corpus", index_path,
           "--format", "json", "--fail-on", "never", "--no-progress"]
    env = {**os.environ, **(env_extra or {})}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    if out.returncode not in (0, 1):
        raise SystemExit(f"integrity-check failed ({out.returncode}): {out.stderr.strip()[:500]}")
    return json.loads(out.stdout)


def score_cli(report: dict, rows) -> dict:
    by_name = {Path(f["path"]).name: f for f in report["files"]}
    per = {c: {"answers": 0, "flagged_own": 0, "flagged_other": 0} for c in CATEGORIES}
    detail = []
    for name, task, cat in rows:
        f = by_name[name]
        own = f"orig_task{task}.txt"
        sim = [x for x in f["findings"] if x["rule"] == "SIM001" and x["severity"] != "info"]
        kinds = sorted({x["data"].get("kind", "verbatim") for x in sim if x["data"]["source"] == own})
        flagged_own = any(x["data"]["source"] == own for x in sim)
        others = sorted({x["data"]["source"] for x in sim if x["data"]["source"] != own})
        per[cat]["answers"] += 1
        per[cat]["flagged_own"] += flagged_own
        per[cat]["flagged_other"] += bool(others)
        words = sum(x["data"]["words"] for x in sim if x["data"]["source"] == own)
        detail.append({"file": name, "category": cat, "flagged_own": flagged_own, "kinds": kinds,
                       "own_words": words, "answer_words": f["metrics"].get("words"),
                       "other_sources": others, "own_words_pct": f["metrics"].get("own_words_pct")})
    return {"per_category": per, "answers": detail}


def copydetect_scores(rows) -> dict:
    """copydetect similarity of each answer to its own article (CopyDetector defaults)."""
    try:
        from copydetect import CodeFingerprint, compare_files
    except ImportError:
        return {"error": "copydetect is not installed (pip install copydetect)"}
    noise_t, guarantee_t, display_t = 25, 25, 0.33  # CopyDetector's defaults
    win = guarantee_t - noise_t + 1
    with tempfile.TemporaryDirectory() as tmp:
        def fp(name):
            # copydetect reads files itself: give it UTF-8 copies (some answers are cp1252)
            from integrity_check.extract.plaintext import decode_text

            p = Path(tmp) / name
            if not p.exists():
                p.write_text(decode_text((CLOUGH / name).read_bytes()), encoding="utf-8")
            return CodeFingerprint(str(p), noise_t, win, filter=False)

        arts = {t: fp(f"orig_task{t}.txt") for t in "abcde"}
        scores = []
        for name, task, cat in rows:
            _, (sim_answer, _sim_src), _ = compare_files(fp(name), arts[task])
            scores.append((name, cat, float(sim_answer)))
    out = {"settings": {"noise_t": noise_t, "guarantee_t": guarantee_t, "display_t": display_t,
                         "disable_filtering": True}}
    out["default"] = _flag_counts(scores, display_t)
    # the best threshold on these answers that flags no `non` answer
    worst_non = max([s for _, c, s in scores if c == "non"], default=0.0)
    tuned = worst_non + 1e-6
    out["tuned"] = {"threshold": round(tuned, 4), **_flag_counts(scores, tuned)}
    out["scores"] = [{"file": n, "category": c, "similarity": round(s, 4)} for n, c, s in scores]
    return out


def _flag_counts(scores, t):
    per = {c: [0, 0] for c in CATEGORIES}
    for _, cat, s in scores:
        per[cat][0] += 1
        per[cat][1] += s >= t
    return {c: {"answers": a, "flagged_own": f} for c, (a, f) in per.items()}


def run(distractors=None, params_env=None) -> dict:
    rows = answers()
    res = {}
    with tempfile.TemporaryDirectory(prefix="clough-") as tmp:
        idx = os.path.join(tmp, "clough.sqlite")
        params = None
        if params_env:
            from integrity_check.similarity import SimilarityParams

            params = SimilarityParams(**params_env)
        res["index"] = build(idx, distractors, params)
        t0 = time.perf_counter()
        report = run_cli(idx, [CLOUGH / n for n, _, _ in rows])
        res["cli_seconds"] = round(time.perf_counter() - t0, 2)
        res["checker"] = score_cli(report, rows)
    res["copydetect"] = copydetect_scores(rows)
    return res


def table(res) -> str:
    ck, cd = res["checker"]["per_category"], res["copydetect"]
    lines = ["| answers | integrity-check (corpus) | false flags vs other docs | copydetect default | copydetect tuned |",
             "| --- | --- | --- | --- | --- |"]
    for c in CATEGORIES:
        n = ck[c]["answers"]
        d = cd.get("default", {}).get(c, {}).get("flagged_own", "-")
        t = cd.get("tuned", {}).get(c, {}).get("flagged_own", "-")
        lines.append(f"| {c} | {ck[c]['flagged_own']} of {n} | {ck[c]['flagged_other']} | {d} of {n} | {t} of {n} |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--distractors", type=int, default=None, help="first N PAN sources (default: all 1,949)")
    ap.add_argument("--json", default=None, help="write the full result to this file")
    ap.add_argument("--set", action="append", default=[],
                    help="hashing parameter of the index, e.g. --set para_window=0 (stored in the index, so the CLI uses it)")
    args = ap.parse_args(argv)
    if not CLOUGH.is_dir():
        raise SystemExit(f"no data at {CLOUGH}")
    from integrity_check.similarity import SimilarityParams

    kw = {}
    for item in args.set:
        k, v = item.split("=", 1)
        kw[k] = type(getattr(SimilarityParams(), k))(v)
    res = run(args.distractors, kw or None)
    print(table(res))
    print(json.dumps({k: v for k, v in res.items() if k != "copydetect"} | {
        "copydetect": {k: v for k, v in res["copydetect"].items() if k != "scores"}}, indent=1)[:4000])
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
