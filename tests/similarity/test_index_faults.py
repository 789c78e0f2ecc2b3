"""Index faults never give a silent verdict or blame the report (issue 12, items 1, 4, 9, 11).

SQLite side; the Redis side is in test_redis_faults.py.  A damaged, replaced or
removed index gives an IDX finding on every affected file of a batch (exit 2
for a single file), never INP001 and never "no match".
"""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys

import pytest

from integrity_check.similarity import CorpusIndexError, build_index, open_index

from .conftest import check_batch, codes, make_text, write_submissions


def cli(*args, prefix=()):
    return subprocess.run([*prefix, sys.executable, "-m", "integrity_check", *args], capture_output=True, text=True)


@pytest.fixture
def corpus(tmp_path):
    docs, subs = write_submissions(tmp_path)
    index = tmp_path / "idx" / "index.sqlite"
    build_index(index, docs).close()
    return index, subs


def _damage_entry(index, name):
    with sqlite3.connect(index) as db:
        db.execute("UPDATE docs SET text = ? WHERE name = ?", (b"\x78\x9c not zlib at all", name))


def test_damaged_entry_is_idx002_for_the_files_it_affects_not_inp001(corpus):
    index, subs = corpus
    _damage_entry(index, "d2")
    out = cli(*map(str, subs), "--corpus", str(index), "--format", "json")
    assert out.returncode == 1 and "Traceback" not in out.stderr
    report = json.loads(out.stdout)
    files = {os.path.basename(f["path"]): f for f in report["files"]}
    rules = {name: {x["rule"] for x in f["findings"]} for name, f in files.items()}
    assert "IDX002" in rules["sub2.txt"] and "SIM001" not in rules["sub2.txt"]
    assert files["sub2.txt"]["error"] is None and not any(r.startswith("INP") for r in rules["sub2.txt"])
    message = next(x["message"] for x in files["sub2.txt"]["findings"] if x["rule"] == "IDX002")
    assert "damaged entry" in message and "'d2'" in message and "export" not in message
    assert message.lower().count("similarity was not checked") == 1, message
    for other in ("sub0.txt", "sub1.txt", "sub3.txt"):
        assert "SIM001" in rules[other] and "IDX002" not in rules[other]
    assert report["summary"]["similarity_unchecked"] == 1


def test_single_file_with_damaged_index_exits_2_with_the_index_error(corpus):
    index, subs = corpus
    _damage_entry(index, "d1")
    out = cli(str(subs[1]), "--corpus", str(index))
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "IDX002" in out.stdout and "INP001" not in out.stdout and "export" not in out.stdout
    assert "Similarity was not checked for 1 file(s)" in out.stdout


@pytest.mark.parametrize("fault", ["rebuilt", "removed"])
def test_index_replaced_or_removed_mid_batch_gives_idx002_on_the_rest(corpus, fault):
    index, subs = corpus

    def change():
        if fault == "rebuilt":  # `corpus build` renames a new file into place
            build_index(index, [("other", make_text(999, 400), {})]).close()
        else:
            index.unlink()

    results = check_batch(subs, index, after_first=change)
    assert "SIM001" in codes(results["sub0.txt"])
    for name in ("sub1.txt", "sub2.txt", "sub3.txt"):
        got = codes(results[name])
        assert "IDX002" in got and "SIM001" not in got, (name, got)
        assert results[name].error is None and results[name].similarity_unchecked


def test_a_worker_that_finds_another_index_refuses_it(tmp_path):
    index = tmp_path / "i.sqlite"
    build_index(index, [("a", make_text(1, 300), {})]).close()
    token = open_index(index).token
    build_index(index, [("b", make_text(2, 300), {})]).close()  # rebuilt before the worker opened it
    from integrity_check.similarity import open_shared

    with pytest.raises(CorpusIndexError) as info:
        open_shared(str(index), expected_token=token)
    assert info.value.code == "IDX002" and "rebuilt or replaced" in info.value.message


def test_explain_documents_the_index_codes():
    for code, words in (("IDX001", "reached"), ("IDX002", "generation token"), ("IDX003", "password")):
        out = cli("explain", code)
        assert out.returncode == 0 and words in out.stdout, code


# --- item 9: concurrent creation ----------------------------------------------------------

def _cli_in_child(barrier, argv):
    """`integrity-check ARGV` in a forked process, started together with the others."""
    from integrity_check.cli import main

    barrier.wait()
    try:
        main(argv)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    except BaseException:
        code = 3
    os._exit(code)


