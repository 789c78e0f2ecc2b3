"""Build small documents for the quotation and citation rules and run the ce7454 pack on them."""
from __future__ import annotations

from integrity_check.extract.plaintext import document_from_text
from integrity_check.packs import load_pack
from integrity_check.runner import RunOptions, check_document

OWN = "Our own analysis of the results shows a clear trend."  # 10 words, no citation
PARA = "Prior work improved the detector on this benchmark [2]."  # 9 words, cited paraphrase
REFS = "References\n[1] A. Smith. First title. In Venue, 2020.\n[2] B. Taylor. Second title. In Venue, 2019.\n"


def quote(k: int, cite: str = " [1]") -> str:
    """A sentence quoting k words: 6 + k words with the citation, 5 + k without."""
    words = " ".join(f"w{i}" for i in range(k))
    return f"As one source put it, “{words}”{cite}."


def text_doc(*sentences: str, refs: str | None = REFS):
    body = " ".join(sentences)
    text = body + ("\n\n" + refs if refs else "")
    return document_from_text(text, "report.txt")


def run(doc, pack: str = "ce7454"):
    """Run the pack's quotation and citation rules (other families are tested elsewhere)."""
    loaded = load_pack(pack)
    rules = [r for r in loaded.build_rules() if r.family in ("quotation", "citation")]
    result, _ = check_document(doc, RunOptions(pack=loaded), rules)
    return result


def codes(result, prefix=("QUO", "CIT")):
    return sorted(f.rule for f in result.findings if f.rule.startswith(prefix))


def cvpr_writer(path):
    """A CVPR-geometry page writer on ``path`` with the Times fonts: (writer, fonts)."""
    import pdf_factory  # noqa: F401  (puts examples/ on sys.path)
    import cvpr_layout as L

    g = L.Geometry(paper=(612, 792), left=58.5, top=72, columns=2, column_width=236.25, gap=22.5,
                   body_size=9.96)
    return L.Writer(str(path), g, [], None), L.fonts("times", embedded=True)
