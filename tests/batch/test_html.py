"""The HTML report: self-contained, highlights, side-by-side passages, thumbnails; and in a real
headless Chromium (``@pytest.mark.browser``, skipped when no Chromium is installed)."""
from __future__ import annotations

import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from integrity_check.findings import Finding, Severity
from integrity_check.packs import load_pack
from integrity_check.reporters import Report, render
from integrity_check.runner import RunOptions, check_paths

from .conftest import chromium, run_cli


class _Dom(HTMLParser):
    """Just enough of a DOM: every start tag with its attributes, and the text per element class."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[tuple[str, dict]] = []
        self.text: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag not in ("img", "meta", "br", "input", "link"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        for t, a in self.stack:
            for cls in (a.get("class") or "").split():
                self.text.setdefault(f"{t}.{cls}", []).append(data)

    def find(self, tag, cls=None):
        return [a for t, a in self.tags if t == tag and (cls is None or cls in (a.get("class") or "").split())]

    def joined(self, key):
        return "".join(self.text.get(key, []))


def parse(text: str) -> _Dom:
    dom = _Dom()
    dom.feed(text)
    return dom


def _with_matches(result, n=2):
    """Add a similarity ``matches`` section (as SIM rules write it) on real body-text offsets."""
    body = result.batch_data["_body_text"]
    quotes = [(q["start"], q["end"]) for q in result.sections.get("quotations", [])]
    passages = []
    start = 40
    while len(passages) < n and start < len(body) - 200:
        end = body.index(" ", start + 120)
        if not any(s < end and start < e for s, e in quotes):
            passages.append({"page": 1, "text": body[start:end], "source_text": f"SOURCE {len(passages)}: " + body[start:end].upper(),
                             "start": start, "end": end, "source_start": 10, "source_end": 130, "score": 0.9})
        start = end + 300
    result.sections["matches"] = [{"source": "corpus/thesis-2019.pdf", "similarity_pct": 7.5, "passages": passages}]
    return passages


@pytest.fixture(scope="module")
def html_report(reports):
    run = RunOptions(load_pack("ce7454"), options={"keep_body_text": True}, processes=2)
    results = check_paths([str(reports["quotes"]), str(reports["long"]), str(reports["truncated"])], run)
    by_name = {Path(r.path).name: r for r in results}
    passages = _with_matches(by_name["carol-quotes.pdf"])
    report = Report(results=results, pack_name="ce7454", fail_on=Severity.ERROR, version="0.1.0",
                    options={"statistics": True})
    return render("html", report), passages, by_name


def shared_rows(results) -> int:
    """Side-by-side rows for passages shared with another submission (SIM003)."""
    return sum(len(pair["passages"]) for r in results for pair in r.sections.get("collusion", []))


def test_html_is_self_contained(html_report):
    text, _, _ = html_report
    dom = parse(text)
    assert not dom.find("link") and not dom.find("iframe")
    assert all("src" not in attrs for attrs in dom.find("script"))  # the one script is inline
    for tag, attrs in dom.tags:
        for key in ("src", "href"):
            value = attrs.get(key)
            if value:
                assert value.startswith(("#", "data:")), (tag, key, value[:60])
    assert not re.search(r"url\((?!data:)", text)
    assert "@import" not in text


def test_html_highlights_quotations_and_matches(html_report):
    text, passages, by_name = html_report
    dom = parse(text)
    carol = by_name["carol-quotes.pdf"]
    quoted = dom.joined("mark.quote")
    for q in carol.sections["quotations"]:
        assert q["text"][:40] in quoted
    matches = dom.find("a", "match")
    assert len(matches) >= len(passages) >= 1
    ids = {a.get("id") for _, a in dom.tags if a.get("id")}
    for a in matches:
        if a.get("href"):
            assert a["href"][1:] in ids  # every matched passage links to its side-by-side row
    assert len(dom.find("tr", "pair")) == len(passages) + shared_rows(by_name.values())
    assert "SOURCE 0:" in dom.joined("blockquote.source-text")
    assert passages[0]["text"][:50] in dom.joined("blockquote.student-text")


def test_html_summary_findings_and_thumbnails(html_report):
    text, _, by_name = html_report
    dom = parse(text)
    assert len(dom.find("table", "summary")) == 1 and len(dom.find("section", "file")) == 3
    assert "dave-truncated.pdf (INP001)" in text
    thumbs = dom.find("figure", "thumb")
    assert len(thumbs) == 4 + 6  # carol 4 pages, bob 6; none for the unreadable file
    for _, attrs in [(t, a) for t, a in dom.tags if t == "img"]:
        assert attrs["src"].startswith("data:image/png;base64,")
    long = by_name["bob-long.pdf"]
    boxed = [f for f in long.findings if f.bbox and f.page]
    assert boxed, "FMT002 has a box on page 5"
    boxes = dom.find("div", "box")
    assert {b["data-rule"] for b in boxes} >= {f.rule for f in boxed}
    for b in boxes:
        assert re.fullmatch(r"left:[\d.]+%;top:[\d.]+%;width:[\d.]+%;height:[\d.]+%", b["style"])


def test_cli_html_end_to_end(reports, tmp_path):
    out = tmp_path / "report.html"
    proc = run_cli(str(reports["quotes"]), "--format", "html", "--output", str(out))
    assert proc.returncode in (0, 1), proc.stderr
    dom = parse(out.read_text(encoding="utf-8"))
    assert len(dom.find("mark", "quote")) >= 3  # the body text is kept for this format only
    json_out = run_cli(str(reports["quotes"]), "--format", "json").stdout
    assert "_body_text" not in json_out


def test_finding_boxes_on_the_right_page(tmp_path, reports):
    from integrity_check.findings import FileResult

    result = FileResult(path=str(reports["clean"]), findings=[
        Finding("FMT004", Severity.WARNING, "figure in margin", page=2, bbox=(500, 100, 600, 200)),
        Finding("FMT001", Severity.ERROR, "paper size", page=1)])
    dom = parse(render("html", Report([result], "ce7454", Severity.ERROR, "0")))
    figures = {a["data-page"]: a for a in dom.find("figure")}
    assert "flagged" in figures["1"]["class"] and "flagged" not in figures["2"]["class"]
    (box,) = dom.find("div", "box")
    assert box["data-rule"] == "FMT004" and box["style"].startswith("left:81.70%;top:12.63%")


# -- in a real browser ----------------------------------------------------------------------
PROBE = """<script>
(function(){
  function r(el){var b=el.getBoundingClientRect();return [b.left,b.top,b.right,b.bottom];}
  var out={};
  var pair=document.querySelector('tr.pair');
  out.student=r(pair.querySelector('.student-text'));
  out.source=r(pair.querySelector('.source-text'));
  out.quoteBg=getComputedStyle(document.querySelector('mark.quote')).backgroundColor;
  out.matchBg=getComputedStyle(document.querySelector('a.match')).backgroundColor;
  var img=document.querySelector('figure.thumb img');
  out.imgLoaded=img.complete && img.naturalWidth>0;
  var box=document.querySelector('div.box');
  out.box=r(box); out.boxFigure=r(box.parentElement);
  document.body.setAttribute('data-probe', JSON.stringify(out));
})();
</script></body>"""


def _chrome(binary: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
         f"--user-data-dir={tmp_path / 'chrome-profile'}", *args],
        capture_output=True, text=True, timeout=120,
    )


@pytest.mark.browser
def test_html_renders_in_headless_chromium(html_report, tmp_path):
    import json

    binary = chromium()
    if binary is None:
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    text, passages, by_name = html_report
    report = tmp_path / "report.html"
    report.write_text(text, encoding="utf-8")

    # 1. the DOM as Chromium built it
    proc = _chrome(binary, tmp_path, "--dump-dom", report.as_uri())
    assert proc.returncode == 0, proc.stderr[-2000:]
    dom = parse(proc.stdout)
    assert len(dom.find("mark", "quote")) >= 3
    assert len(dom.find("a", "match")) >= len(passages)
    assert len(dom.find("tr", "pair")) == len(passages) + shared_rows(by_name.values())
    assert len(dom.find("figure", "thumb")) == 10 and dom.find("div", "box")

    # 2. layout: a copy with a probe script (the report's policy allows only its own inline script)
    probe = tmp_path / "probe.html"
    probe.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", text).replace("</body>", PROBE), encoding="utf-8")
    proc = _chrome(binary, tmp_path, "--window-size=1280,1000", "--dump-dom", probe.as_uri())
    m = re.search(r"data-probe=\"([^\"]*)\"", proc.stdout)
    assert m, proc.stdout[:500]
    facts = json.loads(m.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    student, source = facts["student"], facts["source"]
    assert source[0] >= student[2] - 1  # the source text is beside the student's passage...
    assert abs(source[1] - student[1]) < 40  # ...on the same row
    assert facts["quoteBg"] != facts["matchBg"]
    assert "rgba(0, 0, 0, 0)" not in (facts["quoteBg"], facts["matchBg"])
    assert facts["imgLoaded"]
    box, fig = facts["box"], facts["boxFigure"]
    assert fig[0] <= box[0] < box[2] <= fig[2] + 1 and fig[1] <= box[1] < box[3] <= fig[3] + 1

    # 3. a screenshot, kept with the test's files
    shot = tmp_path / "report.png"
    proc = _chrome(binary, tmp_path, "--window-size=1280,3000", f"--screenshot={shot}", report.as_uri())
    assert shot.is_file() and shot.stat().st_size > 10_000, proc.stderr[-2000:]
    from PIL import Image

    with Image.open(shot) as im:
        assert im.size == (1280, 3000)
        colours = {c for _, c in im.convert("RGB").getcolors(maxcolors=1 << 20)}
    assert (198, 246, 198) in colours or (230, 208, 255) in colours  # the quotation highlight is painted
