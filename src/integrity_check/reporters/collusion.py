"""Collusion across a batch, ranked and grouped (what the summary, CSV, JSON and HTML show).

SIM003 leaves on each file a ``collusion`` section: one entry per partner with
the shared words, both sides' shares and the passages. Here these become:

- pairs, each once, ranked by shared words (then by the larger share), as MOSS
  and JPlag rank them;
- clusters: connected groups of three or more submissions linked by pairs
  (a pair of two is just a pair), largest first;
- partner lists cut to the strongest few plus "and N more" for people; the
  machine formats carry everything.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import FileResult

SHOWN_PARTNERS = 3  # partners named per file in the summary table before "and N more"
SHOWN_PAIRS = 10  # pairs listed in the human summary
CLUSTER_MIN = 3  # linked submissions that make a cluster rather than a pair


@dataclass
class Pair:
    a: str
    b: str
    words: int
    share_a: float
    share_b: float
    submitter_a: str | None = None
    submitter_b: str | None = None
    passages: list[dict[str, Any]] = field(default_factory=list)  # offsets and text of both sides (a's view)

    @property
    def key(self) -> tuple:
        return (-self.words, -max(self.share_a, self.share_b), self.a, self.b)

    def to_json(self) -> dict[str, Any]:
        return {
            "a": self.a, "b": self.b, "submitter_a": self.submitter_a, "submitter_b": self.submitter_b,
            "words": self.words, "share_a": self.share_a, "share_b": self.share_b,
            "passages": len(self.passages),
        }


@dataclass
class Cluster:
    number: int
    files: list[str]  # strongest linked first
    pairs: list[Pair]
    words: dict[str, int]  # shared words per file, summed over its pairs inside the cluster

    def to_json(self) -> dict[str, Any]:
        return {"cluster": self.number, "files": self.files, "pairs": len(self.pairs),
                "max_words": max(p.words for p in self.pairs)}


def pairs(results: list[FileResult]) -> list[Pair]:
    """Every collusion pair once, ranked: most shared words first."""
    by_path = {r.path: r for r in results}
    out: dict[tuple[str, str], Pair] = {}
    for r in results:
        for entry in r.sections.get("collusion") or []:
            other = entry.get("other")
            if not other:
                continue
            a, b = sorted((r.path, other))
            if (a, b) in out:
                continue
            mine_is_a = r.path == a
            share, other_share = float(entry.get("share") or 0.0), float(entry.get("other_share") or 0.0)
            passages = list(entry.get("passages") or [])
            if not mine_is_a:  # keep the passages in a's view: text = a's side
                passages = [{**p, "start": p.get("other_start"), "end": p.get("other_end"), "text": p.get("other_text"),
                             "other_start": p.get("start"), "other_end": p.get("end"), "other_text": p.get("text")}
                            for p in passages]
            out[(a, b)] = Pair(
                a=a, b=b, words=int(entry.get("words") or 0),
                share_a=share if mine_is_a else other_share, share_b=other_share if mine_is_a else share,
                submitter_a=getattr(by_path.get(a), "submitter", None),
                submitter_b=getattr(by_path.get(b), "submitter", None),
                passages=passages,
            )
    return sorted(out.values(), key=lambda p: p.key)


def clusters(ranked: list[Pair]) -> list[Cluster]:
    """Connected groups of >= CLUSTER_MIN files, largest (then most shared words) first."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in ranked:
        parent[find(p.a)] = find(p.b)
    groups: dict[str, list[Pair]] = {}
    for p in ranked:
        groups.setdefault(find(p.a), []).append(p)
    found = []
    for members in groups.values():
        words: dict[str, int] = {}
        for p in members:
            words[p.a] = words.get(p.a, 0) + p.words
            words[p.b] = words.get(p.b, 0) + p.words
        if len(words) >= CLUSTER_MIN:
            files = sorted(words, key=lambda f: (-words[f], f))
            found.append((files, members, words))
    found.sort(key=lambda g: (-len(g[0]), -sum(p.words for p in g[1]), g[0][0]))
    return [Cluster(i + 1, files, members, words) for i, (files, members, words) in enumerate(found)]


def cluster_of(found: list[Cluster]) -> dict[str, int]:
    return {f: c.number for c in found for f in c.files}


def partners(result: FileResult) -> list[tuple[str, int]]:
    """(other file, shared words) for one file, strongest first."""
    items = [(e.get("other"), int(e.get("words") or 0)) for e in result.sections.get("collusion") or [] if e.get("other")]
    return sorted(items, key=lambda t: (-t[1], t[0]))


def cut(names: list[str], shown: int = SHOWN_PARTNERS) -> str:
    """'a, b, c and 4 more'."""
    if len(names) <= shown:
        return ", ".join(names)
    return f"{', '.join(names[:shown])} and {len(names) - shown} more"


def short_names(paths: list[str]) -> dict[str, str]:
    """Each path relative to the batch's common folder ("alice/report.pdf"), so that a folder
    per student stays readable where every file has the same name."""
    import os

    if not paths:
        return {}
    try:
        common = os.path.commonpath([os.path.abspath(p) for p in paths])
    except ValueError:
        return {p: p for p in paths}
    if len(paths) == 1:
        common = os.path.dirname(common)
    return {p: Path(os.path.relpath(os.path.abspath(p), common)).as_posix() for p in paths}


def summary_lines(results: list[FileResult]) -> list[str]:
    """The human summary of collusion: clusters, then the top pairs."""
    ranked = pairs(results)
    if not ranked:
        return []
    found = clusters(ranked)
    names = short_names([r.path for r in results])
    _name = lambda path: names.get(path, path)  # noqa: E731
    lines = [f"Collusion: {len(ranked)} pair(s) of submissions share text; {len(found)} cluster(s) of "
             f"{CLUSTER_MIN} or more linked submissions."]
    for c in found:
        members = [f"{_name(f)} ({c.words[f]} words)" for f in c.files]
        lines.append(f"  cluster {c.number}: {len(c.files)} submissions, {len(c.pairs)} pair(s): {cut(members, 5)}")
    lines.append(f"  top pairs (shared words, share of each side){'' if len(ranked) <= SHOWN_PAIRS else f', {SHOWN_PAIRS} of {len(ranked)}'}:")
    for p in ranked[:SHOWN_PAIRS]:
        lines.append(f"  {p.words:6} words  {_name(p.a)} ({100 * p.share_a:.0f}%)  <->  {_name(p.b)} ({100 * p.share_b:.0f}%)")
    return lines


def as_json(results: list[FileResult]) -> dict[str, Any]:
    ranked = pairs(results)
    return {"pairs": [p.to_json() for p in ranked], "clusters": [c.to_json() for c in clusters(ranked)]}
