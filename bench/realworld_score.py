"""Verdict precision on real reports: the checker's findings scored against ../shared/realworld/labels.tsv.

Each label judges one finding the checker once made (TP true, FP false, DEB either
way is right) or names a violation it missed (FN). A run's findings are paired with
the labels of the same file and rule, most alike message first, then page; what
is left of a run's findings is "unjudged" and listed for a reader to look at.

    python bench/realworld_score.py                 # score the current checker, print per family
    python bench/realworld_score.py --json run.json # score a saved `--format json` run
    python bench/realworld_score.py --before old.json --write   # before/after table into BENCHMARKS.md

Standard library only, so tests can import it (tests/realworld/).
"""
from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REALWORLD = REPO.parent / "shared" / "realworld"

# Rules whose page names where the document's content ends, not where one item stands:
# it moves legitimately when a missed References heading is found.
PAGE_MOVES = {"FMT002"}
# A pairing needs this much alike text (difflib ratio) unless the rule has one label
# on that page: messages are reworded as rules improve, and a finding on the labelled
# page of a rule with a single label there is the labelled finding.
MIN_RATIO = 0.45

FAMILIES = {"FMT": "format", "CIT": "citations", "QUO": "quotations", "SIM": "similarity", "INP": "input"}


@dataclass
class Label:
    file: str
    pages: tuple[int, int]
    rule: str
    verdict: str
    note: str
    message: str
    matched: list[dict] = field(default_factory=list)

    @property
    def family(self) -> str:
        return FAMILIES.get(self.rule[:3], self.rule[:3])

    def on_page(self, page: int | None) -> bool:
        return page is not None and self.pages[0] <= page <= self.pages[1]

    def describe(self) -> str:
        pages = str(self.pages[0]) if self.pages[0] == self.pages[1] else f"{self.pages[0]}-{self.pages[1]}"
        return f"{self.file} p{pages} {self.rule} {self.verdict}: {self.note[:110]}"


def read_labels(path: Path = REALWORLD / "labels.tsv") -> list[Label]:
    labels = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            lo, _, hi = row["page"].partition("-")
            labels.append(Label(row["file"], (int(lo), int(hi or lo)), row["rule"], row["verdict"],
                                row["note"], row["tool_message"]))
    return labels


