"""The batch parts of the HTML report: collusion clusters and the pair table, and the
small inline script that sorts tables and filters the summary by verdict.

Everything stays in the one self-contained file: the script is inline (the page's
Content-Security-Policy allows inline scripts and nothing else), no external asset.
"""
from __future__ import annotations

import html
from typing import Any

from ..findings import FileResult
from .collusion import Cluster, Pair, clusters, pairs, short_names

CSS = """
.clusters{display:flex;flex-direction:column;gap:.6em}
.cluster{border:2px solid #d93025;border-radius:6px;padding:.4em .8em;background:#fff6f5}
.cluster h3{margin:.2em 0}.cluster ul{margin:.2em 0;padding:0;list-style:none;display:flex;flex-wrap:wrap;gap:.3em .5em}
.cluster li{background:#fde2df;border-radius:3px;padding:0 .4em}
table.sortable th{cursor:pointer;user-select:none}table.sortable th::after{content:" \\2195";color:#aaa}
table.sortable th[aria-sort=ascending]::after{content:" \\2191";color:#333}
table.sortable th[aria-sort=descending]::after{content:" \\2193";color:#333}
.filter{margin:.3em 0}
details.pair-detail{margin:.3em 0}details.pair-detail summary{cursor:pointer}
details.pair-detail:target{outline:3px solid #e8590c}
"""

SCRIPT = """
(function(){
function key(td){var v=td.getAttribute('data-sort');if(v===null)v=td.textContent.trim();
 var n=Number(v);return (v!==''&&!isNaN(n))?n:v.toLowerCase();}
function cmp(x,y){if(typeof x===typeof y)return x<y?-1:(x>y?1:0);return typeof x==='number'?-1:1;}
function sortBy(t,i,th){var asc=th.getAttribute('aria-sort')!=='ascending';
 Array.prototype.forEach.call(t.tHead.rows[0].cells,function(h){h.removeAttribute('aria-sort');});
 th.setAttribute('aria-sort',asc?'ascending':'descending');
 var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);
 rows.sort(function(a,b){var c=cmp(key(a.cells[i]),key(b.cells[i]));return asc?c:-c;});
 rows.forEach(function(r){body.appendChild(r);});}
Array.prototype.forEach.call(document.querySelectorAll('table.sortable'),function(t){
 Array.prototype.forEach.call(t.tHead.rows[0].cells,function(th,i){th.tabIndex=0;
  th.addEventListener('click',function(){sortBy(t,i,th);});
  th.addEventListener('keydown',function(e){if(e.key==='Enter')sortBy(t,i,th);});});});
function openTarget(){var t=location.hash&&document.getElementById(location.hash.slice(1));
 if(t&&t.tagName==='DETAILS')t.open=true;}
window.addEventListener('hashchange',openTarget);openTarget();
var f=document.getElementById('verdict-filter');
if(f)f.addEventListener('change',function(){var v=f.value;
 Array.prototype.forEach.call(document.querySelectorAll('table.summary tbody tr'),function(r){
  r.hidden=!!v&&r.getAttribute('data-verdict')!==v;});});
})();
"""

VERDICTS = (("errors", "has errors"), ("warnings", "warnings only"), ("passes", "passes"),
            ("unreadable", "could not be checked"))


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def verdict(result: FileResult) -> str:
    """The summary row's verdict, as the filter names it."""
    if result.error is not None:
        return "unreadable"
    if not result.ok:
        return "errors"
    return "warnings" if any(str(f.severity) == "warning" for f in result.findings) else "passes"


def verdict_filter() -> str:
    options = "".join(f'<option value="{k}">{_e(label)}</option>' for k, label in VERDICTS)
    return (f'<p class="filter"><label>Show files: <select id="verdict-filter">'
            f'<option value="">all</option>{options}</select></label></p>')


def _link(path: str, fids: dict[str, int], names: dict[str, str]) -> str:
    fid = fids.get(path)
    label = _e(names.get(path, path))
    return f'<a href="#file-{fid}">{label}</a>' if fid is not None else label


