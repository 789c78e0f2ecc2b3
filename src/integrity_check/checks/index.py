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

INDEX_FAILURE = "_index_failure"  # ctx.sections key (batch data, not in the JSON file object)


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
            yield self.finding(f"Similarity was not checked: {failure['message']}.")


class IndexUnavailable(_IndexRule):
    """The corpus index could not be reached or read while this file was checked.

    The Redis server is down or unreachable, or the index file cannot be
    read. The report itself is not at fault and was not compared with the
    corpus: nothing about its similarity is known. Start the server (or
    restore access to the index file) and check again. After the first
    confirmed outage a batch stops waiting for the server and reports this on
    every remaining file at once.
    """

    code = "IDX001"
    name = "index-unavailable"
    summary = "The corpus index is reachable for the similarity check."
    fix = "Start or reach the corpus index (Redis server or index file), then run the check again."


class IndexChanged(_IndexRule):
    """The corpus index changed during the run or has a damaged entry.

    Every search verifies that the index it reads is the one the run opened
    (a generation token stored in the index). A Redis server restarted
    without its data or flushed, an index file removed, replaced (for example
    by `corpus build`) or overwritten, or a stored document that cannot be
    decoded all stop the similarity check of the file instead of letting it
    pass as "no match". The report itself is not at fault. Restore or rebuild
    the index, then check again.
    """

    code = "IDX002"
    name = "index-changed"
    summary = "The corpus index stays the one the run opened, undamaged."
    fix = "Restore or rebuild the corpus index (integrity-check corpus build), then run the check again."


class IndexAuthentication(_IndexRule):
    """The Redis server holding the corpus index refused the credentials.

    The server is up, but the user name or password is wrong or missing (or
    the user lacks permission for the index's keys). Put them in the URL
    (``redis://USER:PASSWORD@HOST:PORT/DB``) or in
    ``$INTEGRITY_CHECK_REDIS_PASSWORD``. Retrying cannot help, so this is
    reported at once.
    """

    code = "IDX003"
    name = "index-authentication"
    summary = "The Redis server accepts the index's credentials."
    fix = "Give the right Redis user and password (URL or $INTEGRITY_CHECK_REDIS_PASSWORD) and run again."
