"""Format rules (FMT): is the report in the venue's format?

One module per concern: ``pages`` (paper size, page limit), ``layout``
(columns, margins), ``fonts`` (size, family, embedding), ``structure`` (front
matter, sections, captions) and ``mode`` (review or camera-ready, page
numbers); ``measure`` holds what they measure once per document.
"""
from . import fonts, layout, mode, pages, structure  # noqa: F401  (importing registers the rules)
