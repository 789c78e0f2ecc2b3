"""CIT001-CIT004 on small text documents."""
from __future__ import annotations

from .helpers import OWN, PARA, REFS, run, text_doc, codes


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
