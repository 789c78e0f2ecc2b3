"""The language layer: sentences, quotations, citations and reference entries.

Pure functions on strings (and, for block quotations, on the document model's
line geometry); no rules live here.  Rules and other analyses reach them
through :mod:`integrity_check.text.analysis`, which memoises each analysis per
document with ``ctx.cached``.

Nothing in this package imports a heavy library at module import time.
"""
