"""integrity-check: check a course report PDF before hand-in."""

__version__ = "0.1.0"
