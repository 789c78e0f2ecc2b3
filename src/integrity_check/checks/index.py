"""Index rules (IDX): the corpus index failed while a file was checked.

A fault of the corpus index is never the report's fault and never a silent
"no match": the similarity analysis records the index error
(:func:`record_index_failure`, the one place an index exception becomes a
finding) and the rule with the error's code reports it on the file.  The
file's other checks (format, quotations, citations) still run; its
similarity was not checked, which the summaries say. A single file whose
similarity could not be checked exits with code 2.
"""
from __future__ import annotations

from ..findings import Severity
from .base import CheckContext, Rule
from .examples import Bad, Good

INDEX_FAILURE = "_index_failure"  # ctx.sections key (batch data, not in the JSON file object)
# The report the rules' runnable examples check against an index (its situation is the example).
_IDX_REPORT = "Our project studies lane detection at night with a short memory of earlier frames."


def record_index_failure(ctx: CheckContext, exc) -> None:
    """Keep a CorpusIndexError for the IDX rule of its code."""
    ctx.sections[INDEX_FAILURE] = {"code": exc.code, "message": exc.message}


class _IndexRule(Rule):
    family = "index"
    severity = Severity.ERROR
    order = 11  # after the similarity analysis (10) that records the failure

    def check(self, ctx: CheckContext):
        failure = ctx.sections.get(INDEX_FAILURE)
        if failure and failure["code"] == self.code:
            message = failure["message"].rstrip(".")
            # the errors that arise mid-run already say so (they are also the CLI's one-line errors)
            if "similarity was not checked" not in message.lower():
                message = f"Similarity was not checked: {message}"
            yield self.finding(message[0].upper() + message[1:] + ".")


class IndexUnavailable(_IndexRule):
    """What it checks
    The corpus index could be reached and read while this file was checked: the
    Redis server is up and reachable, or the index file can be read. After the
    first confirmed outage a batch stops waiting for the server and reports
    this on every remaining file at once.

    Why the course cares
    The report itself is not at fault, but it was not compared with the corpus:
    nothing about its similarity is known, so it must not pass as "no match".

    How to fix
    Nothing to change in the report: this is for whoever runs the check.
      In LaTeX / In Word: nothing; start the Redis server (or restore access to
      the index file) and check again.
    """

    code = "IDX001"
    name = "index-unavailable"
    summary = "The corpus index is reachable for the similarity check."
    fix = "Start or reach the corpus index (Redis server or index file), then run the check again."
    examples = (
        Bad("Checking with --index redis://HOST:PORT/0 while no server runs there.",
            text=_IDX_REPORT, index="redis-down"),
        Good("The server started (redis-cli ping answers PONG), then the check run.",
             text=_IDX_REPORT, index="redis"),
    )


class IndexChanged(_IndexRule):
    """What it checks
    The corpus index stays the one the run opened, undamaged. Every search
    verifies that the index it reads is the one the run opened
    (a generation token stored in the index). A Redis server restarted
    without its data or flushed, an index file removed, replaced (for example
    by `corpus build`) or overwritten, or a stored document that cannot be
    decoded all stop the similarity check of the file.

    Why the course cares
    A changed or damaged index would let a copied report pass as "no match".
    The report itself is not at fault.

    How to fix
    Nothing to change in the report: this is for whoever runs the check.
      In LaTeX / In Word: nothing; restore or rebuild the index
      (integrity-check corpus build), then check again.
    """

    code = "IDX002"
    name = "index-changed"
    summary = "The corpus index stays the one the run opened, undamaged."
    fix = "Restore or rebuild the corpus index (integrity-check corpus build), then run the check again."
    examples = (
        Bad("`corpus build` replaced the index file after the run opened it.",
            text=_IDX_REPORT, index="sqlite-rebuilt"),
        Good("The index built first, then the check run against it.", text=_IDX_REPORT, index="sqlite"),
    )


class IndexAuthentication(_IndexRule):
    """What it checks
    The Redis server holding the corpus index accepts the credentials: the
    server is up, but the user name or password is wrong or missing (or the
    user lacks permission for the index's keys). Retrying cannot help, so this
    is reported at once.

    Why the course cares
    Without access to the index the report is not compared with the corpus:
    nothing about its similarity is known. The report itself is not at fault.

    How to fix
    Nothing to change in the report: this is for whoever runs the check.
      In LaTeX / In Word: nothing; put the credentials in the URL
      (``redis://USER:PASSWORD@HOST:PORT/DB``) or in
      ``$INTEGRITY_CHECK_REDIS_PASSWORD`` and run again.
    """

    code = "IDX003"
    name = "index-authentication"
    summary = "The Redis server accepts the index's credentials."
    fix = "Give the right Redis user and password (URL or $INTEGRITY_CHECK_REDIS_PASSWORD) and run again."
    examples = (
        Bad("--index redis://HOST:PORT/0 for a server that requires a password.",
            text=_IDX_REPORT, index="redis-no-password"),
        Good("--index redis://:PASSWORD@HOST:PORT/0 (or $INTEGRITY_CHECK_REDIS_PASSWORD).",
             text=_IDX_REPORT, index="redis-password"),
    )
