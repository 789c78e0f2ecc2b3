"""Reference entries: label, first author's surname, year."""
import pytest

from integrity_check.text.references import matches, parse_reference


@pytest.mark.parametrize("text, label, number, surname, year", [
    ("[3] Kaiming He, Xiangyu Zhang, Shaoqing Ren, and Jian Sun. Deep residual learning. In CVPR, 2016.",
     "[3]", 3, "he", "2016"),
    ("[1] A. Alpher. Frobnication. Journal of Foo, 12(1):234–778, 2002.", "[1]", 1, "alpher", "2002"),
    ("Smith, J., & Lee, K. (2020). A title with 1999 in it. Journal, 3, 1-2.", None, None, "smith", "2020"),
    ("Bernard J Baars. 1993. A cognitive theory of consciousness. CUP.", None, None, "baars", "1993"),
    ("Vevake Balaraman and Bernardo Magnini. 2020b. Proactive systems. In SIGDIAL.", None, None, "balaraman", "2020b"),
    ("[5] Diederik P. Kingma and Jimmy Ba. Adam. In ICLR, 2015.", "[5]", 5, "kingma", "2015"),
    ("[2] Pablo Barros et al. All by myself, 2024. 1", "[2]", 2, "barros", "2024"),
    ("[8] Nanyang Technological University. Academic integrity handbook, 2017.", "[8]", 8, "university", "2017"),
])
def test_parse(text, label, number, surname, year):
    r = parse_reference(text)
    assert (r.label, r.number, r.first_author, r.year) == (label, number, surname, year)


def test_matches_author_year():
    r = parse_reference("Ziwei van der Berg, A. Other. 2019a. Title. Venue.")
    assert r.year == "2019a"
    assert matches(r, "berg", "2019a")
    assert not matches(r, "berg", "2019b")
    assert not matches(r, "smith", "2019a")
    org = parse_reference("Nanyang Technological University. Handbook, 2017.")
    assert matches(org, "nanyang", "2017")


def test_never_raises_on_empty():
    r = parse_reference("")
    assert r.first_author == "" and r.year is None


@pytest.mark.parametrize("text, label, number, style", [
    ("1. Alpher, F.: Frobnication. IEEE TPAMI 12(1), 234–778 (2002) 8, 9", "1.", 1, "dot"),
    ("(3) Smith, J. 2020. A title. Journal.", "(3)", 3, "paren"),
    ("[4] K. He. Deep residual learning. In CVPR, 2016.", "[4]", 4, "bracket"),
    ("Smith, J. (2020). A book.", None, None, ""),
])
def test_numbered_styles(text, label, number, style):
    r = parse_reference(text)
    assert (r.label, r.number, r.style) == (label, number, style)


def test_particles_and_compound_surnames_match():
    r = parse_reference("De la Peña Sarracén, Gretel Liz and Rosso, Paolo. Systematic keyword analyses. 2023.")
    assert matches(r, "de la pena sarracen", "2023")
