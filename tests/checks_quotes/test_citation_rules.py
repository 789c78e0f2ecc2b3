"""CIT001-CIT004 on small text documents."""
from __future__ import annotations

from pathlib import Path

import pytest

from integrity_check.runner import RunOptions, check_document

from .helpers import OWN, PARA, REFS, codes, cvpr_writer, run, text_doc


def test_clean_document_has_no_findings():
    r = run(text_doc(*[OWN] * 20, "Earlier work [1] showed it.", PARA))
    assert codes(r) == []
    assert r.metrics["citations"] == 2 and r.metrics["references"] == 2
    assert r.metrics["cited_references"] == 2
    assert [x["cited"] for x in r.sections["references"]] == [True, True]


def test_cit001_missing_entry_and_unresolved():
    r = run(text_doc(*[OWN] * 20, "Earlier work [1, 3] showed it.", PARA, "Also [?] and ?? here."))
    cit001 = [f for f in r.findings if f.rule == "CIT001"]
    messages = " ".join(f.message for f in cit001)
    assert len(cit001) == 2
    assert "Citation [3]" in messages and "no matching entry [3]" in messages
    assert "2 unresolved citation(s) in the text (??, [?])" in messages


def test_cit001_author_year():
    refs = "References\nSmith, J., & Lee, K. (2020). A title. Journal.\nBrown, A. (2019). Another. Journal.\n"
    ok = run(text_doc(*[OWN] * 20, "It is known (Smith & Lee, 2020; Brown, 2019, p. 14).", refs=refs))
    assert codes(ok) == []
    bad = run(text_doc(*[OWN] * 20, "It is known (Smith & Lee, 2021; Brown, 2019).", refs=refs))
    assert codes(bad) == ["CIT001", "CIT002"]
    assert "entry by Smith (2021)" in next(f.message for f in bad.findings if f.rule == "CIT001")


def test_author_year_citation_goes_to_the_entry_of_that_first_author():
    # "Yang Deng ... 2021" begins with the name Yang and is listed first; the
    # citation is Runzhe Yang's paper (ACL 2023 paper, references page 9)
    refs = ("References\nYang Deng and Wai Lam. 2021. Unified policy learning. In SIGIR.\n"
            "Runzhe Yang and Jingxiao Chen. 2021. Improving dialog systems. In ACL.\n")
    both = run(text_doc(*[OWN] * 20, "Both help (Deng and Lam, 2021; Yang and Chen, 2021).", refs=refs))
    assert codes(both) == []
    one = run(text_doc(*[OWN] * 20, "It helps (Yang and Chen, 2021).", refs=refs))
    assert [x["cited"] for x in one.sections["references"]] == [False, True]
    assert codes(one) == ["CIT002"] and "Deng (2021)" in one.findings[0].message


def test_a_name_is_matched_as_a_whole_word():
    # "(Yan et al., 2022)" is not "Yang Deng ... 2022": no entry, so CIT001
    refs = "References\nYang Deng and Wai Lam. 2022. Proactive dialogue. In ACL.\n"
    r = run(text_doc(*[OWN] * 20, "As shown (Yan et al., 2022).", refs=refs))
    assert codes(r) == ["CIT001", "CIT002"]
    assert "Yan (2022)" in next(f.message for f in r.findings if f.rule == "CIT001")


def test_cit002_uncited_entry():
    r = run(text_doc(*[OWN] * 20, "Earlier work [1] showed it."))
    found = [f for f in r.findings if f.rule == "CIT002"]
    assert len(found) == 1 and str(found[0].severity) == "warning"
    assert found[0].message.startswith("Reference [2]") and "never cited" in found[0].message


def test_cit003_no_reference_list():
    r = run(text_doc(*[OWN] * 20, "Earlier work [1] showed it.", PARA, refs=None))
    assert codes(r) == ["CIT003"]  # the numeric citations are not also CIT001
    f = next(f for f in r.findings if f.rule == "CIT003")
    assert "No reference list found, but the text has 2 citation(s) such as [1], [2]" in f.message
    assert run(text_doc(*[OWN] * 20, refs=None)).findings == []


