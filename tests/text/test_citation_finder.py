"""In-text citation detection."""
import pytest

from integrity_check.text.citations import find_citations


def found(text):
    return [(c.kind, c.keys) for c in find_citations(text)]


@pytest.mark.parametrize("text, expected", [
    ("as shown [3].", [("numeric", ["3"])]),
    ("as shown [1, 4].", [("numeric", ["1", "4"])]),
    ("as shown [2-5].", [("numeric", ["2", "3", "4", "5"])]),
    ("as shown [2–4, 7].", [("numeric", ["2", "3", "4", "7"])]),
    ("as shown [3, p. 14].", [("numeric", ["3"])]),
    ("as shown [?].", [("unresolved", ["?"])]),
    ("as shown [ ? ] and [?, ?].", [("unresolved", ["?"]), ("unresolved", ["?"])]),
    ("as in ???? . See ?? too.", [("unresolved", ["?"]), ("unresolved", ["?"])]),
    ("known (Smith, 2020).", [("author-year", ["smith:2020"])]),
    ("Smith et al. (2020) showed.", [("author-year", ["smith:2020"])]),
    ("(Smith & Lee, 2020; Brown, 2019, p. 14)", [("author-year", ["smith:2020", "brown:2019"])]),
    ("Smith and Lee (2020, p. 3) argue.", [("author-year", ["smith:2020"])]),
    ("(see Müller, 2001)", [("author-year", ["muller:2001"])]),
    ("(Balaraman and Magnini, 2020a,b)", [("author-year", ["balaraman:2020a", "balaraman:2020b"])]),
    ("McDonald and O'Neil (2019a)", [("author-year", ["mcdonald:2019a"])]),
    ("[Zeus et al. 1968]", [("author-year", ["zeus:1968"])]),
])
def test_forms(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text", [
    "In (2020) we saw it.",
    "Table (2020) is not a citation.",
    "Accuracy was 71.2 (std 0.4) after 2020 steps.",
    "What?? No.",
    "the interval [0, 1] of values",
])
def test_not_citations(text):
    kinds = [k for k, _ in found(text)]
    assert kinds == []


def test_ranges_are_capped():
    assert found("[1-999]") == [("numeric", ["1", "999"])]
