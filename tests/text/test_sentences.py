"""Sentence splitting on academic text (the default regex splitter and Punkt)."""
import pytest

from integrity_check.text.sentences import split_sentences


def texts(t, backend="regex"):
    return [s.text for s in split_sentences(t, backend)]


@pytest.mark.parametrize("text, expected", [
    ("We follow Smith et al. [3] closely. The results follow.",
     ["We follow Smith et al. [3] closely.", "The results follow."]),
    ("Gains, e.g. Smith and Lee, are small. Next.", ["Gains, e.g. Smith and Lee, are small.", "Next."]),
    ("Small, i.e. Tiny ones. Next.", ["Small, i.e. Tiny ones.", "Next."]),
    ("See Fig. 2 for the curves. Then more.", ["See Fig. 2 for the curves.", "Then more."]),
    ("It follows from Eq. (3) directly. Then more.", ["It follows from Eq. (3) directly.", "Then more."]),
    ("See pp. 4-5 of the manual. Then more.", ["See pp. 4-5 of the manual.", "Then more."]),
    ("Accuracy rose by 3.5 points to 71.2 percent. Then more.",
     ["Accuracy rose by 3.5 points to 71.2 percent.", "Then more."]),
    ("This is known (Brown et al., 2021, p. 14). Then more.",
     ["This is known (Brown et al., 2021, p. 14).", "Then more."]),
    ("He wrote “It works. It really does.” [2] Then more.",
     ["He wrote “It works. It really does.” [2]", "Then more."]),
    ("as in Alpher et al. However, use it.", ["as in Alpher et al.", "However, use it."]),
    ("J. Smith wrote it. Really!", ["J. Smith wrote it.", "Really!"]),
    ("Is it? Yes. First para.\n\nsecond para", ["Is it?", "Yes.", "First para.", "second para"]),
])
def test_academic_sentences(text, expected):
    assert texts(text) == expected


def test_offsets_index_the_text():
    text = "  One sentence here. Another (Smith, 2020) one.\n\nThird. "
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


def test_extraction_artifacts():
    # pdfplumber output of the CVPR kit: "e.g ." and "et al ." with a space before the period.
    assert texts("So e.g . is correct. Next.") == ["So e.g . is correct.", "Next."]
    assert texts("as in ???? . Short captions follow.") == ["as in ???? .", "Short captions follow."]


def test_punkt_backend_with_the_abbreviation_list():
    pytest.importorskip("nltk")
    text = "We follow Smith et al. [3] closely. See Fig. 2 and Eq. (3), e.g. The end."
    assert texts(text, "punkt")[0] == "We follow Smith et al. [3] closely."
    assert "See Fig. 2 and Eq. (3), e.g. The end." in texts(text, "punkt")


def test_agrees_with_punkt_on_real_report_text(load):
    pytest.importorskip("nltk")
    doc = load("cvpr2026-report-final.pdf")
    ours = {s.text for s in split_sentences(doc.body_text)}
    punkt = {s.text for s in split_sentences(doc.body_text, "punkt")}
    # Punkt splits inside the two-sentence quotation; everything else agrees.
    assert len(ours) >= 80
    assert len(ours & punkt) / len(ours) > 0.95
