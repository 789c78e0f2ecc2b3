"""Template text (``--template PATH``, the folder configuration's ``template`` key).

A course hands out a template or starter text (the CVPR kit's example paper,
a report skeleton). Text a report shares with it is the student's page
content (format rules still see it) but never a match: not against the
corpus, not between submissions. MOSS calls this the base file (``-b``).

How: the template texts are read once in the parent process
(:func:`load_templates`) and travel to the workers in the run options as
plain strings. Each report's body text is aligned with every template
(:func:`template_spans`); the aligned spans join the quotation spans in the
one exclusion mask that the similarity search applies where matches are formed
(``checks/similarity.py``), so template words are never seeds of a match.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import UsageError
from ..walk import walk_files

# A span of a report counts as template text when at least this many of its words line up
# with a template. Lower than a match (15 words, SimilarityParams.min_words) because
# students keep fragments of template sentences (a heading line, half an instruction) and
# masking a few extra words can only lose a match shorter than SIM003's 25 words; high
# enough (two 4-word seeds) that a stock phrase shared with the template is no template span.
TEMPLATE_MIN_WORDS = 8

TEMPLATE_SUFFIXES = {".pdf", ".txt", ".text", ".md"}

OPTION = "templates"  # RunOptions.options key: [(name, text), ...]


def template_files(paths: list[str | Path]) -> list[Path]:
    """The files a --template list names: PDFs and text files, folders walked."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files, unreachable = walk_files(path)
            if unreachable:
                raise UsageError(f"--template {raw}: the folder {unreachable[0]} cannot be listed (its path is "
                                 "too long or loops); move the template to a shorter path")
            found = [p for p in files if p.is_file() and p.suffix.lower() in TEMPLATE_SUFFIXES]
            if not found:
                raise UsageError(f"--template {raw}: the folder holds no PDF or text file")
            out.extend(found)
        elif path.is_file():
            out.append(path)
        else:
            raise UsageError(f"--template {raw}: no such file or folder")
    return out


def configured_templates(given: list | None, config_value) -> list[tuple[str, str]]:
    """The templates of a run: --template options, else the folder configuration's
    ``template`` key (a path or a list of paths, relative to the config file)."""
    if given:
        paths = [str(p) for p in given]
    elif isinstance(config_value, (str, Path)):
        paths = [str(config_value)]
    elif isinstance(config_value, list) and all(isinstance(v, (str, Path)) for v in config_value):
        paths = [str(v) for v in config_value]
    elif config_value is None:
        return []
    else:
        raise UsageError("the folder configuration's 'template' must be a path or a list of paths")
    return load_templates(paths)


def load_templates(paths: list[str | Path]) -> list[tuple[str, str]]:
    """(name, text) of every template file; an unreadable template is a usage error."""
    from ..errors import InputRejected
    from ..extract import load_document

    out = []
    for path in template_files(paths):
        try:
            doc = load_document(path)
        except InputRejected as exc:
            raise UsageError(f"--template {path}: {exc.message}") from None
        except Exception as exc:  # a PDF that breaks the reader: one line, no traceback
            raise UsageError(f"--template {path} could not be read ({type(exc).__name__}); "
                             "export it again or give its text as a .txt file") from None
        text = doc.body_text if doc.kind != "pdf" else "\n\n".join(b.text for b in doc.blocks if b.text)
        if text.strip():
            out.append((str(path), text))
    return out


def without_templates(inputs: list[Path], templates: list[tuple[str, str]]) -> list[Path]:
    """The inputs of a run minus the template files themselves (a template kept in the
    submissions folder is no submission)."""
    names = {Path(name).resolve() for name, _ in templates}
    return [p for p in inputs if Path(p).resolve() not in names] if names else inputs


_SIDES: dict[int, object] = {}  # template Side per process, keyed by the text's hash


def _template_side(text: str, params):
    from .align import side_from_text

    key = hash(text)
    side = _SIDES.get(key)
    if side is None:
        side = _SIDES[key] = side_from_text(text, params)
    return side


def template_spans(text: str, templates: list[tuple[str, str]]) -> list[tuple[int, int]]:
    """Character spans of *text* that line up with any template, merged and sorted."""
    if not templates or not text.strip():
        return []
    from .align import align_sides, side_from_text
    from .params import SimilarityParams

    params = SimilarityParams()
    query = side_from_text(text, params)
    spans = []
    for _, template in templates:
        for p in align_sides(query, _template_side(template, params), params, min_words=TEMPLATE_MIN_WORDS):
            spans.append((p.start, p.end))
    return merge_spans(spans)


def merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def words_in(text: str, spans: list[tuple[int, int]]) -> int:
    """Words of *text* inside *spans* (the count the JSON reports as template words)."""
    from .normalize import excluded_mask, tokenize

    return sum(excluded_mask(tokenize(text), spans)) if spans else 0
