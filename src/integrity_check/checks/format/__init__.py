"""Format rules (FMT): is the report in the venue's format?

One module per concern: ``pages`` (paper size, page limit); the layout, font,
structure and mode rules live beside it.
"""
from . import pages  # noqa: F401  (importing registers the rules)
