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


# -- issue 11: the forms real reports use, and what is not a citation ------------------------

@pytest.mark.parametrize("text, keys", [
    ("(De la Peña Sarracén & Rosso, 2023)", ["de la pena sarracen:2023"]),
    ("as Breitfeller at al. (2019) found", ["breitfeller:2019"]),
    ("(GiliiBueno, Accessed on 2023-09-18)", ["giliibueno:2023"]),
    ("van der Berg et al. (2020) show", ["van der berg:2020"]),
    ("(Smith Jr., 2020)", ["smith:2020"]),
    ("(World Health Organization, 2020)", ["world health organization:2020"]),
    ("In Smith and Lee (2020) we read", ["smith:2020"]),
    ("special algorithms [20, 15], in which", ["20", "15"]),  # "algorithms" is not "Algorithm 2"
    ("the global Gram matrix [3] while", ["3"]),
    ("image super-resolution [10], etc.", ["10"]),
])
def test_real_report_forms(text, keys):
    assert [k for c in find_citations(text) for k in c.keys] == keys


@pytest.mark.parametrize("text", [
    "as given in Equation [5] above",
    "see Eq. (3) and Fig. [2] and Table [1]",
    "a tensor of shape [2, 4, 240, 240, 155] per batch",
    "an input [2, 4, 240, 240, 155] per batch",  # a number repeats
    "values in [0, 1] only",
    "we set x = [1, 2] here",
    "LIU-Net (2021) and BTIS-Net (2022) are models",
])
def test_cross_references_data_and_model_names_are_not_citations(text):
    assert find_citations(text, paren_numbers=True) == []


@pytest.mark.parametrize("text", [
    "we vary k in [2, 8] in steps of two",  # a variable's interval, 8 beyond the six entries
    "with \u03bb within [4, 16] the loss",
    "for x1 in [3, 9] only",
    "weights in [0.5, 2] and offsets in [-1, 1]",  # decimals and negatives
    "a rate in [2, 8) and a score in (2, 8]",  # half-open intervals
])
def test_intervals_and_value_ranges_are_not_citations(text):
    assert find_citations(text, paren_numbers=True, n_entries=6) == []
    assert find_citations(text, paren_numbers=True) == []


@pytest.mark.parametrize("text, keys", [
    ("as shown in [2, 8] before", ["2", "8"]),  # "in" after a word is a citation's usual lead
    ("Method A in [3, 9] is", ["3", "9"]),  # a method's label, not a variable
    ("the idea is in [3, 9] too", ["3", "9"]),
    ("with k in [2, 5] as in", ["2", "5"]),  # every number an entry's: it counts, so none is called uncited
])
def test_brackets_after_in_that_may_cite_stay_citations(text, keys):
    assert [k for c in find_citations(text, n_entries=6) for k in c.keys] == keys


def test_parenthesised_numbers_only_when_the_list_is_numbered_so():
    text = "as shown (3) and (1, 4), unlike Eq. (2)"
    assert find_citations(text) == []
    assert [c.keys for c in find_citations(text, paren_numbers=True)] == [["3"], ["1", "4"]]


def test_numbers_far_beyond_the_list_are_data():
    text = "channels [64, 128, 256] and work [3, 5]"
    assert [c.keys for c in find_citations(text)] == [["64", "128", "256"], ["3", "5"]]
    assert [c.keys for c in find_citations(text, n_entries=13)] == [["3", "5"]]


def test_corporate_and_compound_names_are_weak_forms():
    weak = {c.text: c.weak for c in find_citations("(World Health Organization, 2020) and (Smith, 2020)")}
    assert weak == {"(World Health Organization, 2020)": True, "(Smith, 2020)": False}


class _Timeout(Exception):
    pass


def _bounded(seconds: int):
    """Run the body under signal.alarm so a quadratic regression fails instead of hanging."""
    import contextlib
    import signal

    @contextlib.contextmanager
    def guard():
        if not hasattr(signal, "SIGALRM"):
            pytest.skip("needs SIGALRM")

        def fire(signum, frame):
            raise _Timeout(f"took more than {seconds} s: the author-year search is not linear")

        old = signal.signal(signal.SIGALRM, fire)
        signal.alarm(seconds)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, old)

    return guard()


@pytest.mark.parametrize("make", [
    lambda n: ", ".join(("Smith", "Jones", "Brown", "Taylor", "Wilson")[i % 5] for i in range(n)),
    lambda n: " ".join(f"{('Smith', 'Jones', 'Brown')[i % 3]} (2020)," for i in range(n)),
    lambda n: "(" + ", ".join(("Smith", "Jones")[i % 2] for i in range(n)) + ", 2020)",
    # "De" is a particle and a name: read both ways, 40 of them cost 2**40 tries
    lambda n: "(" + ", ".join(["De Van"] * 40) + " x 2020) " * (n // 400),
])
def test_author_year_search_is_linear_on_adversarial_name_lists(make):
    # 30,000 names (~200 KB): seconds when linear, many minutes when quadratic
    # (issue 12 item 13: 42 KB took 26 s).  The alarm is generous: no timing assertion.
    text = make(30000)
    with _bounded(60):
        found = find_citations(text)
    assert len(found) <= 30000
