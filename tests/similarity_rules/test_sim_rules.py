"""SIM001-SIM003 end to end: generated reports checked against a small corpus index."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

import pdf_factory
from integrity_check.packs import load_pack
from integrity_check.runner import RunOptions, check_paths
from integrity_check.similarity import build_index

SOURCE = (
    "The migratory patterns of small passerine birds across the northern hemisphere have long puzzled "
    "ornithologists, because individuals weighing less than twenty grams routinely cross deserts and seas "
    "without stopping, relying on fat reserves accumulated during a few weeks of intense feeding before "
    "departure, and navigating with a combination of magnetic, celestial and olfactory cues that is still "
    "only partly understood."
)
SHARED = (
    "Our second experiment replaced the colour histogram features with a texture descriptor computed on "
    "overlapping patches, which made the classifier far less sensitive to the lighting of each photograph "
    "and improved the accuracy on the night-time images by almost nine points while leaving the daytime "
    "results unchanged, a trade-off we consider worth making for this application."
)
INTRO = "This report describes our course project and the experiments we ran for it."


def own_text(seed: int) -> str:
    # distinct filler per report so only the planted passages are shared
    words = ["alpha", "bravo", "delta", "kilo", "lima", "oscar", "sierra", "tango", "victor", "zulu"]
    return " ".join(f"{words[(seed * 7 + i) % 10]}{(seed * 31 + i * 13) % 9973}" for i in range(60)) + "."


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("sim")
    index = folder / "index.sqlite"
    unrelated = "Cooking pasta well takes plenty of salted water and about ten minutes of attention. " * 6
    build_index(str(index), [("birds-review.txt", SOURCE, {}), ("pasta.txt", unrelated, {})]).close()
    return folder, index


def make(folder, name, paragraphs):
    # Own, unique text fills the rest of the page, so the factory's shared filler never appears.
    seed = sum(map(ord, name))
    padding = [own_text(seed * 100 + k) for k in range(20)]
    return pdf_factory.make_report(
        folder / name, text_paragraphs=[*paragraphs, *padding], pages_of_content=1, n_references=2
    )


def check(paths, index, pack="ce7454"):
    run = RunOptions(pack=load_pack(pack), options={"corpus": str(index)}, processes=1)
    return {os.path.basename(r.path): r for r in check_paths([str(p) for p in paths], run)}


def test_pasted_paragraph_is_flagged_with_source_page_and_both_texts(corpus):
    folder, index = corpus
    pdf = make(folder, "copied.pdf", [INTRO, SOURCE, own_text(1)])
    result = check([pdf], index)["copied.pdf"]
    (f,) = [f for f in result.findings if f.rule == "SIM001"]
    assert f.severity.name == "ERROR" and f.page == 1 and f.bbox is not None
    assert f.data["source"] == "birds-review.txt" and "birds-review.txt" in f.message
    assert f.data["words"] >= 50
    assert "migratory patterns" in f.data["text"] and "migratory patterns" in f.data["source_text"]
    (match,) = result.sections["matches"]
    assert match["source"] == "birds-review.txt"
    (p,) = match["passages"]
    assert {"page", "text", "source_text", "start", "end", "source_start", "source_end", "score"} <= set(p)
    assert SOURCE[p["source_start"]:p["source_end"]] == p["source_text"]
    assert result.metrics["similarity_pct"] == pytest.approx(match["similarity_pct"])
    assert result.metrics["similarity_pct"] > 10
    assert result.metrics["own_words_pct"] < 100 - result.metrics["similarity_pct"] + 1  # counted as not own


def test_quoted_and_cited_paragraph_is_not_plagiarism(corpus):
    folder, index = corpus
    pdf = make(folder, "quoted.pdf", [INTRO, f"As a review puts it, \u201c{SOURCE}\u201d [1].", own_text(2)])
    result = check([pdf], index)["quoted.pdf"]
    assert not [f for f in result.findings if f.rule == "SIM001"]


def test_quoted_but_uncited_paragraph_names_the_source_to_cite(corpus):
    """Quotation marks without a citation do not hide the source: SIM001 says which one to cite."""
    folder, index = corpus
    pdf = make(folder, "quoted-uncited.pdf", [INTRO, f"As a review puts it, \u201c{SOURCE}\u201d", own_text(7)])
    result = check([pdf], index)["quoted-uncited.pdf"]
    (f,) = [f for f in result.findings if f.rule == "SIM001"]
    assert f.severity.name == "ERROR" and f.data["source"] == "birds-review.txt"
    assert "in quotation marks but without a citation" in f.message and "Cite birds-review.txt" in f.fix
    assert [f for f in result.findings if f.rule == "QUO002"]


def test_cited_but_unquoted_paragraph_is_a_cited_match_note(corpus):
    folder, index = corpus
    pdf = make(folder, "cited.pdf", [INTRO, SOURCE[:-1] + " [1].", own_text(3)])
    result = check([pdf], index)["cited.pdf"]
    (f,) = [f for f in result.findings if f.rule == "SIM001"]
    assert f.severity.name == "INFO" and f.message.startswith("Cited match")


def test_two_submissions_sharing_a_paragraph_name_each_other(corpus):
    folder, index = corpus
    a = make(folder, "alice.pdf", [INTRO, SHARED, own_text(4)])
    b = make(folder, "bob.pdf", [own_text(5), SHARED, own_text(6)])
    results = check([a, b], index)
    for me, other in (("alice.pdf", "bob.pdf"), ("bob.pdf", "alice.pdf")):
        (f,) = [f for f in results[me].findings if f.rule == "SIM003"]  # one finding per partner
        assert f.data["other"].endswith(other) and other in f.message and f.page == 1
        text = results[me].batch_data["_similarity"]["text"]
        assert any("texture descriptor" in text[p["start"]:p["end"]] for p in f.data["passages"])
        assert f.data["words"] == sum(p["words"] for p in f.data["passages"])


def test_copied_from_the_same_source_is_attributed_to_the_source(corpus):
    folder, index = corpus
    a = make(folder, "carol.pdf", [INTRO, SOURCE, own_text(7)])
    b = make(folder, "dave.pdf", [own_text(8), SOURCE, own_text(9)])
    results = check([a, b], index)
    for name in ("carol.pdf", "dave.pdf"):
        (copied,) = [f for f in results[name].findings if f.rule == "SIM001"]
        # (the factory's fixed abstract is shared too, and rightly reported as SIM003)
        for f in results[name].findings:
            for p in f.data["passages"] if f.rule == "SIM003" else ():
                assert p["end"] <= copied.data["start"] or p["start"] >= copied.data["end"]


def test_similarity_index_above_threshold_warns(corpus, tmp_path):
    folder, index = corpus
    pdf = make(folder, "mostly.pdf", [SOURCE, "Short own remark here."])
    pack = tmp_path / "strict.toml"
    pack.write_text('extends = "ce7454"\n[rules.SIM002]\nthreshold_pct = 5\n')
    result = check([pdf], index, pack=str(pack))["mostly.pdf"]
    (f,) = [f for f in result.findings if f.rule == "SIM002"]
    assert "threshold is 5%" in f.message and "birds-review.txt" in f.message


def test_no_index_means_no_similarity_findings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no corpus/index.sqlite here
    pdf = make(tmp_path, "alone.pdf", [INTRO, SOURCE])
    run = RunOptions(pack=load_pack(), options={}, processes=1)
    (result,) = check_paths([str(pdf)], run)
    assert "similarity_pct" not in result.metrics
    assert not [f for f in result.findings if f.rule.startswith("SIM")]


def test_cli_missing_index_is_a_usage_error(tmp_path):
    pdf = make(tmp_path, "r.pdf", [INTRO])
    proc = subprocess.run([sys.executable, "-m", "integrity_check", str(pdf), "--corpus", str(tmp_path / "nope.sqlite")],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "corpus build" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.redis
def test_redis_index_gives_the_same_findings(corpus):
    url = os.environ.get("INTEGRITY_CHECK_REDIS_URL")
    if not url:
        pytest.skip("INTEGRITY_CHECK_REDIS_URL not set")
    folder, index = corpus
    unrelated = "Cooking pasta well takes plenty of salted water and about ten minutes of attention. " * 6
    build_index(url, [("birds-review.txt", SOURCE, {}), ("pasta.txt", unrelated, {})]).close()
    pdf = make(folder, "redis-copy.pdf", [INTRO, SOURCE, own_text(10)])
    embedded = check([pdf], index)["redis-copy.pdf"]
    run = RunOptions(pack=load_pack(), options={"index": url}, processes=1)
    (shared,) = check_paths([str(pdf)], run)
    simplify = lambda r: sorted((f.rule, f.page, f.message) for f in r.findings if f.rule.startswith("SIM"))  # noqa: E731
    assert simplify(embedded) == simplify(shared) and simplify(shared)
    assert embedded.sections["matches"] == shared.sections["matches"]


def test_citation_in_a_later_sentence_does_not_cover_the_copy(corpus):
    folder, index = corpus
    pdf = make(folder, "later.pdf", [INTRO, SOURCE + " Several other groups have studied these questions since then [1].",
                                     own_text(11)])
    result = check([pdf], index)["later.pdf"]
    (f,) = [f for f in result.findings if f.rule == "SIM001"]
    assert f.severity.name == "ERROR"


def test_a_passage_quoted_by_one_submission_is_not_collusion(corpus):
    folder, index = corpus
    a = make(folder, "erin.pdf", [INTRO, f"Our colleagues wrote that \u201c{SHARED}\u201d [1].", own_text(12)])
    b = make(folder, "frank.pdf", [own_text(13), SHARED, own_text(14)])
    results = check([a, b], index)
    for name in ("erin.pdf", "frank.pdf"):
        for f in results[name].findings:
            for p in f.data["passages"] if f.rule == "SIM003" else ():
                assert "texture descriptor" not in results[name].batch_data["_similarity"]["text"][p["start"]:p["end"]]
