"""Sanity check on a small part of the PAN 2013 verbatim data: five
suspicious documents searched through an index of their true sources plus
200 distractor sources."""

import sys

import pytest

from .conftest import PAN, ROOT

pytestmark = pytest.mark.skipif(not (PAN / "truth").is_dir(), reason="../shared PAN data not present")


def test_pan_subset_plagdet_floor():
    sys.path.insert(0, str(ROOT / "bench"))
    import pan_eval

    cases = pan_eval.load_truth()
    # The first five suspicious documents from the 4th on, skipping 00111,
    # whose ground-truth offsets are ~1,700 characters away from the copied
    # text in this copy of the data (as are those of 00981 and 01235).
    susp = [f"suspicious-document{n}.txt" for n in ("00067", "00081", "00126", "00158", "00174")]
    srcs = {c[1] for c in cases if c[0] in susp}
    distract = sorted(p.name for p in (PAN / "src").glob("*.txt"))[:200]
    res = pan_eval.run(susp_subset=set(susp), src_subset=srcs | set(distract))
    on_pairs = res["on_truth_pairs"]
    # the truth offsets of this copy of the data are shifted by a few dozen
    # characters in most cases (see BENCHMARKS.md), which caps the score
    assert on_pairs["recall"] > 0.9
    assert on_pairs["precision"] > 0.9
    assert on_pairs["granularity"] < 1.1
    assert on_pairs["plagdet"] > 0.9
