"""False similarity flags on real reports: ../shared/pdfs and ../shared/realworld
checked through the CLI against a corpus of unrelated documents (all 1,949 PAN
2013 source documents).  None of these reports copies a PAN web page, so every
uncited SIM001 finding (verbatim or paraphrase) is a false flag.

    python bench/similarity_false_flags.py [--json out.json]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
SHARED = ROOT.parent / "shared"
PAN_SRC = SHARED / "data" / "pan13-verbatim-dev" / "src"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", default=None)
    args = ap.parse_args(argv)
    from clough_eval import run_cli
    from integrity_check.similarity import build_index

    pdfs = sorted((SHARED / "pdfs").glob("*.pdf")) + sorted((SHARED / "realworld").glob("*.pdf"))
    with tempfile.TemporaryDirectory(prefix="ff-") as tmp:
        idx = os.path.join(tmp, "pan.sqlite")
        build_index(idx, ((p.name, p.read_text(encoding="utf-8"), {}) for p in sorted(PAN_SRC.glob("*.txt"))),
                    jobs=min(2, os.cpu_count() or 1)).close()
        t0 = time.perf_counter()
        report = run_cli(idx, pdfs)
        secs = time.perf_counter() - t0
    res = {"reports": len(pdfs), "corpus_documents": len(list(PAN_SRC.glob("*.txt"))), "cli_seconds": round(secs, 1),
           "flags": [], "cited_matches": 0, "errors": []}
    for f in report["files"]:
        if f.get("error"):
            res["errors"].append({"file": Path(f["path"]).name, "error": f["error"]})
        for x in f["findings"]:
            if x["rule"] != "SIM001":
                continue
            if x["severity"] == "info":
                res["cited_matches"] += 1
                continue
            res["flags"].append({"file": Path(f["path"]).name, "kind": x["data"].get("kind"),
                                 "source": x["data"]["source"], "words": x["data"]["words"],
                                 "text": x["data"]["text"][:200]})
    res["false_flags"] = len(res["flags"])
    print(json.dumps(res, indent=1))
    if args.json:
        Path(args.json).write_text(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