def test_cit004_order():
    refs = "References\n[1] Z. Zeta. Title. In Venue, 2020.\n[2] A. Alpha. Title. In Venue, 2019.\n"
    r = run(text_doc(*[OWN] * 20, "Earlier work [2, 1] showed it.", refs=refs))
    found = [f for f in r.findings if f.rule == "CIT004"]
    assert [str(f.severity) for f in found] == ["info", "info"]
    assert "Citation [2, 1] on page - lists its numbers out of order; write [1, 2]." in found[0].message
    assert "not alphabetical by first author: [1] (Zeta) comes before [2] (Alpha)" in found[1].message
    assert codes(run(text_doc(*[OWN] * 20, "Earlier work [1, 2] showed it."))) == []


def test_cit004_citation_order_for_an_ieee_pack(tmp_path):
    """``order = "citation"`` (IEEE: numbered by first citation) is accepted by the pack schema and checked."""
    from integrity_check.packs import load_pack as load

    (tmp_path / "ieee.toml").write_text('extends = "ce7454"\n[rules.CIT004]\norder = "citation"\n')
    pack = load(str(tmp_path / "ieee.toml"))
    rules = [r for r in pack.build_rules() if r.family == "citation"]
    doc = text_doc(*[OWN] * 20, "Later work [2] and earlier work [1] showed it.")
    result, _ = check_document(doc, RunOptions(pack=pack), rules)
    found = [f.message for f in result.findings if f.rule == "CIT004"]
    assert found == ["References are not numbered in order of first citation: [2] is cited before [1]."]


def test_paren_number_beyond_a_paren_numbered_list_is_info_not_error():
    """In a list numbered "(1)", "(7)" after an equation or "(4)" opening a list item may not
    be a citation: unmatched, it is info with the reason, never an error."""
    refs = ("References\n(1) A. Smith. First title. In Venue, 2020.\n(2) B. Taylor. Second title. In Venue, 2019.\n"
            "(3) C. Lee. Third title. In Venue, 2018.\n")
    r = run(text_doc(*[OWN] * 20, "Prior work (1) and (2, 3) improved it.",
                     "The loss is L = sum w x (7) where w are the weights.", "We then do (4) a second pass.", refs=refs))
    found = [(str(f.severity), f.message) for f in r.findings if f.rule == "CIT001"]
    assert [s for s, _ in found] == ["info", "info"]
    assert all("may be an equation number or a list item" in m for _, m in found)
    assert [f.rule for f in r.findings if f.rule == "CIT002"] == []  # (1), (2, 3) still cite


def test_a_list_nobody_cites_is_one_finding_with_its_reason():
    """Superscript citations the checker cannot read: one CIT002 for the list, not one per entry."""
    refs = ("References\n[1] A. Smith. First title. In Venue, 2020.\n[2] B. Taylor. Second title. In Venue, 2019.\n"
            "[3] C. Lee. Third title. In Venue, 2018.\n[4] D. Kim. Fourth title. In Venue, 2017.\n")
    r = run(text_doc(*[OWN] * 20, "Prior work\u00b9 improved it\u00b2.", refs=refs))
    found = [f.message for f in r.findings if f.rule == "CIT002"]
    assert len(found) == 1 and found[0].startswith("None of the 4 reference entries is cited")
    # one cited entry: the others are named one by one, as before
    r = run(text_doc(*[OWN] * 20, "Prior work [1] improved it.", refs=refs))
    assert len([f for f in r.findings if f.rule == "CIT002"]) == 3


# -- issue 11 ----------------------------------------------------------------------------

ROOT_SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def _float_citations_pdf(path):
    """A report citing [2] only in a table caption and [3] only in a table cell."""
    own = ("Lane markings are thin structures that occupy a tiny fraction of each frame, and at night the "
           "contrast between paint and asphalt drops sharply while glare adds bright streaks [1].")
    w, f = cvpr_writer(path)
    w.heading("1. Introduction", f.bold)
    for _ in range(3):
        w.paragraph(own, f.roman, indent=12.0)
        w.space(3.0)
    w.paragraph("Debiasi [3]", f.roman, size=8.97, indent=0)
    w.space(6.0)
    w.paragraph("Table 1. PSNR is tested on the DTU dataset [2] with the default split.", f.roman, size=8.97)
    w.space(3.0)
    for _ in range(2):
        w.paragraph(own, f.roman, indent=12.0)
        w.space(3.0)
    w.heading("References", f.bold)
    for k, t in enumerate(["A. Alpha. First title. In CVPR, 2020.", "R. Jensen. Large scale stereo. In CVPR, 2014.",
                           "L. Kappa. Sensors. In EUSIPCO, 2015."], 1):
        w.paragraph(f"[{k}] {t}", f.roman, size=8.97, indent=0)
        w.space(1.0)
    w.finish()
    return path


