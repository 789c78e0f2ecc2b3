"""FMT010 submission mode (review or camera-ready) and FMT012 page numbers."""
from __future__ import annotations

from ...findings import Severity, union
from ...model import Furniture
from ..base import CheckContext, Rule
from ..examples import Bad, Good
from .measure import author_lines, emails, format_metrics, submission_mode


class SubmissionMode(Rule):
    """What it checks
    The copy is in the mode the pack expects, and a review copy is anonymous.
    Review mode shows line numbers (or the old 000 ruler) in the margins, the
    "CONFIDENTIAL REVIEW COPY" header, "Anonymous ... submission" and the
    unfilled Paper ID "*****"; a camera-ready (final) copy shows none of them
    and names the authors. The mode is reported as the ``mode`` metric. A
    course hand-in is a final copy.

    Why the course cares
    Graders need the copy the pack asks for: a hand-in names its author and is
    free of review furniture; a review copy must not reveal who wrote it.

    How to fix
    Build the copy in the mode the pack expects.
      In LaTeX: CVPR kits from 2025 use ``\\usepackage[final]{cvpr}``
      (``[review]`` for submission); older kits ``\\cvprfinalcopy``.
      In Word: delete the line numbers (Layout > Line Numbers > None) and the
      review header.
    """

    code = "FMT010"
    name = "submission-mode"
    family = "format"
    severity = Severity.ERROR
    summary = "Review or camera-ready as the pack expects; review copies are anonymous."
    params: dict = {}
    examples = (
        Bad("A course hand-in (final copy) with line numbers and \"CONFIDENTIAL REVIEW COPY\".",
            pdf={"review": True}),
        Good("The final copy: no line numbers or review header, authors named.", pdf={}),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(format_metrics)
        doc = ctx.document
        mode = ctx.cached(submission_mode)
        expected = str(ctx.venue.get("mode", "any")).lower()
        name = ctx.venue.get("name", "the venue")
        first = doc.pages[0].number
        if expected in ("final", "camera-ready") and mode.mode == "review":
            boxes = [f.bbox for f in doc.pages[0].furniture if f.furniture != Furniture.PAGE_NUMBER]
            yield self.finding(
                f"This is a review copy ({'; '.join(mode.evidence)}); {name} expects a final (camera-ready) copy.",
                page=first, bbox=union(boxes) if boxes else None,
                fix="Produce the final copy: in LaTeX switch the template to final mode (\\usepackage[final]{cvpr}, "
                "or \\cvprfinalcopy in kits up to 2024) and fill in your names; in Word remove line numbers "
                "(Layout > Line Numbers > None), the review header and \u201cAnonymous\u201d.",
                mode=mode.mode, expected=expected,
            )
        elif expected == "review" and mode.mode == "final":
            yield self.finding(
                f"This is a camera-ready copy (no line numbers or review header); {name} expects a review copy.",
                page=first,
                fix="Produce the review copy: in LaTeX use \\usepackage[review]{cvpr} (or leave out \\cvprfinalcopy) "
                "and remove author names; in Word add line numbers (Layout > Line Numbers) and anonymise.",
                mode=mode.mode, expected=expected,
            )
        if mode.mode == "review":
            found = emails(ctx.cached(author_lines)) or emails(doc.pages[0].lines[:40])
            if found:
                lines = [ln for ln in doc.pages[0].lines if any(e in ln.text for e in found)]
                yield self.finding(
                    f"A review copy must be anonymous, but page 1 shows e-mail address(es): {', '.join(found[:3])}.",
                    page=first, bbox=union(ln.bbox for ln in lines) if lines else None,
                    fix="Remove names and e-mails from the review copy: in LaTeX leave \\author{} to the template's "
                    "review mode (it prints \u201cAnonymous submission\u201d); in Word replace the author block "
                    "with \u201cAnonymous submission\u201d.",
                    emails=found,
                )


class PageNumbers(Rule):
    """What it checks
    A camera-ready copy prints no page numbers. CVPR's final mode removes the
    page numbers that review mode prints at the bottom centre.

    Why the course cares
    The publisher adds page numbers; printed ones show the copy was not built
    in final mode.

    How to fix
    Build the final copy without page numbers.
      In LaTeX: use the template's final mode and do not add
      ``\\pagestyle{plain}`` or fancyhdr footers.
      In Word: Insert > Page Number > Remove Page Numbers.
    """

    code = "FMT012"
    name = "page-numbers"
    family = "format"
    severity = Severity.WARNING
    summary = "A camera-ready copy prints no page numbers."
    params: dict = {}
    examples = (
        Bad("A final copy with \"1\", \"2\", ... at the bottom centre of each page.",
            pdf={"page_numbers": True}),
        Good("The final copy with no page numbers.", pdf={}),
    )

    def check(self, ctx: CheckContext):
        ctx.cached(format_metrics)
        doc = ctx.document
        mode = ctx.cached(submission_mode)
        if mode.mode != "final" or not mode.page_numbers:
            return
        page = mode.page_numbers[0]
        boxes = [f.bbox for f in doc.pages[page - 1].furniture if f.furniture == Furniture.PAGE_NUMBER]
        yield self.finding(
            f"The final copy prints page numbers (page(s) {', '.join(map(str, mode.page_numbers[:10]))}).",
            page=page, bbox=union(boxes) if boxes else None,
            fix="Remove the page numbers: in LaTeX use the template's final mode (\\usepackage[final]{cvpr} or "
            "\\cvprfinalcopy) and \\pagestyle{empty} if you added page numbers; in Word use Insert > Page Number > "
            "Remove Page Numbers.",
            pages=mode.page_numbers,
        )
