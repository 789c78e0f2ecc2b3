"""Collusion at batch scale: every pair reported however many near-identical submissions, pairs
ranked and grouped into clusters in every format, and the HTML report driven in headless Chromium
(``@pytest.mark.browser``): clusters at the top, sorting and filtering."""
from __future__ import annotations

import csv
import io
import json
import random
import re
from pathlib import Path

import pytest

from integrity_check.packs import load_pack
from integrity_check.reporters import Report, render
from integrity_check.runner import RunOptions, check_paths

from .conftest import CLUSTERS, chromium
from .test_html import _chrome, parse
from .texts import own_text

N_COPIES = 50


@pytest.fixture(scope="module")
def near_identical(tmp_path_factory):
    """50 copies of one text, each with a few words of its own: every pair shares most of it."""
    folder = tmp_path_factory.mktemp("copies")
    base = own_text(42, 400).split()
    paths = []
    for i in range(N_COPIES):
        words = list(base)
        rng = random.Random(i)
        for pos in rng.sample(range(len(words)), 4):
            words[pos] = f"own{i}x{pos}"
        path = folder / f"copy-{i:02d}.txt"
        path.write_text(" ".join(words) + "\n", encoding="utf-8")
        paths.append(str(path))
    run = RunOptions(load_pack("ce7454"), processes=2)
    return check_paths(paths, run)


def test_every_pair_of_50_near_identical_submissions_is_reported(near_identical):
    for result in near_identical:
        partners = {f.data["other"] for f in result.findings if f.rule == "SIM003"}
        assert len(partners) == N_COPIES - 1, result.path  # not only the 40 best candidates
    report = Report(near_identical, "ce7454", None, "test")
    data = json.loads(render("json", report))["collusion"]
    assert len(data["pairs"]) == N_COPIES * (N_COPIES - 1) // 2
    assert len({(p["a"], p["b"]) for p in data["pairs"]}) == len(data["pairs"])
    (cluster,) = data["clusters"]
    assert len(cluster["files"]) == N_COPIES


def test_summary_cuts_partner_lists_and_ranks_pairs(near_identical):
    report = Report(near_identical, "ce7454", None, "test")
    text = render("human", report)
    table = [line for line in text.splitlines() if line.startswith(near_identical[0].path)]
    assert table and all(re.search(r"\[cluster 1\] copy-\d\d\.txt, copy-\d\d\.txt, copy-\d\d\.txt and 46 more$", line)
                         for line in table[-1:])
    assert f"Collusion: {N_COPIES * (N_COPIES - 1) // 2} pair(s)" in text
    assert re.search(r"cluster 1: 50 submissions, 1225 pair\(s\): .* and 45 more", text)
    top = re.findall(r"^\s+(\d+) words\s+copy-\d\d\.txt \(\d+%\)\s+<->\s+copy-\d\d\.txt \(\d+%\)$", text, re.M)
    assert len(top) == 10 and [int(w) for w in top] == sorted((int(w) for w in top), reverse=True)
    # the CSV carries every partner, strongest first, with the shared words of each
    rows = list(csv.DictReader(io.StringIO(render("csv", report))))
    for row in rows:
        partners, words = row["collusion_with"].split("; "), [int(w) for w in row["collusion_words"].split("; ")]
        assert len(partners) == len(words) == N_COPIES - 1 and words == sorted(words, reverse=True)
        assert row["cluster"] == "1"