def test_citations_in_captions_and_tables_count(tmp_path):
    from integrity_check.extract import load_document

    r = run(load_document(_float_citations_pdf(tmp_path / "floats.pdf")))
    assert "CIT002" not in codes(r)
    assert [x["cited"] for x in r.sections["references"]] == [True, True, True]
    where = {c["text"]: c["where"] for c in r.sections["citations"]}
    assert where == {"[1]": "body", "[2]": "caption", "[3]": "table"}


def _cited_intro(path, cites):
    """A writer on ``path`` with an introduction of one paragraph per citation form in ``cites``."""
    own = "Lane markings are thin structures that occupy a tiny fraction of each frame, and glare adds streaks"
    w, f = cvpr_writer(path)
    w.heading("1. Introduction", f.bold)
    for cite in cites:
        w.paragraph(f"{own} {cite}.", f.roman, indent=12.0)
        w.space(3.0)
    return w, f


def _plain_heading_author_year_pdf(path):
    """A Word/Google Docs export: "References" in the body's roman type over an APA list."""
    w, f = _cited_intro(path, ["(Alpha, 2020)"] * 4 + ["(Jensen et al., 2014)"])
    w.space(5.0)
    w.paragraph("References", f.roman, indent=0)
    for t in ["Alpha, A. (2020). First title of a paper that is long enough to wrap onto a second line. In CVPR.",
              "Jensen, R., Dahl, A., & Vogiatzis, G. (2014). Large scale multi-view stereopsis evaluation. In CVPR."]:
        w.paragraph(t, f.roman, indent=-12.0, left=12.0)
        w.space(1.0)
    w.finish()
    return path


def test_plain_references_heading_over_an_author_year_list_is_found(tmp_path):
    from integrity_check.extract import load_document

    r = run(load_document(_plain_heading_author_year_pdf(tmp_path / "apa.pdf")))
    assert "CIT003" not in codes(r)  # was: "No reference list found" (error)
    assert [x["cited"] for x in r.sections["references"]] == [True, True]


def _hand_numbered_pdf(path, numbers):
    """A Word-style list numbered "1." by hand, each entry cited once in the text."""
    w, f = _cited_intro(path, [f"[{k}]" for k in numbers])
    w.heading("References", f.bold)
    for k in numbers:
        w.paragraph(f"{k}. A. Author. A fairly long title of the paper number {k} that wraps onto the next line of "
                    f"the list. In CVPR, 20{10 + k}.", f.roman, size=8.97, indent=0)
        w.space(1.0)
    w.finish()
    return path


def test_plain_references_heading_over_a_paren_numbered_list_is_found(tmp_path):
    from integrity_check.extract import load_document

    w, f = _cited_intro(tmp_path / "paren.pdf", ["[1]", "[2]"])
    w.space(5.0)
    w.paragraph("References", f.roman, indent=0)
    for k in (1, 2):
        w.paragraph(f"({k}) A. Author. A fairly long title of the paper number {k}. In CVPR, 20{10 + k}.",
                    f.roman, size=8.97, indent=0)
    w.finish()
    r = run(load_document(tmp_path / "paren.pdf"))
    assert "CIT003" not in codes(r) and [x["label"] for x in r.sections["references"]] == ["(1)", "(2)"]


def test_an_unsure_cit003_never_rises_above_the_packs_severity(tmp_path):
    """Links only (not to a paper): a warning by default, and info when the pack sets CIT003 to info."""
    from integrity_check.extract import load_document
    from integrity_check.packs import load_pack as load

    w, f = _cited_intro(tmp_path / "links.pdf", ["with the library at https://pytorch.org/docs/stable/index.html"])
    w.finish()
    doc = load_document(tmp_path / "links.pdf")
    assert [str(x.severity) for x in run(doc).findings if x.rule == "CIT003"] == ["warning"]
    (tmp_path / "quiet.toml").write_text('extends = "ce7454"\n[rules.CIT003]\nseverity = "info"\n')
    pack = load(str(tmp_path / "quiet.toml"))
    result, _ = check_document(doc, RunOptions(pack=pack), [r for r in pack.build_rules() if r.family == "citation"])
    assert [str(x.severity) for x in result.findings if x.rule == "CIT003"] == ["info"]


