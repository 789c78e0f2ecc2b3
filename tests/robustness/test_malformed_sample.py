"""A representative sample of the malformed-PDF suite (bench/malformed), generated on the fly.

Every case must end, well within the limits, with a JSON report holding either
a result or an INP finding: exit code 0, 1 or 2 and no traceback.  Cases with
a known right answer (a bomb is INP004, fake encryption INP002, ...) assert it.
"""
from __future__ import annotations

import pytest

from . import malformed_cases as mc
from .conftest import assert_contained, run_cli

SAMPLE = {
    "truncated-at50pct", "truncated-no-trailer", "byteflip-flip64", "byteflip-flip16-tail",
    "xref-startxref-0", "xref-xref-removed", "xref-xref-garbled", "xref-xref-prev-loop",
    "xref-xref-huge-subsection", "pagetree-count-1e6", "pagetree-loop-self", "cycle-selfref-resources",
    "nesting-deep-contents", "nesting-deep-info", "bomb-contents-1gb", "bomb-double-flate-1gb", "bomb-hex-flate", "bomb-lzw", "bomb-document-6x60mb",
    "geometry-mediabox-absurd", "geometry-mediabox-inverted", "content-offpage-text", "fonts-fonts-dangling",
    "encrypted-fake-standard", "notext-image-only", "rotation-rotate-90", "rotation-landscape-table-page",
}
SYNTHETIC = {"notpdf-empty", "notpdf-png", "truncated-header-then-noise", "encrypted-reportlab"}


def _sample(source):
    cases = [c for c in mc.cases_for_source(source) if c.name.removesuffix("-" + source.stem) in SAMPLE]
    return cases + [c for c in mc.synthetic_cases() if c.name in SYNTHETIC]


def test_sample_covers_the_categories(sample_source):
    cases = _sample(sample_source)
    assert len(cases) == len(SAMPLE) + len(SYNTHETIC)
    assert {c.category for c in cases} >= {"truncated", "byteflip", "xref", "pagetree", "cycle", "nesting",
                                           "bomb", "geometry", "content", "fonts", "encrypted", "notext", "notpdf",
                                           "rotation"}


def test_suite_is_deterministic_and_large(sample_source):
    a = {c.name: c.make() for c in mc.cases_for_source(sample_source) if c.category in ("byteflip", "xref")}
    b = {c.name: c.make() for c in mc.cases_for_source(sample_source) if c.category in ("byteflip", "xref")}
    assert a == b
    per_source = len(list(mc.cases_for_source(sample_source)))
    assert 8 * per_source + len(list(mc.synthetic_cases())) >= 200  # the 8 shared PDFs make the suite


@pytest.fixture(scope="module")
def sample_files(sample_source, tmp_path_factory):
    folder = tmp_path_factory.mktemp("malformed")
    return {c.name: (c, c.write(folder)) for c in _sample(sample_source)}


@pytest.mark.parametrize("index", range(len(SAMPLE) + len(SYNTHETIC)))
def test_case_ends_with_a_result_or_an_inp_finding(sample_files, index):
    name = sorted(sample_files)[index]
    case, path = sample_files[name]
    run = run_cli(path, "--format", "json")
    assert_contained(run)
    if case.expect == "result":
        assert run.error_code is None
    elif case.expect:
        assert run.error_code == case.expect, (name, run.file["error"])


def test_bomb_streams_are_small_and_valid():
    from integrity_check.extract.streams import _Over, _inflate

    assert len(mc.zeros_deflated(mc.GIB)) < 1_100_000  # 1 GB inflated
    small = mc.zeros_deflated(64 << 20)
    assert _inflate(small, 1 << 30) == bytes(64 << 20)
    with pytest.raises(_Over):
        _inflate(small, 1 << 20)
    assert len(mc.lzw_spaces(mc.GIB)) < 500_000