def run_checker(files: list[Path], out: Path) -> dict:
    """The checker through its command line, as a user runs it (default pack)."""
    cmd = [sys.executable, "-m", "integrity_check", *map(str, files), "--format", "json",
           "--no-progress", "--output", str(out)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"checker failed ({proc.returncode}): {proc.stderr.strip()[-2000:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def findings_by_file(report: dict) -> dict[str, list[dict]]:
    return {Path(f["path"]).name: list(f.get("findings") or []) for f in report["files"]}


def _ratio(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


@dataclass
class Score:
    labels: list[Label]
    unjudged: list[tuple[str, dict]]

    def by_verdict(self, verdict: str) -> list[Label]:
        return [lab for lab in self.labels if lab.verdict == verdict]

    def tp_lost(self) -> list[Label]:
        return [lab for lab in self.by_verdict("TP") if not lab.matched]

    def fp_left(self) -> list[Label]:
        return [lab for lab in self.by_verdict("FP") if lab.matched]

    def fn_missed(self) -> list[Label]:
        return [lab for lab in self.by_verdict("FN") if not lab.matched]

    def table(self) -> dict[str, dict[str, int]]:
        rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for lab in self.labels:
            row = rows[lab.family]
            row[lab.verdict] += 1
            if lab.matched:
                row[lab.verdict + "_reported"] += 1
        return {k: dict(v) for k, v in sorted(rows.items())}


def score(report: dict, labels: list[Label]) -> Score:
    """Pair each finding with at most one label (same file and rule), most alike first."""
    found = findings_by_file(report)
    by_key: dict[tuple[str, str], list[Label]] = defaultdict(list)
    for lab in labels:
        lab.matched = []
        by_key[(lab.file, lab.rule)].append(lab)
    unjudged: list[tuple[str, dict]] = []
    for name, findings in found.items():
        for rule in sorted({f["rule"] for f in findings}):
            mine = [f for f in findings if f["rule"] == rule]
            cands = by_key.get((name, rule), [])
            unjudged.extend((name, f) for f in _pair(mine, cands))
    return Score(labels, unjudged)


def _pair(findings: list[dict], labels: list[Label]) -> list[dict]:
    """Greedy pairing; returns the findings left unpaired."""
    options = []
    for i, f in enumerate(findings):
        for j, lab in enumerate(labels):
            same_page = lab.on_page(f.get("page")) or lab.rule in PAGE_MOVES
            if not same_page:
                continue
            # An FN label has no message: it takes a finding left over on its pages.
            ratio = _ratio(f["message"], lab.message) if lab.message else 0.0
            alone = sum(1 for other in labels if other.on_page(f.get("page"))) == 1
            if lab.message and ratio < MIN_RATIO and not alone:
                continue
            options.append((0 if lab.message else 1, -ratio, i, j))
    options.sort()
    used_f: set[int] = set()
    used_l: set[int] = set()
    for _, _, i, j in options:
        if i in used_f or j in used_l:
            continue
        used_f.add(i)
        used_l.add(j)
        labels[j].matched.append(findings[i])
    return [f for i, f in enumerate(findings) if i not in used_f]


def render_table(before: Score | None, after: Score) -> str:
    lines = ["| family | true findings kept | false findings left | missed violations caught | debatable reported |",
             "|---|---|---|---|---|"]
    fams = sorted({lab.family for lab in after.labels})
    for fam in fams:
        cells = []
        for verdict in ("TP", "FP", "FN", "DEB"):
            def cell(s: Score | None) -> str:
                if s is None:
                    return ""
                labs = [lab for lab in s.labels if lab.family == fam and lab.verdict == verdict]
                return f"{sum(1 for lab in labs if lab.matched)}/{len(labs)}" if labs else "-"
            a = cell(after)
            cells.append(f"{cell(before)} → **{a}**" if before is not None else a)
        lines.append(f"| {fam} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", type=Path, help="score a saved --format json run instead of running the checker")
    ap.add_argument("--before", type=Path, help="a saved run to show as 'before' in the table")
    ap.add_argument("--save", type=Path, help="save this run's JSON here")
    ap.add_argument("--write", action="store_true", help="write the table into BENCHMARKS.md")
    ap.add_argument("--quiet", action="store_true", help="only the table and the failures")
    args = ap.parse_args(argv)

    labels = read_labels()
    if args.json:
        report = json.loads(args.json.read_text(encoding="utf-8"))
    else:
        with tempfile.TemporaryDirectory() as tmp:
            report = run_checker(sorted(REALWORLD.glob("*.pdf")), Path(tmp) / "run.json")
    if args.save:
        args.save.write_text(json.dumps(report), encoding="utf-8")
    after = score(report, labels)
    before = None
    if args.before:
        before = score(json.loads(args.before.read_text(encoding="utf-8")), read_labels())
    print(render_table(before, after))
    for title, labs in (("TRUE FINDING LOST", after.tp_lost()), ("FALSE FINDING LEFT", after.fp_left()),
                        ("MISSED VIOLATION", after.fn_missed())):
        for lab in labs:
            extra = f"  <- {lab.matched[0]['message'][:120]}" if lab.matched else ""
            print(f"{title}: {lab.describe()}{extra}")
    if not args.quiet:
        for name, f in after.unjudged:
            print(f"unjudged: {name} p{f.get('page')} {f['rule']} {f['severity']}: {f['message'][:140]}")
    if args.write:
        sys.path.insert(0, str(REPO / "bench"))
        from benchmarks_md import machine, update_section

        update_section("Verdict precision on real reports", (
            "`python bench/realworld_score.py` checks the 15 judged reports in `../shared/realworld/` "
            "with the default pack through the command line and pairs each finding with the judged "
            "label of the same file and rule (most alike message first, then page). Cells are "
            "reported/labelled: true findings kept (want all), false findings left (want none), "
            "missed violations caught (want all). On reports in another template the per-page "
            "margin repeats are labelled debatable.\n\n"
            + render_table(before, after) + f"\n\nMachine: {machine()}."))
    bad = after.tp_lost() or after.fp_left() or after.fn_missed()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