def test_a_bold_label_smaller_than_the_body_is_not_the_references_heading(tmp_path):
    """"Reference" in small bold type over a figure's or table's column is a label: the text after it
    stays body text and its citations count."""
    from integrity_check.extract import load_document

    w, f = _cited_intro(tmp_path / "label.pdf", ["[1]"] * 3)
    w.text_at("Reference", f.bold, 8.0, w.x + 80, w.y + 10)
    for row in (1, 2):
        w.text_at("GT image", f.roman, 8.0, w.x + 80, w.y + 10 + 11 * row)
    w.y += 40
    for k in (2, 3):
        w.paragraph(f"Glare adds bright streaks that resemble the markings of the lanes [{k}].", f.roman, indent=12.0)
    w.heading("References", f.bold)
    for k in (1, 2, 3):
        w.paragraph(f"[{k}] A. Author. Title number {k}. In CVPR, 20{10 + k}.", f.roman, size=8.97, indent=0)
    w.finish()
    r = run(load_document(tmp_path / "label.pdf"))
    assert [f.rule for f in r.findings if f.rule.startswith("CIT")] == []
    assert [x["cited"] for x in r.sections["references"]] == [True, True, True]


def test_a_hand_numbered_list_that_skips_a_number_keeps_its_entries(tmp_path):
    from integrity_check.extract import load_document

    r = run(load_document(_hand_numbered_pdf(tmp_path / "skip.pdf", [1, 2, 4, 5, 6])))
    assert [x["label"] for x in r.sections["references"]] == ["1.", "2.", "4.", "5.", "6."]
    assert "CIT001" not in codes(r)  # was: [4], [5], [6] "no matching entry" (errors)
    assert [f.message for f in r.findings if f.rule == "CIT004"] == [
        "Reference entries are numbered 1, 2, 4, 5, 6, not 1 to 5 in sequence."]


def _pasted_entry_pdf(path, numbered):
    """A list whose third entry was pasted in another size (10.5 pt among 8.97 pt entries)."""
    w, f = _cited_intro(path, [f"[{k}]" if numbered else f"(Author{chr(64 + k)}, 20{10 + k})" for k in range(1, 6)])
    w.heading("References", f.bold)
    for k in range(1, 6):
        text = (f"Author{chr(64 + k)}, A. A fairly long title of the paper number {k} that wraps onto the next line "
                f"of the list. In CVPR, 20{10 + k}.")
        size = 10.5 if k == 3 else 8.97
        if numbered:
            w.paragraph(f"[{k}] {text}", f.roman, size=size, indent=0)
        else:
            w.paragraph(text, f.roman, size=size, indent=-10.0, left=10.0)
        w.space(1.0)
    w.finish()
    return path


@pytest.mark.parametrize("numbered", [True, False])
def test_an_entry_pasted_in_another_size_is_still_an_entry(tmp_path, numbered):
    from integrity_check.extract import load_document

    r = run(load_document(_pasted_entry_pdf(tmp_path / "pasted.pdf", numbered)))
    assert len(r.sections["references"]) == 5
    assert [f.message for f in r.findings if f.rule.startswith("CIT")] == []  # was: CIT001 for the 3rd entry


def test_particles_typos_and_access_dates_resolve():
    refs = ("References\nBreitfeller, Luke and Ahn, Emily. Finding microaggressions. 2019.\n"
            "De la Peña Sarracén, Gretel Liz and Rosso, Paolo. Systematic keyword analyses. 2023.\n"
            "GiliiBueno. Accessed on 2023-09-18. https://github.com/xarxaxdev/FurhatInterviewRobot.\n")
    r = run(text_doc(*[OWN] * 20, "As Breitfeller at al. (2019) found, bias remains "
                     "(De la Peña Sarracén & Rosso, 2023). The robot code is public "
                     "(GiliiBueno, Accessed on 2023-09-18).", refs=refs))
    assert codes(r) == []
    assert [x["cited"] for x in r.sections["references"]] == [True, True, True]


def test_et_al_with_a_stray_dot_resolves():
    refs = "References\nBreitfeller, Luke and Ahn, Emily. Finding microaggressions. 2019.\n"
    r = run(text_doc(*[OWN] * 20, "As Breitfeller et. al. (2019) found, bias remains (Breitfeller et. al., 2019).",
                     refs=refs))
    assert codes(r) == [] and [x["cited"] for x in r.sections["references"]] == [True]


