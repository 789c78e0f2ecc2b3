"""``--format html``: one self-contained HTML file to open in a browser.

No network and no external assets: styles are inline, page thumbnails are
PNGs embedded as ``data:`` URIs (rendered with pypdfium2), and the one small
script (sorting tables, filtering the summary by verdict) is inline too. For a
batch the collusion clusters come first, then the summary table and the
collusion pairs (``html_collusion.py``). Per file: the findings;
page thumbnails with every finding that has a box outlined on its page (a
page-level finding without a box outlines the whole thumbnail); the body text
with quotations highlighted in one colour (``mark.quote``) and passages that
match a known source in another (``a.match``), each match linking to a row
that shows the student's passage and the source text side by side.

The body text comes from ``FileResult.batch_data["_body_text"]``, which the
runner keeps only when ``RunOptions.options["keep_body_text"]`` is set (the
CLI sets it for this format); quotations and matches are the ``quotations``
and ``matches`` sections of the result, with offsets into that text.
"""
from __future__ import annotations

import base64
import html
import io
from pathlib import Path
from typing import Any

from ..findings import FileResult, Finding
from . import Report
from .html_collusion import CSS as COLLUSION_CSS
from .summary import COLUMNS, display_cells, rows, statistics

THUMB_SCALE = 0.4  # 612 pt -> 245 px
MAX_THUMB_PAGES = 20

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0 auto;max-width:1200px;padding:1em 2em;color:#1d1d1f;background:#fff}
h1{font-size:1.5em;margin:.2em 0}h2{font-size:1.2em;margin:1.5em 0 .4em;border-bottom:2px solid #ddd;padding-bottom:.2em}
h3{font-size:1em;margin:1em 0 .3em}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
.sev-error{color:#b00020;font-weight:600}.sev-warning{color:#a05a00;font-weight:600}.sev-info{color:#0b6b8a}
.ok{color:#137333;font-weight:600}.bad{color:#b00020;font-weight:600}
.fix{color:#555;font-size:.92em}
.pages{display:flex;flex-wrap:wrap;gap:12px}
.thumb{position:relative;margin:0;border:1px solid #ccc;line-height:0}
.thumb img{display:block}
.thumb.flagged{outline:3px solid #d93025}
.thumb figcaption{position:absolute;left:4px;bottom:4px;line-height:1.2;background:#fffc;padding:0 3px;font-size:11px}
.box{position:absolute;border:2px solid #d93025;background:rgba(217,48,37,.12);box-sizing:border-box}
.box.sev-warning{border-color:#e37400;background:rgba(227,116,0,.12)}
.box.sev-info{border-color:#1a73e8;background:rgba(26,115,232,.10)}
.body-text{white-space:pre-wrap;border:1px solid #ddd;padding:1em;max-height:32em;overflow:auto;background:#fcfcfc}
mark.quote{background:#c6f6c6;color:inherit}
mark.shared{background:#ffe08a;color:inherit}.kind{font-size:.85em;color:#555}
a.match{background:#ffd8a8;color:inherit;text-decoration:none;border-bottom:2px solid #e8590c}
mark.quote a.match,a.match mark.quote{background:#e6d0ff}
.legend span{display:inline-block;padding:0 .4em;margin-right:1em}
.pairs td{width:50%}.pairs blockquote{margin:0;white-space:pre-wrap}
.pairs tr:target{outline:3px solid #e8590c}
.source-name{color:#555;font-size:.9em}
"""


def _e(text: Any) -> str:
    return html.escape("" if text is None else str(text), quote=True)


def _summary_table(report: Report) -> str:
    from .html_collusion import verdict, verdict_filter

    out = [verdict_filter(), '<table class="summary sortable"><thead><tr>']
    out += [f"<th>{_e(label)}</th>" for _, label in COLUMNS]
    out.append("</tr></thead><tbody>")
    for i, (result, values) in enumerate(zip(report.results, rows(report))):
        cells = display_cells(values)
        out.append(f'<tr data-verdict="{verdict(result)}">')
        for j, ((key, _), cell) in enumerate(zip(COLUMNS, cells)):
            if key == "path":
                out.append(f'<td><a href="#file-{i}">{_e(cell)}</a></td>')
            else:  # sort by the raw value: a number, or for collusion the most shared words
                raw = max((w or 0 for w in values["collusion_words"]), default=0) if key == "collusion" else values[key]
                cls = ' class="num"' if key not in ("collusion",) else ""
                out.append(f'<td{cls} data-sort="{_e("" if raw is None else raw)}">{_e(cell)}</td>')
        out.append("</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _statistics(report: Report) -> str:
    stats = statistics(report)
    if not stats:
        return "<p>No findings.</p>"
    body = "".join(f'<tr><td>{_e(r)}</td><td class="sev-{_e(s)}">{_e(s)}</td><td class="num">{n}</td></tr>' for r, s, n in stats)
    return f'<table class="statistics"><thead><tr><th>rule</th><th>severity</th><th>findings</th></tr></thead><tbody>{body}</tbody></table>'


def _findings_table(result: FileResult) -> str:
    findings = sorted(result.findings, key=Finding.sort_key)
    if not findings:
        return '<p class="ok">No problems found.</p>'
    out = ['<table class="findings"><thead><tr><th>page</th><th>severity</th><th>rule</th><th>message</th></tr></thead><tbody>']
    for f in findings:
        fix = f'<div class="fix">fix: {_e(f.fix)}</div>' if f.fix else ""
        out.append(
            f'<tr class="finding" data-rule="{_e(f.rule)}"><td class="num">{_e(f.page or "")}</td>'
            f'<td class="sev-{f.severity}">{f.severity}</td><td>{_e(f.rule)}</td><td>{_e(f.message)}{fix}</td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _metrics(result: FileResult) -> str:
    from .human import metrics_line

    line = metrics_line(result)
    return f'<p class="metrics">{_e(line)}</p>' if line else ""


# -- thumbnails ---------------------------------------------------------------------


def _thumbnails(result: FileResult) -> str:
    path = Path(result.batch_data.get("_source_path", result.path))  # the real name (reporters.make_printable)
    if result.error is not None or path.suffix.lower() != ".pdf" or not path.is_file():
        return ""
    try:
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(str(path))
    except Exception:
        return ""
    out = ['<div class="pages">']
    try:
        count = min(len(pdf), MAX_THUMB_PAGES)
        by_page: dict[int, list[Finding]] = {}
        for f in result.findings:
            if f.page:
                by_page.setdefault(f.page, []).append(f)
        for index in range(count):
            number = index + 1
            try:
                page = pdf[index]
                width, height = page.get_size()
                image = page.render(scale=THUMB_SCALE).to_pil()
                buf = io.BytesIO()
                image.save(buf, "PNG", optimize=True)
                page.close()
            except Exception:
                continue
            data = base64.b64encode(buf.getvalue()).decode("ascii")
            boxes = []
            flagged = False
            for f in by_page.get(number, []):
                if f.bbox is None:
                    flagged = True
                    continue
                x0, top, x1, bottom = f.bbox
                style = (
                    f"left:{100 * max(x0, 0) / width:.2f}%;top:{100 * max(top, 0) / height:.2f}%;"
                    f"width:{100 * max(x1 - x0, 1) / width:.2f}%;height:{100 * max(bottom - top, 1) / height:.2f}%"
                )
                boxes.append(
                    f'<div class="box sev-{f.severity}" data-rule="{_e(f.rule)}" style="{style}" '
                    f'title="{_e(f.rule)}: {_e(f.message)}"></div>'
                )
            cls = "thumb flagged" if flagged else "thumb"
            rule_list = " ".join(sorted({f.rule for f in by_page.get(number, [])}))
            out.append(
                f'<figure class="{cls}" data-page="{number}" data-rules="{_e(rule_list)}">'
                f'<img alt="page {number}" width="{image.width}" height="{image.height}" src="data:image/png;base64,{data}">'
                f'{"".join(boxes)}<figcaption>p. {number}</figcaption></figure>'
            )
    finally:
        pdf.close()
    out.append("</div>")
    return "".join(out)


# -- body text with highlights --------------------------------------------------------


def _spans(items: Any) -> list[tuple[int, int]]:
    out = []
    for item in items or []:
        try:
            start, end = int(item["start"]), int(item["end"])
        except (KeyError, TypeError, ValueError):
            continue
        if end > start:
            out.append((start, end))
    return out


def _matched_passages(result: FileResult) -> list[dict[str, Any]]:
    """Every matched passage with its source, numbered in reading order."""
    passages = []
    for match in result.sections.get("matches") or []:
        if not isinstance(match, dict):
            continue
        for p in match.get("passages") or []:
            if isinstance(p, dict):
                passages.append({**p, "_source": match.get("source", ""), "_pct": match.get("similarity_pct")})
    for pair in result.sections.get("collusion") or []:  # passages shared with another submission (SIM003)
        for p in pair.get("passages") or []:
            passages.append({**p, "source_text": p.get("other_text"), "_source": f"another submission: {pair.get('other')}"})
    passages.sort(key=lambda p: (p.get("start") if isinstance(p.get("start"), int) else 1 << 60, str(p.get("_source"))))
    return passages


def _body_text(result: FileResult, fid: int, passages: list[dict[str, Any]]) -> str:
    text = result.batch_data.get("_body_text")
    if not text:
        return ""
    n = len(text)
    quotes = [(max(0, s), min(e, n)) for s, e in _spans(result.sections.get("quotations"))]
    matches = []
    for k, p in enumerate(passages):
        for s, e in _spans([p]):
            matches.append((max(0, s), min(e, n), k))
    cuts = {0, n}
    for s, e in quotes:
        cuts.update((s, e))
    for s, e, _ in matches:
        cuts.update((s, e))
    points = sorted(c for c in cuts if 0 <= c <= n)
    out = []
    for a, b in zip(points, points[1:]):
        if a >= b:
            continue
        piece = _e(text[a:b])
        in_quote = any(s <= a and b <= e for s, e in quotes)
        match = next((k for s, e, k in matches if s <= a and b <= e), None)
        if in_quote:
            piece = f'<mark class="quote">{piece}</mark>'
        if match is not None:
            piece = f'<a class="match" href="#pair-{fid}-{match}" data-pair="{fid}-{match}">{piece}</a>'
        out.append(piece)
    legend = (
        '<p class="legend"><span><mark class="quote">quotation</mark></span>'
        '<span><a class="match">matches a source</a></span></p>'
    )
    return f'<h3>Body text</h3>{legend}<div class="body-text" id="body-{fid}">{"".join(out)}</div>'


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    """*text* escaped, with each span in <mark class="shared">."""
    out, at = [], 0
    for a, b in spans:
        out.append(_e(text[at:a]) + f'<mark class="shared">{_e(text[a:b])}</mark>')
        at = b
    return "".join(out) + _e(text[at:])


def _pairs(passages: list[dict[str, Any]], fid: int) -> str:
    if not passages:
        return ""
    out = [
        '<h3>Matched passages</h3><table class="pairs"><thead><tr><th>this report</th><th>source</th></tr></thead><tbody>'
    ]
    for k, p in enumerate(passages):
        source_text = p.get("source_text")
        left_html, right_html = _e(p.get("text", "")), _e(source_text)
        if p.get("kind") == "paraphrase" and source_text:  # reworded: mark the words both share
            from ..similarity.paraphrase import shared_word_spans

            mine, theirs = shared_word_spans(p.get("text", ""), source_text)
            left_html, right_html = _marked(p.get("text", ""), mine), _marked(source_text, theirs)
            left_html = f'<div class="kind">reworded · {float(p.get("score") or 0):.0%} of its content words in the source</div>' + left_html
        right = (
            f'<blockquote class="source-text">{right_html}</blockquote>'
            if source_text
            else '<blockquote class="source-text"><em>(the source text is not stored: fingerprints only)</em></blockquote>'
        )
        pct = p.get("_pct")
        meta = f'{_e(p.get("_source"))}' + (f" · {float(pct):.1f}% of the report" if isinstance(pct, (int, float)) else "")
        page = f"p. {_e(p.get('page'))} · " if p.get("page") else ""
        out.append(
            f'<tr class="pair" id="pair-{fid}-{k}"><td><blockquote class="student-text">{left_html}</blockquote>'
            f'<div class="source-name">{page}<a href="#body-{fid}">back to the text</a></div></td>'
            f'<td>{right}<div class="source-name">{meta}</div></td></tr>'
        )
    out.append("</tbody></table>")
    return "".join(out)


def _file_section(result: FileResult, fid: int) -> str:
    status = (
        f'<span class="bad">could not be checked ({_e(result.error.code)})</span>'
        if result.error
        else ('<span class="ok">passes</span>' if result.ok else '<span class="bad">has errors</span>')
    )
    passages = _matched_passages(result)
    parts = [
        f'<section class="file" id="file-{fid}" data-path="{_e(result.path)}">',
        f"<h2>{_e(result.path)} — {status}</h2>",
        _metrics(result),
        _findings_table(result),
        _thumbnails(result),
        _body_text(result, fid, passages),
        _pairs(passages, fid),
        "</section>",
    ]
    return "\n".join(p for p in parts if p)


def render(report: Report) -> str:
    s = report.summary()
    verdict = report.verdict(_e(report.pack_name))
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; img-src data:; style-src \'unsafe-inline\'; script-src \'unsafe-inline\'">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>integrity-check report ({s['files']} file(s))</title>",
        f"<style>{CSS}{COLLUSION_CSS}</style></head><body>",
        f"<h1>integrity-check report</h1><p class=\"verdict\">{verdict}. integrity-check {_e(report.version)}.</p>",
    ]
    if len(report.results) > 1:
        from .html_collusion import SCRIPT, collusion_sections

        clusters, pair_table = collusion_sections(report.results)
        parts += [clusters, "<h2>Summary</h2>" + _summary_table(report), pair_table]
    if report.options.get("statistics"):
        parts.append("<h2>Statistics</h2>" + _statistics(report))
    for fid, result in enumerate(report.results):
        parts.append(_file_section(result, fid))
    if len(report.results) > 1:
        parts.append(f"<script>{SCRIPT}</script>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


