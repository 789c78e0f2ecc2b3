"""What a rule pack or a folder configuration may contain, checked before any file is read.

The schema is not a second copy of the rules: a rule's parameters are typed by
their defaults (``Rule.params``) and bounded by ``Rule.ranges`` next to them;
venue facts, which several rules read, are declared once in :data:`VENUE`.
A value that does not fit is a usage error naming the file and the key, so a
typo never reaches a rule (where it would crash or quietly change every verdict).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

SEVERITIES = ("error", "warning", "info", "off")


@dataclass(frozen=True)
class Spec:
    """An allowed value: a type (bool, int, float, str, list), bounds or choices, list items."""

    kind: type
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    item: Spec | None = None  # lists: what each item is
    length: tuple[int, ...] = ()  # lists: allowed lengths (empty = any)
    regex: bool = False  # strings: a regular expression (compiled to check it)
    alt: Spec | None = None  # another accepted form ("centre" instead of a number)

    def problem(self, value: Any) -> str | None:
        """Why *value* does not fit (a phrase), or None when it does."""
        bad = self._problem(value)
        if bad and self.alt is not None:
            if self.alt.problem(value) is None:
                return None
            return f"must be {self.describe()}, not {_shown(value)}"
        return bad

    def _problem(self, value: Any) -> str | None:
        if self.kind is bool:
            return None if isinstance(value, bool) else f"must be true or false, not {_shown(value)}"
        if self.kind in (int, float):
            whole = self.kind is int
            if isinstance(value, bool) or not isinstance(value, (int, float) if not whole else int):
                return f"must be {self.describe()}, not {_shown(value)}"
            if not math.isfinite(value):
                return "must be a finite number"
            if self.low is not None and value < self.low:
                return f"must be at least {self.low:g}"
            if self.high is not None and value > self.high:
                return f"must be at most {self.high:g}"
            return None
        if self.kind is str:
            if not isinstance(value, str):
                return f"must be {self.describe()}, not {_shown(value)}"
            if self.choices and value.lower() not in self.choices:
                return f"must be {self._choices()}, not {value!r}"
            if self.regex:
                try:
                    re.compile(value)
                except re.error as exc:
                    return f"is not a valid pattern ({exc})"
            return None
        if self.kind is list:
            if not isinstance(value, list) or (self.length and len(value) not in self.length):
                return f"must be {self.describe()}, not {_shown(value)}"
            for i, v in enumerate(value):
                bad = self.item.problem(v) if self.item else None
                if bad:
                    return f"item {i + 1} {bad}"
            return None
        return None  # pragma: no cover - every Spec has one of the kinds above

    def _choices(self) -> str:
        return " or ".join(repr(c) for c in self.choices)

    def describe(self) -> str:
        if self.kind is list:
            n = " or ".join(str(x) for x in self.length) + " " if self.length else ""
            what = {int: "whole numbers", float: "numbers", str: "strings"}.get(self.item.kind if self.item else str)
            own = f"a list of {n}{what}"
        elif self.choices:
            own = self._choices()
        else:
            own = {bool: "true or false", int: "a whole number", float: "a number", str: "a string"}[self.kind]
        return f"{own} or {self.alt.describe()}" if self.alt is not None else own


def param_spec(default: Any, allowed: Any = None) -> Spec:
    """A rule parameter's spec: the default's type; *allowed* from ``Rule.ranges``.

    *allowed* is ``(low, high)`` for a number (None = open) or a tuple of strings
    for a choice. A number without a declared range must not be negative.
    """
    if isinstance(default, bool):
        return Spec(bool)
    if isinstance(default, (int, float)):
        low, high = allowed if allowed is not None else (0, None)
        return Spec(int if isinstance(default, int) else float, low, high)
    if isinstance(default, str):
        return Spec(str, choices=tuple(allowed or ()))
    if isinstance(default, list):
        return Spec(list, item=param_spec(default[0]) if default else None)
    raise TypeError(f"parameter default {default!r} has no schema")  # a rule author's mistake


_SIZE = Spec(float, 1.0, 100.0)  # type sizes in points
_PT = Spec(float, 0.0, 14400.0)  # distances on a page (PDF's largest page is 14,400 pt)
_PLACE = Spec(str, choices=("above", "below", "any"))
_CENTRE = Spec(str, choices=("centre", "center"))

# Venue facts: [venue] in a pack. Read by the format rules (and "name" by every message).
VENUE: dict[str, Spec] = {
    "name": Spec(str),
    "paper": Spec(list, item=Spec(float, 1.0, 14400.0), length=(0, 2)),  # [width, height] pt; [] = any
    "paper_name": Spec(str),
    "uncounted_sections": Spec(list, item=Spec(str)),
    "text_block": Spec(list, item=Spec(float, 1.0, 14400.0), length=(2,)),  # [width, height] pt
    "text_left": Spec(list, item=_PT, alt=Spec(float, 0.0, 14400.0, alt=_CENTRE)),  # one or several left edges
    "text_top": Spec(float, 0.0, 14400.0, alt=_CENTRE),
    "columns": Spec(int, 1, 6),
    "column_width": Spec(float, 1.0, 14400.0),
    "column_gap": _PT,
    "body_size": _SIZE,
    "body_font_name": Spec(str),
    "body_fonts": Spec(list, item=Spec(str, regex=True)),  # patterns searched in the font name
    "title_size": _SIZE,
    "heading_size": _SIZE,
    "caption_size": _SIZE,
    "reference_size": _SIZE,
    "mode": Spec(str, choices=("review", "final", "any")),
    "figure_caption": _PLACE,
    "table_caption": _PLACE,
}


class SchemaError(ValueError):
    """A pack or config value that does not fit; str() is the user's line."""


