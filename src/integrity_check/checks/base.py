"""The rule engine: what a rule is, the registry, and the context rules read.

One rule, one place (as in sqlfluff): a subclass of :class:`Rule` carries its
code, name, default severity, parameters with their defaults, the message and
the documentation (the class docstring, shown by ``integrity-check explain``).
Packs (``rules/*.toml``) only choose severities and parameter values.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..findings import BBox, Finding, Severity
from ..model import Document

if TYPE_CHECKING:
    from .examples import Example

REGISTRY: dict[str, type[Rule]] = {}

# Every rule's docstring has these sections, as plain heading lines in this order, so that
# ``integrity-check explain CODE`` reads the same for every rule (as ruff's rule pages do).
# "Example" shows a small bad case and its good version: rendered from the rule's runnable
# ``examples`` (checks/examples.py; a test runs each one) when it declares them, else the
# docstring's own "Example" section. "How to fix" ends with the lines
# "  In LaTeX: ..." and "  In Word: ..." (or one "  In LaTeX / In Word: ..." line).
DOC_SECTIONS = ("What it checks", "Why the course cares", "Example", "How to fix")

# Modules that define rules, imported on demand so that start-up stays fast.
RULE_MODULES = (
    "integrity_check.checks.inputs",
    "integrity_check.checks.format",
    "integrity_check.checks.quotations",
    "integrity_check.checks.citations",
    "integrity_check.checks.similarity",
    "integrity_check.checks.index",
)


class Rule:
    code: ClassVar[str]
    name: ClassVar[str]  # kebab-case, e.g. "page-limit"
    family: ClassVar[str]  # input, format, quotation, citation, similarity, index
    severity: ClassVar[Severity] = Severity.ERROR
    summary: ClassVar[str]  # one line: what it checks
    fix: ClassVar[str] = ""  # default advice, in the student's terms
    params: ClassVar[dict[str, Any]] = {}  # parameter -> default (packs override)
    # Allowed values, next to the defaults (schema.py checks packs against both): (low, high)
    # for a number (None = open; undeclared numbers must be >= 0), a tuple of strings for a choice.
    ranges: ClassVar[dict[str, Any]] = {}
    # Findings are produced by the loader rather than by check() (input rules).
    raised_by_loader: ClassVar[bool] = False
    # Rules run by (order, code); analyses other rules read run first (similarity: 10).
    order: ClassVar[int] = 50
    # Runnable Bad and Good cases (checks/examples.py): the "Example" section of the docs, and
    # tests/foundation/test_rule_examples.py checks that Bad fires the rule and Good does not.
    examples: ClassVar[tuple[Example, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        code = cls.__dict__.get("code")
        if code:
            if code in REGISTRY and REGISTRY[code] is not cls:
                raise RuntimeError(f"rule code {code} defined twice")
            REGISTRY[code] = cls

    def __init__(self, severity: Severity | None = None, params: dict[str, Any] | None = None):
        self.active_severity = severity if severity is not None else type(self).severity
        self.config = type(self).configured(params)

    @classmethod
    def configured(cls, params: dict[str, Any] | None) -> dict[str, Any]:
        """The rule's parameters: its defaults, overridden by a pack's."""
        return {**cls.params, **(params or {})}

    def applies_to(self, document: Document) -> bool:
        """Format rules judge page geometry, which plain-text documents do not have."""
        return self.family != "format" or document.kind == "pdf"

    # -- for rule authors ------------------------------------------------------
    def check(self, ctx: CheckContext) -> Iterable[Finding]:
        return ()

    def finding(
        self,
        message: str,
        *,
        page: int | None = None,
        bbox: BBox | None = None,
        fix: str | None = None,
        severity: Severity | None = None,
        **data: Any,
    ) -> Finding:
        return Finding(
            rule=self.code,
            severity=severity or self.active_severity,
            message=message,
            page=page,
            bbox=bbox,
            fix=fix if fix is not None else (self.fix or None),
            data=data,
        )

    # -- documentation ---------------------------------------------------------
    @classmethod
    def documentation(cls) -> str:
        return inspect.cleandoc(cls.__doc__ or cls.summary)

    @classmethod
    def doc_sections(cls) -> dict[str, str]:
        """The docstring's sections (see DOC_SECTIONS), heading -> text, in the docstring's
        order; text before the first heading is under "". Lines keep their indentation.
        A rule with runnable ``examples`` has them as its "Example" section, in its place."""
        sections: dict[str, list[str]] = {}
        current = ""
        for line in cls.documentation().splitlines():
            if line.strip() in DOC_SECTIONS and not line.startswith(" "):
                current = line.strip()
                sections[current] = []
            else:
                sections.setdefault(current, []).append(line.rstrip())
        out = {h: "\n".join(lines).strip("\n") for h, lines in sections.items()}
        if cls.examples:
            from .examples import render_examples

            heading = "Example"
            if heading not in out:  # after the headings that come before it, in their order
                keys = list(out)
                before = DOC_SECTIONS[: DOC_SECTIONS.index(heading)]
                keys.insert(max((keys.index(h) + 1 for h in before if h in keys), default=len(keys)), heading)
                out = {h: out.get(h, "") for h in keys}
            out[heading] = render_examples(cls.examples)
        return out


@dataclass
class CheckContext:
    """Everything a rule may read, plus the metrics and report sections it may add."""

    document: Document
    venue: dict[str, Any]
    options: dict[str, Any] = field(default_factory=dict)  # run options (corpus, index...)
    metrics: dict[str, Any] = field(default_factory=dict)
    sections: dict[str, Any] = field(default_factory=dict)
    _cache: dict[Any, Any] = field(default_factory=dict, repr=False)

    def memo(self, key: Any, compute: Callable[[], Any]) -> Any:
        """``compute()`` once per document, kept under *key* (an analysis's name or function)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def cached(self, fn: Callable[[CheckContext], Any]) -> Any:
        """Run an analysis shared by several rules once per document."""
        return self.memo(fn, lambda: fn(self))


def load_all_rules() -> dict[str, type[Rule]]:
    import importlib

    for module in RULE_MODULES:
        importlib.import_module(module)
    return dict(sorted(REGISTRY.items()))


def short_list(numbers) -> str:
    """ "1, 2, 5" or the first eight and "..." (pages, entry numbers in a message)."""
    numbers = list(numbers)
    return ", ".join(map(str, numbers[:8])) + (" ..." if len(numbers) > 8 else "")