def test_access_dates_in_other_forms_resolve():
    """A web source's access date in the forms people write it, not only ISO "2023-09-18"."""
    refs = ("References\nOpenAI. ChatGPT. Accessed 2023. https://chat.openai.com.\n"
            "NASA. Earth data. Retrieved March 18, 2023. https://earthdata.nasa.gov.\n"
            "Kaggle. Fruit images. Accessed 18 September 2022. https://www.kaggle.com.\n")
    r = run(text_doc(*[OWN] * 20, "We used ChatGPT (OpenAI, accessed 2023) on NASA data (NASA, Retrieved: March 18, "
                     "2023) and fruit images (Kaggle, accessed 18 September 2022).", refs=refs))
    assert codes(r) == []
    assert [x["cited"] for x in r.sections["references"]] == [True, True, True]


def test_a_name_with_a_year_in_a_numbered_report_is_info_not_error():
    r = run(text_doc(*[OWN] * 20, "Earlier work [1, 2] showed it, and Transformer (2017) too."))
    f = [f for f in r.findings if f.rule == "CIT001"]
    assert len(f) == 1 and str(f[0].severity) == "info"
    assert "the reference list is numbered, so this name with a year may name a method" in f[0].message
    # model names glued to a hyphen are not citations at all
    r = run(text_doc(*[OWN] * 20, "Earlier work [1, 2] showed it; LIU-Net (2021) is a model."))
    assert codes(r) == []


def test_tensor_shapes_are_not_citations():
    r = run(text_doc(*[OWN] * 20, "Earlier work [1, 2] used inputs of shape [2, 4, 240, 240, 155] per batch."))
    assert codes(r) == []


def _one_entry_report(path, caption: str, cell: str | None = None):
    """Three cited paragraphs, a float's ``caption`` (under one ``cell`` of 9 pt text if given),
    a paragraph, and a list of one entry [1]."""
    w, f = _cited_intro(path, ["[1]"] * 3)
    if cell:
        w.paragraph(cell, f.roman, size=8.97, indent=0)
    w.space(6.0)
    w.paragraph(caption, f.roman, size=8.97)
    w.paragraph("Glare adds bright streaks to the frame [1].", f.roman, indent=12.0)
    w.heading("References", f.bold)
    w.paragraph("[1] A. Alpha. First title. In CVPR, 2020.", f.roman, size=8.97, indent=0)
    w.finish()
    return path


def test_a_variables_interval_is_not_a_citation_in_the_body_or_a_caption(tmp_path):
    # two entries: "[2, 8]" after "k in" would be a citation of a missing entry [8]
    r = run(text_doc(*[OWN] * 20, "Earlier work [1, 2] showed it.", "We vary k in [2, 8] for every run."))
    assert codes(r) == []
    from integrity_check.extract import load_document

    r = run(load_document(_one_entry_report(tmp_path / "caption.pdf",
                                            "Figure 1. Accuracy as the window k in [4, 16] grows.")))
    assert codes(r, prefix=("CIT",)) == []
    assert {c["where"] for c in r.sections["citations"]} == {"body"}


def test_numbers_in_brackets_in_an_author_year_report_are_info_with_the_reason():
    refs = "References\nSmith, J., & Lee, K. (2020). A title. Journal.\nBrown, A. (2019). Another. Journal.\n"
    r = run(text_doc(*[OWN] * 20, "It is known (Smith & Lee, 2020; Brown, 2019).",
                     "Scores lie in [3, 9] on the scale.", refs=refs))
    found = [f for f in r.findings if f.rule == "CIT001"]
    assert len(found) == 2 and {str(f.severity) for f in found} == {"info"}
    assert "cites by author and year and its reference list is not numbered" in found[0].message
    # the same bracket where the report cites by number is a missing entry, an error
    r = run(text_doc(*[OWN] * 20, "It is known [1, 2].", "Scores lie in [3, 9] on the scale."))
    assert {str(f.severity) for f in r.findings if f.rule == "CIT001"} == {"error"}


def test_cit004_follows_the_bibtex_sort_key():
    # BibTeX's purify$ drops the dot: "D.Maio" sorts as "dmaio", after "Debiasi".
    refs = ("References\n[1] L. Debiasi and A. Uhl. Blind sensor recognition. In EUSIPCO, 2015.\n"
            "[2] D.Maio, D.Maltoni and A.K.Jain. Combining matchers. In ICPR, 2004.\n")
    r = run(text_doc(*[OWN] * 20, "Earlier work [1, 2] showed it.", refs=refs))
    assert codes(r) == []


