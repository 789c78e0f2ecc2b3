"""Every rule's documentation has the standard shape, and ``explain`` prints it in order."""
from __future__ import annotations

import pytest
from typer.testing import CliRunner

from integrity_check.checks.base import DOC_SECTIONS, load_all_rules
from integrity_check.cli import tools_app

RULES = load_all_rules()


@pytest.mark.parametrize("code", sorted(RULES))
def test_rule_doc_has_every_section_in_order(code):
    sections = RULES[code].doc_sections()
    assert "" not in sections, f"{code}: text before the first heading"
    assert tuple(sections) == DOC_SECTIONS
    for heading, text in sections.items():
        assert text.strip(), f"{code}: empty section {heading!r}"
    example = sections["Example"]
    assert "Bad:" in example and "Good:" in example, f"{code}: Example needs a bad and a good case"
    how = [line.strip() for line in sections["How to fix"].splitlines()]
    assert any(line.startswith(("In LaTeX:", "In LaTeX / In Word:")) for line in how), code
    assert any(line.startswith(("In Word:", "In LaTeX / In Word:")) for line in how), code


def _explain(code: str) -> str:
    result = CliRunner().invoke(tools_app, ["explain", code])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("code", ["CIT001", "QUO002", "FMT004", "IDX001"])
def test_explain_prints_sections_in_fixed_order(code):
    out = _explain(code)
    lines = out.splitlines()
    positions = [lines.index(h) for h in DOC_SECTIONS]  # each heading on a line of its own
    assert positions == sorted(positions)
    sections = RULES[code].doc_sections()
    for heading in DOC_SECTIONS:  # each section's text printed (indented) under its heading
        first = sections[heading].splitlines()[0].strip()
        assert any(line.strip() == first for line in lines), (code, heading)
    assert "Parameters (set in a pack" in out


def test_explain_unknown_code_is_a_usage_error():
    result = CliRunner().invoke(tools_app, ["explain", "XYZ999"])
    assert result.exit_code == 2