def _fail(source: str, key: str, why: str) -> SchemaError:
    return SchemaError(f"{source}: {key} {why}")


def _table(value: Any, source: str, key: str) -> dict:
    if not isinstance(value, dict):
        raise _fail(source, key, f"must be a table ([{key}]), not {_shown(value)}")
    return value


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_venue(venue: Any, source: str) -> None:
    for key, value in _table(venue, source, "venue").items():
        spec = VENUE.get(key)
        if spec is None:
            raise _fail(source, f"venue.{key}", f"is not a venue setting (known: {', '.join(VENUE)})")
        bad = spec.problem(value)
        if bad:
            raise _fail(source, f"venue.{key}", bad)


def check_rules(rules: Any, source: str) -> None:
    from .checks.base import load_all_rules

    registry = load_all_rules()
    for code, table in _table(rules, source, "rules").items():
        cls = registry.get(str(code).upper())
        if cls is None:
            near = _near(str(code), registry)
            raise _fail(source, f"rules.{code}", "is not a rule" + (f" (did you mean {near}?)" if near else "")
                        + "; run 'integrity-check rules --all' for the codes")
        table = _table(table, source, f"rules.{code}")
        for key, value in table.items():
            where = f"rules.{code}.{key}"
            if key == "severity":
                if not isinstance(value, str) or value.lower() not in SEVERITIES:
                    raise _fail(source, where, f"must be {' or '.join(map(repr, SEVERITIES))}, not {_shown(value)}")
                continue
            if key not in cls.params:
                near = _near(key, cls.params)
                raise _fail(source, where, "is not a parameter of " + code
                            + (f" (did you mean {near}?)" if near else f" (it takes: {', '.join(cls.params) or 'none'})"))
            bad = param_spec(cls.params[key], cls.ranges.get(key)).problem(value)
            if bad:
                raise _fail(source, where, bad)


def _near(word: str, known) -> str | None:
    import difflib

    found = difflib.get_close_matches(word, [str(k) for k in known], n=1, cutoff=0.75)
    return found[0] if found else None


# Top-level keys. A pack: what it is, what it extends, [venue], [rules.CODE].
PACK_KEYS: dict[str, Spec] = {"name": Spec(str), "description": Spec(str), "extends": Spec(str)}
# A folder configuration (integrity-check.toml, [tool.integrity-check]): run options too.
CONFIG_KEYS: dict[str, Spec] = {
    "pack": Spec(str),
    "fail-on": Spec(str, choices=("error", "warning", "never")),
    "corpus": Spec(str),
    # Template or starter text handed out with the assignment: one path or a list.
    "template": Spec(str, alt=Spec(list, item=Spec(str))),
    "submitter-pattern": Spec(str, regex=True),
}


def check_pack(data: dict, source: str, *, config: bool = False) -> None:
    """Raise SchemaError for the first key of *data* (one pack file or folder config) that does not fit."""
    keys = CONFIG_KEYS if config else PACK_KEYS
    for key, value in data.items():
        if key == "venue":
            check_venue(value, source)
        elif key == "rules" and config and isinstance(value, str):
            continue  # rules = "cvpr" in a folder config names the pack, like --rules
        elif key == "rules":
            check_rules(value, source)
        elif key in keys:
            bad = keys[key].problem(value)
            if bad:
                raise _fail(source, key, bad)
        else:
            known = [*keys, "venue", "rules"]
            near = _near(key, known)
            raise _fail(source, key, "is not a setting" + (f" (did you mean {near}?)" if near else "")
                        + f"; known: {', '.join(known)}")