def test_json_pairs_are_ranked_with_both_shares(cluster_batch):
    results = check_paths(cluster_batch["paths"], RunOptions(load_pack("ce7454"), processes=2))
    data = json.loads(render("json", Report(results, "ce7454", None, "test")))["collusion"]
    words = [p["words"] for p in data["pairs"]]
    assert words == sorted(words, reverse=True)
    sizes = {n * (n - 1) // 2 for n in CLUSTERS.values()}
    assert len(data["pairs"]) == sum(sizes) + 1  # the clusters' pairs and the lone pair
    assert all(0 < p["share_a"] < 1 and 0 < p["share_b"] < 1 for p in data["pairs"])
    clusters = {frozenset(c["files"]) for c in data["clusters"]}
    assert clusters == {frozenset(m) for m in cluster_batch["planted"].values()}  # the pair is no cluster


def test_html_shows_clusters_first_and_every_pair(cluster_batch):
    text = cluster_batch["html"].read_text(encoding="utf-8")
    dom = parse(text)
    clusters = dom.find("div", "cluster")
    assert [int(c["data-size"]) for c in clusters] == sorted(CLUSTERS.values(), reverse=True)
    assert text.index('id="clusters"') < text.index('class="summary') < text.index('class="collusion-pairs')
    assert len(dom.find("tr", "collusion-pair")) == sum(n * (n - 1) // 2 for n in CLUSTERS.values()) + 1
    assert len(dom.find("details", "pair-detail")) == len(dom.find("tr", "collusion-pair"))
    assert all("src" not in a for a in dom.find("script"))


PROBE = """<script>
(function(){
  function col(table, i){return Array.prototype.filter.call(table.tBodies[0].rows, function(r){return !r.hidden;})
    .map(function(r){var c=r.cells[i];var v=c.getAttribute('data-sort');return v===null?c.textContent.trim():v;});}
  function header(table, label){return Array.prototype.filter.call(table.tHead.rows[0].cells,
    function(th){return th.textContent.trim()===label;})[0];}
  var out={}, summary=document.querySelector('table.summary'), pairs=document.querySelector('table.collusion-pairs');
  var clusters=document.getElementById('clusters');
  out.clustersTop=clusters.getBoundingClientRect().top; out.summaryTop=summary.getBoundingClientRect().top;
  out.viewport=window.innerHeight;
  out.clusterMembers=Array.prototype.map.call(document.querySelectorAll('div.cluster'), function(c){
    return Array.prototype.map.call(c.querySelectorAll('li a'), function(a){return a.textContent;});});
  var idx=Array.prototype.indexOf.call(summary.tHead.rows[0].cells, header(summary,'errors'));
  header(summary,'errors').click(); out.errorsUp=col(summary, idx);
  header(summary,'errors').click(); out.errorsDown=col(summary, idx);
  header(summary,'file').click(); header(summary,'file').click(); out.filesDown=col(summary, 0);
  var w=Array.prototype.indexOf.call(pairs.tHead.rows[0].cells, header(pairs,'shared words'));
  header(pairs,'shared words').click(); out.wordsUp=col(pairs, w);
  var f=document.getElementById('verdict-filter');
  f.value='errors'; f.dispatchEvent(new Event('change')); out.errorsOnly=col(summary, 0);
  f.value='passes'; f.dispatchEvent(new Event('change')); out.passesOnly=col(summary, 0);
  f.value=''; f.dispatchEvent(new Event('change')); out.all=col(summary, 0).length;
  document.body.setAttribute('data-probe', JSON.stringify(out));
})();
</script></body>"""


@pytest.mark.browser
def test_html_clusters_sorting_and_filtering_in_headless_chromium(cluster_batch, tmp_path):
    binary = chromium()
    if binary is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    text = cluster_batch["html"].read_text(encoding="utf-8")
    probe = tmp_path / "probe.html"  # the report as written, its own script included, plus a probe after it
    probe.write_text(text.replace("</body>", PROBE), encoding="utf-8")
    proc = _chrome(binary, tmp_path, "--window-size=1280,1000", "--dump-dom", probe.as_uri())
    m = re.search(r"data-probe=\"([^\"]*)\"", proc.stdout)
    assert m, proc.stderr[-2000:]
    facts = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))

    # the clusters come first, within the first screen, with the planted members
    assert facts["clustersTop"] < facts["summaryTop"] and facts["clustersTop"] < facts["viewport"]
    planted = sorted(sorted(Path(p).name for p in m) for m in cluster_batch["planted"].values())
    assert sorted(sorted(names) for names in facts["clusterMembers"]) == planted

    # sorting: numbers as numbers, both directions, any column
    n = len(cluster_batch["paths"])
    up, down = [float(v) for v in facts["errorsUp"]], [float(v) for v in facts["errorsDown"]]
    assert len(up) == n and up == sorted(up) and down == sorted(down, reverse=True) and up[0] < up[-1]
    assert facts["filesDown"] == sorted(facts["filesDown"], reverse=True) and len(facts["filesDown"]) == n
    words = [float(v) for v in facts["wordsUp"]]
    assert words == sorted(words) and words[0] < words[-1]

    # filtering by verdict
    linked = {Path(p).name for m in cluster_batch["planted"].values() for p in m} | {
        Path(p).name for p in cluster_batch["pair"]}
    assert {Path(p).name for p in facts["errorsOnly"]} == linked
    assert len(facts["passesOnly"]) == n - len(linked) and not linked & {Path(p).name for p in facts["passesOnly"]}
    assert facts["all"] == n
