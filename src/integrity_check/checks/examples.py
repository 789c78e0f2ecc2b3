"""A rule's runnable examples: its Bad and Good cases as small declarative inputs.

As sqlfluff keeps each rule's test cases with the rule and ruff its fixtures per
rule, a rule class declares ``examples = (Bad(...), Good(...))``. Each example
has a *caption* (the one prose line ``explain`` shows) and one input:

``text``
    A short report: the body, then the reference list after a blank line.
    It becomes the document model the checker builds for a plain-text hand-in
    (``extract.plaintext.document_from_text``). Quotation and citation rules.
``source`` / ``other`` (with ``text``)
    Similarity rules: ``source`` is a document the corpus index holds,
    ``other`` another submission checked in the same run.
``pdf``
    A generated CVPR report: the keyword arguments of the test suite's PDF
    factory (``tests/pdf_factory.py``, ``make_report``); ``{}`` is the clean
    camera-ready report, each keyword changes one thing. Format and input rules.
``file``
    A file that is not a generated report (input rules): one of FILES.
``index``
    The corpus index a run checks ``text`` against (index rules): one of INDEXES.

``params`` sets the rule's parameters for this example (as a pack's
``[rules.CODE]`` table) and ``pack`` the pack it runs under (default: the course
pack). ``tests/foundation/test_rule_examples.py`` runs every example through
the real rule: a Bad one must give at least one finding of the rule's code, a
Good one none. Only the standard library is imported here (``explain`` start-up).
"""
from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import Any

FILES = {
    "not-a-pdf": "a Word document renamed to report.pdf",
    "image-only": "one page holding only a scanned image of text",
    "blank": "one empty page, no text",
}
INDEXES = {
    "sqlite": "an index file built before the run",
    "sqlite-rebuilt": "an index file rebuilt after the run opened it",
    "redis": "a running Redis server holding the index",
    "redis-down": "a Redis URL where no server is running",
    "redis-password": "a Redis server that requires a password, with the password in the URL",
    "redis-no-password": "a Redis server that requires a password, without it in the URL",
}


@dataclass(frozen=True)
class Example:
    caption: str
    text: str | None = None
    source: str | None = None
    other: str | None = None
    pdf: dict[str, Any] | None = None
    file: str | None = None
    index: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    pack: str = "ce7454"
    bad: bool = True

    def __post_init__(self) -> None:
        inputs = [x for x in (self.text, self.pdf, self.file) if x is not None]
        if len(inputs) != 1:
            raise ValueError(f"example {self.caption!r}: give exactly one of text, pdf or file")
        if (self.source is not None or self.other is not None or self.index is not None) and self.text is None:
            raise ValueError(f"example {self.caption!r}: source, other and index go with text")
        if self.file is not None and self.file not in FILES:
            raise ValueError(f"example {self.caption!r}: file must be one of {', '.join(FILES)}")
        if self.index is not None and self.index not in INDEXES:
            raise ValueError(f"example {self.caption!r}: index must be one of {', '.join(INDEXES)}")

    @property
    def label(self) -> str:
        return "Bad" if self.bad else "Good"


def Bad(caption: str, **inputs: Any) -> Example:
    """A case the rule must report (at least one finding of its code)."""
    return Example(caption, bad=True, **inputs)


def Good(caption: str, **inputs: Any) -> Example:
    """A case the rule must not report (no finding of its code)."""
    return Example(caption, bad=False, **inputs)


_WIDTH = 72


def _block(title: str, text: str) -> list[str]:
    """A text input, its paragraphs wrapped and marked with "| "."""
    lines = [f"{title}:"]
    for k, para in enumerate(p for p in text.strip().split("\n\n")):
        if k:
            lines.append("  |")
        for raw in para.splitlines():
            lines += ["  | " + w for w in textwrap.wrap(raw, _WIDTH - 4, break_on_hyphens=False) or [""]]
    return lines


def _inputs(ex: Example, previous: Example | None) -> list[str]:
    out: list[str] = []
    if ex.pdf is not None:
        # the test suite's generated report (tests/pdf_factory.make_report), named by what changes
        args = ", ".join(f"{k}={v!r}" for k, v in ex.pdf.items())
        what = f"with {args}" if args else "as the template sets it"
        out += textwrap.wrap(f"input: a generated camera-ready CVPR report, {what}", _WIDTH - 6,
                             subsequent_indent="  ", break_on_hyphens=False)
    if ex.file is not None:
        out.append(f"input: {FILES[ex.file]}")
    for title, attr in (("report text", "text"), ("corpus document", "source"), ("another submission", "other")):
        value = getattr(ex, attr)
        if value is None:
            continue
        if previous is not None and getattr(previous, attr) == value:
            out.append(f"{title}: the same as above")
        else:
            out += _block(title, value)
    if ex.index is not None:
        out.append(f"index: {INDEXES[ex.index]}")
    settings = [f"{k} = {v!r}" for k, v in ex.params.items()]
    if ex.pack != "ce7454":
        settings.insert(0, f"pack {ex.pack}")
    if settings:
        out.append("with " + ", ".join(settings))
    return out


def render_examples(examples: tuple[Example, ...]) -> str:
    """The Example section ``explain`` prints: each caption after "Bad:"/"Good:", then its
    runnable input, indented under it."""
    lines: list[str] = []
    previous = None
    for ex in examples:
        head = f"{ex.label}:".ljust(6)
        caption = textwrap.wrap(ex.caption, _WIDTH - 6, break_on_hyphens=False) or [""]
        lines.append(head + caption[0])
        lines += [" " * 6 + c for c in caption[1:]]
        lines += [" " * 6 + x for x in _inputs(ex, previous)]
        previous = ex
    return "\n".join(lines)
