"""Every rule's Bad and Good examples (declared in its class, see checks/examples.py) run
through the real rule: Bad gives at least one finding of the rule's code, Good none.

One test id per rule and case (``QUO002-bad``, ``QUO002-good``). A rule without runnable
examples must be listed in NOT_RUNNABLE with the reason and the test that covers it; it
is then an explicit xfail, never a silent skip.
"""
from __future__ import annotations

import shutil

import pytest

from integrity_check.checks.base import load_all_rules
from integrity_check.checks.examples import Example

RULES = load_all_rules()

# code -> why its examples cannot run here, and where the rule is exercised instead.
NOT_RUNNABLE: dict[str, str] = {}


def _cases():
    for code, cls in RULES.items():
        if code in NOT_RUNNABLE:
            mark = pytest.mark.xfail(reason=NOT_RUNNABLE[code], strict=True, run=False)
            for kind in ("bad", "good"):
                yield pytest.param(code, None, id=f"{code}-{kind}", marks=mark)
            continue
        for kind in ("bad", "good"):
            chosen = [ex for ex in cls.examples if ex.bad == (kind == "bad")]
            if not chosen:  # a rule without its examples is a failure here, not a skip
                yield pytest.param(code, None, id=f"{code}-{kind}")
            for k, ex in enumerate(chosen, 1):
                yield pytest.param(code, ex, id=f"{code}-{kind}" + (f"{k}" if len(chosen) > 1 else ""))


# --- turning an example into a checked result -------------------------------------------

def _pack(code: str, ex: Example):
    """The example's pack with the rule under test on and the example's parameters set."""
    from dataclasses import replace

    from integrity_check.packs import load_pack

    pack = load_pack(ex.pack)
    table = {**pack.rules.get(code, {}), **ex.params}
    if str(table.get("severity", "")).lower() == "off":
        table.pop("severity")
    return replace(pack, rules={**pack.rules, code: table})


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    """Generated PDFs by description, written once per module (many Good cases share the clean one)."""
    import pdf_factory

    folder = tmp_path_factory.mktemp("examples")
    made: dict[str, object] = {}

    def get(ex: Example):
        key = repr(sorted(ex.pdf.items())) if ex.pdf is not None else ex.file
        if key not in made:
            path = folder / f"case{len(made)}.pdf"
            if ex.file == "not-a-pdf":  # a .docx is a zip archive
                path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + b"word/document.xml" + bytes(200))
            elif ex.file == "image-only":
                pdf_factory.make_image_only_pdf(path)
            elif ex.file == "blank":
                pdf_factory.make_blank_pdf(path)
            else:
                pdf_factory.make_report(path, **ex.pdf)
            made[key] = path
        return made[key]

    return get


def _redis_server(tmp_path, *extra):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server not installed: the index rules' Redis cases are also covered by "
                    "tests/similarity/test_redis_faults.py (skipped without it too)")
    from similarity.conftest import RedisServer

    data = tmp_path / "redis-data"
    data.mkdir()
    return RedisServer(data, *extra)


def _index_options(ex: Example, tmp_path, cleanup) -> dict:
    """The run options for the example's corpus: its source (or a stand-in document) in the
    index situation it names."""
    from integrity_check.similarity import build_index, open_index

    docs = [("source.txt", ex.source or "An unrelated corpus document about cooking pasta in salted water. " * 8, {})]
    if ex.index in (None, "sqlite", "sqlite-rebuilt"):
        path = tmp_path / "index.sqlite"
        build_index(str(path), docs).close()
        options = {"corpus": str(path)}
        if ex.index == "sqlite-rebuilt":  # the run opened it, then `corpus build` replaced it
            opened = open_index(str(path))
            options["index_token"] = opened.token
            opened.close()
            build_index(str(path), docs).close()
        return options
    if ex.index == "redis-down":
        from similarity.conftest import free_port

        return {"index": f"redis://127.0.0.1:{free_port()}/0"}
    password = ex.index in ("redis-password", "redis-no-password")
    server = _redis_server(tmp_path, *(("--requirepass", "example-pw") if password else ()))
    cleanup.append(server.stop)
    good = f"redis://:example-pw@127.0.0.1:{server.port}/0" if password else server.url
    build_index(good, docs).close()
    return {"index": server.url if ex.index == "redis-no-password" else good}


def run_example(code: str, ex: Example, tmp_path, pdfs, cleanup):
    """The findings a check gives for the example's input (the file checked first, for a pair)."""
    from integrity_check.extract.plaintext import document_from_text
    from integrity_check.runner import RunOptions, check_document, check_file, run_batch_rules

    pack = _pack(code, ex)
    rules = pack.build_rules()
    if ex.text is None:  # a PDF or another file, checked as the CLI checks a file
        return check_file(pdfs(ex), RunOptions(pack=pack), rules).findings
    options = _index_options(ex, tmp_path, cleanup) if (ex.source or ex.index) else {}
    run = RunOptions(pack=pack, options=options)
    results = [check_document(document_from_text(ex.text, "report.txt"), run, rules)[0]]
    if ex.other is not None:  # two submissions of one run: the batch rules compare them
        results.append(check_document(document_from_text(ex.other, "other.txt"), run, rules)[0])
        run_batch_rules(results, rules, run)
    return results[0].findings


@pytest.fixture
def cleanup():
    todo: list = []
    yield todo
    for fn in todo:
        fn()


@pytest.mark.parametrize("code, example", list(_cases()))
def test_rule_example(code, example, tmp_path, pdfs, cleanup, monkeypatch):
    assert example is not None, f"{code} declares no runnable example of this kind (examples = (Bad(...), Good(...)))"
    monkeypatch.delenv("INTEGRITY_CHECK_CORPUS", raising=False)  # only the example's own index
    monkeypatch.chdir(tmp_path)  # (and no default corpus/index.sqlite)
    findings = run_example(code, example, tmp_path, pdfs, cleanup)
    mine = [f"{f.severity}: {f.message}" for f in findings if f.rule == code]
    if example.bad:
        assert mine, f"{code} Bad example ({example.caption}) gave no {code} finding; got " \
            f"{sorted({f.rule for f in findings})}"
        # ... at the rule's own severity in that pack, not only a hedged note or warning
        severity = _pack(code, example).setting(code, RULES[code].severity).severity
        assert any(f.rule == code and f.severity == severity for f in findings), (severity, mine)
    else:
        assert not mine, f"{code} Good example ({example.caption}) gave {code}: {mine}"


def test_every_rule_declares_runnable_examples_or_is_listed():
    missing = [code for code, cls in RULES.items()
               if code not in NOT_RUNNABLE and not ({True, False} <= {ex.bad for ex in cls.examples})]
    assert missing == []
    assert set(NOT_RUNNABLE) <= set(RULES)


def test_examples_are_the_rules_example_section_in_one_place():
    """explain's Example section comes from the runnable examples; no prose copy in the docstring."""
    for code, cls in RULES.items():
        if not cls.examples:
            continue
        docstring = "\n" + cls.documentation() + "\n"
        assert "\nExample\n" not in docstring, f"{code}: Example prose duplicated in the docstring"
        section = cls.doc_sections()["Example"]
        for ex in cls.examples:
            assert f"{ex.label}:" in section and ex.caption.split()[0] in section, (code, ex.caption)