def test_four_concurrent_adders_on_a_new_index_lose_nothing(tmp_path):
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("needs fork")
    ctx = multiprocessing.get_context("fork")
    files = []
    for w in range(4):
        for k in range(2):
            p = tmp_path / f"w{w}-{k}.txt"
            p.write_text(make_text(w * 10 + k, 200), encoding="utf-8")
            files.append(p)
    from integrity_check.cli import main

    with pytest.raises(SystemExit):  # import everything once, so the forked writers race at once
        main(["corpus", "add", str(files[0]), "--corpus", str(tmp_path / "warm.sqlite")])
    for attempt in range(3):  # each round on a fresh path
        index = tmp_path / f"new{attempt}" / "index.sqlite"
        barrier = ctx.Barrier(4)
        procs = [ctx.Process(target=_cli_in_child, args=(barrier, ["corpus", "add", str(files[2 * w]),
                                                                    str(files[2 * w + 1]), "--corpus", str(index)]))
                 for w in range(4)]
        for p in procs:
            p.start()
        for p in procs:
            p.join(120)
        assert [p.exitcode for p in procs] == [0] * 4
        with open_index(index) as idx:
            assert sorted(idx.names()) == sorted(f.name for f in files)
        assert not [p for p in index.parent.iterdir() if p.name.startswith(".")]  # no temporary files left


# --- item 11: read-only indexes -----------------------------------------------------------

def _unprivileged():
    """A command prefix under which file permissions apply (root ignores them)."""
    if os.geteuid() != 0:
        return ()
    if not shutil.which("setpriv"):
        pytest.skip("running as root without setpriv: cannot make a file read-only for the checker")
    return ("setpriv", "--bounding-set", "-dac_override,-dac_read_search")


@pytest.fixture
def read_only(corpus):
    index, subs = corpus
    prefix = _unprivileged()
    os.chmod(index, 0o444)
    yield index, subs, prefix
    os.chmod(index.parent, 0o755)
    os.chmod(index, 0o644)


def _names(index):
    with sqlite3.connect(f"file:{index}?immutable=1", uri=True) as db:
        return sorted(r[0] for r in db.execute("SELECT name FROM docs"))


def test_add_and_remove_on_a_read_only_index_say_so_in_one_line(read_only, tmp_path):
    index, subs, prefix = read_only
    before = _names(index)
    new = tmp_path / "new.txt"
    new.write_text(make_text(555, 300), encoding="utf-8")
    for args in (("corpus", "add", str(new)), ("corpus", "remove", "d0")):
        out = cli(*args, "--corpus", str(index), prefix=prefix)
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
        assert len(out.stderr.strip().splitlines()) == 1 and "read-only" in out.stderr
    assert _names(index) == before


def test_index_in_a_read_only_folder_is_still_checked_against(read_only):
    index, subs, prefix = read_only
    os.chmod(index.parent, 0o555)
    out = cli(str(subs[3]), "--corpus", str(index), "--format", "json", prefix=prefix)
    assert out.returncode == 1 and "rebuild" not in out.stderr, out.stderr
    findings = json.loads(out.stdout)["files"][0]["findings"]
    assert any(f["rule"] == "SIM001" and f["data"]["source"] == "d3" for f in findings)
    info = cli("corpus", "info", "--corpus", str(index), prefix=prefix)
    assert info.returncode == 0 and "documents  4" in info.stdout
    assert sorted(p.name for p in index.parent.iterdir()) == ["index.sqlite"]  # nothing created beside it


def test_read_only_file_in_a_writable_folder_is_checked_without_leaving_files(read_only):
    index, subs, prefix = read_only
    out = cli(str(subs[0]), "--corpus", str(index), "--format", "json", prefix=prefix)
    assert out.returncode == 1, out.stderr
    assert any(f["rule"] == "SIM001" for f in json.loads(out.stdout)["files"][0]["findings"])
    # no -shm/-wal with the index's read-only permissions that would block its owner later
    assert sorted(p.name for p in index.parent.iterdir()) == ["index.sqlite"]


def test_build_onto_a_read_only_index_refuses_and_keeps_it(read_only, tmp_path):
    index, subs, prefix = read_only
    before, inode = _names(index), index.stat().st_ino
    docs = tmp_path / "newdocs"
    docs.mkdir()
    (docs / "x.txt").write_text(make_text(777, 300), encoding="utf-8")
    out = cli("corpus", "build", str(docs), "--corpus", str(index), prefix=prefix)
    assert out.returncode == 2 and "read-only" in out.stderr and "Traceback" not in out.stderr
    assert index.stat().st_ino == inode and _names(index) == before