def test_cit003_sources_only_linked():
    from integrity_check.model import Document, Page
    from integrity_check.extract.plaintext import document_from_text

    doc = document_from_text(" ".join([OWN] * 20), "report.txt")
    pdf = Document(path="linked.pdf", kind="pdf", pages=[
        Page(1, 612, 792, links=[("https://github.com/me/project", (0, 0, 1, 1))]),
        Page(2, 612, 792, links=[("https://huggingface.co/some/model", (10, 20, 30, 40))]),
        Page(3, 612, 792, links=[("https://arxiv.org/abs/1406.2199", (10, 20, 30, 40))]),
    ], blocks=doc.blocks, body_text=doc.body_text, body_words=doc.body_words)
    r = run(pdf)
    f = [f for f in r.findings if f.rule == "CIT003"]
    assert len(f) == 1 and str(f[0].severity) == "error" and f[0].page == 2
    assert "2 link(s) to sources such as https://huggingface.co/some/model, https://arxiv.org/abs/1406.2199" in f[0].message
    pdf.pages = pdf.pages[:2]  # no paper among the links: a warning saying why
    f = [f for f in run(pdf).findings if f.rule == "CIT003"]
    assert len(f) == 1 and str(f[0].severity) == "warning" and "links may point at tools" in f[0].message
    pdf.pages = pdf.pages[:1]  # the report's own code only: nothing
    assert "CIT003" not in codes(run(pdf))


def _realworld(name):
    path = ROOT_SHARED / "realworld" / name
    if not path.is_file():
        pytest.skip(f"{path} is not available")
    from integrity_check.extract import load_document

    return run(load_document(path))


def test_entry_split_by_a_raised_accent_is_one_entry():
    # mlp_icml_final p10: "Soral, Wiktor, Swiderska, ´ Aleksandra, Puchała, Dominik," / "and Bilewicz, ..."
    r = _realworld("mlp_icml_final.pdf")
    soral = [x for x in r.sections["references"] if x["first_author"] == "soral"]
    assert len(soral) == 1 and "Bilewicz" in soral[0]["text"] and soral[0]["cited"]
    assert not any(x["first_author"] == "bilewicz" for x in r.sections["references"])


def test_numbered_dot_entries_are_split_and_resolve(load):
    r = run(load("eccv2024-lncs-review.pdf"))
    assert [x["label"] for x in r.sections["references"]] == ["1.", "2.", "3.", "4.", "5.", "6.", "7."]
    assert "CIT002" not in codes(r)
    assert not any(f.rule == "CIT001" and "[2]" in f.message for f in r.findings)


def test_hyperlinks_are_read_from_the_pdf(tmp_path):
    """URI annotations become page links (internal links to a page do not)."""
    from reportlab.pdfgen import canvas

    from integrity_check.extract import load_document

    path = tmp_path / "links.pdf"
    c = canvas.Canvas(str(path), pagesize=(612, 792))
    c.setFont("Times-Roman", 10)
    c.drawString(72, 700, "We use the model from the paper and the code of a digit recogniser.")
    c.linkURL("https://arxiv.org/abs/1406.2199", (72, 695, 300, 710))
    c.bookmarkPage("p1")
    c.linkAbsolute("back", "p1", (72, 600, 200, 615))
    c.showPage()
    c.save()
    doc = load_document(path)
    assert [url for url, _ in doc.pages[0].links] == ["https://arxiv.org/abs/1406.2199"]
    x0, top, x1, bottom = doc.pages[0].links[0][1]
    assert (x0, x1) == (72, 300) and abs(top - 82) < 0.01 and abs(bottom - 97) < 0.01


def test_cit003_fires_on_a_report_that_only_links_its_sources():
    # fencing_ai_ref: sources only hyperlinked (Hugging Face model p2, arXiv paper p3), no list
    r = _realworld("fencing_ai_ref.pdf")
    f = [f for f in r.findings if f.rule == "CIT003"]
    assert len(f) == 1 and f[0].page == 2 and str(f[0].severity) == "error"
    assert "arxiv.org/abs/1406.2199" in f[0].message


def test_unmatched_number_only_inside_a_table_is_info(tmp_path):
    from integrity_check.extract import load_document

    r = run(load_document(_one_entry_report(tmp_path / "cell.pdf", "Table 1. Layers of the network.",
                                            cell="Conv [32]")))
    found = [x for x in r.findings if x.rule == "CIT001"]
    assert len(found) == 1 and str(found[0].severity) == "info"
    assert "inside a table or figure, where it may be a label" in found[0].message