def _cluster_view(found: list[Cluster], fids, names) -> str:
    out = ['<h2 id="clusters">Collusion clusters</h2><p>Groups of three or more submissions linked by shared '
           'passages, largest first; each member with the words it shares inside the cluster.</p><div class="clusters">']
    for c in found:
        strongest = c.pairs[0]  # pairs stay ranked
        members = "".join(f'<li>{_link(f, fids, names)} <span class="source-name">{c.words[f]} words</span></li>'
                          for f in c.files)
        out.append(
            f'<div class="cluster" id="cluster-{c.number}" data-cluster="{c.number}" data-size="{len(c.files)}">'
            f'<h3>Cluster {c.number}: {len(c.files)} submissions, {len(c.pairs)} pair(s)</h3>'
            f'<p>strongest pair: {_e(names.get(strongest.a))} and {_e(names.get(strongest.b))}, '
            f'{strongest.words} words</p><ul>{members}</ul></div>'
        )
    out.append("</div>")
    return "".join(out)


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


def _pair_table(ranked: list[Pair], numbers: dict[str, int], fids, names) -> str:
    out = ['<h2 id="pairs">Collusion pairs</h2><p>Every pair of submissions sharing text, most shared words '
           'first; click a column to sort, "passages" to see the shared text side by side.</p>'
           '<table class="collusion-pairs sortable"><thead><tr><th>rank</th><th>submission A</th><th>share of A</th>'
           '<th>submission B</th><th>share of B</th><th>shared words</th><th>passages</th><th>cluster</th>'
           '</tr></thead><tbody>']
    for k, p in enumerate(ranked):
        cluster = numbers.get(p.a, "")
        out.append(
            f'<tr class="collusion-pair" data-a="{_e(p.a)}" data-b="{_e(p.b)}"><td class="num">{k + 1}</td>'
            f'<td>{_link(p.a, fids, names)}</td><td class="num" data-sort="{p.share_a}">{_pct(p.share_a)}</td>'
            f'<td>{_link(p.b, fids, names)}</td><td class="num" data-sort="{p.share_b}">{_pct(p.share_b)}</td>'
            f'<td class="num">{p.words}</td><td class="num" data-sort="{len(p.passages)}">'
            f'<a href="#cpair-{k}">{len(p.passages)}</a></td><td class="num">{_e(cluster)}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _pair_details(ranked: list[Pair], names) -> str:
    out = ['<h2>Shared passages per pair</h2>']
    for k, p in enumerate(ranked):
        rows = "".join(
            f'<tr><td><blockquote class="student-text">{_e(x.get("text"))}</blockquote>'
            f'<div class="source-name">{"p. " + _e(x.get("page")) if x.get("page") else ""}</div></td>'
            f'<td><blockquote class="source-text">{_e(x.get("other_text"))}</blockquote></td></tr>'
            for x in p.passages
        )
        out.append(
            f'<details class="pair-detail" id="cpair-{k}"><summary>#{k + 1} {_e(names.get(p.a))} and '
            f'{_e(names.get(p.b))}: {p.words} words</summary><table class="pairs"><thead><tr>'
            f'<th>{_e(names.get(p.a))}</th><th>{_e(names.get(p.b))}</th></tr></thead><tbody>{rows}</tbody></table></details>'
        )
    return "".join(out)


def collusion_sections(results: list[FileResult]) -> tuple[str, str]:
    """(the cluster view for the top of the page, the pair table with each pair's passages)."""
    ranked = pairs(results)
    if not ranked:
        return "", ""
    found = clusters(ranked)
    numbers = {f: c.number for c in found for f in c.files}
    fids = {r.path: i for i, r in enumerate(results)}
    names = short_names([r.path for r in results])
    top = _cluster_view(found, fids, names) if found else ""
    return top, _pair_table(ranked, numbers, fids, names) + _pair_details(ranked, names)
