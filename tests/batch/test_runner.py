"""Batch runs: ordering, process-count invariance, broken files, time and memory limits, progress."""
from __future__ import annotations

import io
import json
import subprocess
import sys
import time

import pytest

from integrity_check.packs import load_pack
from integrity_check.runner import FAULTS_ENV, Progress, RunOptions, check_file, check_paths

from .conftest import run_cli, write_pack


def _json(results) -> list[dict]:
    return [r.to_json() for r in results]


def test_batch_order_and_results_do_not_depend_on_process_count(folder):
    pack = load_pack("ce7454")
    one = check_paths([str(folder)], RunOptions(pack=pack, processes=1))
    two = check_paths([str(folder)], RunOptions(pack=pack, processes=2))
    paths = [r.path for r in one]
    assert paths == sorted(paths) and len(paths) == 5
    assert _json(one) == _json(two)


def test_one_bad_file_does_not_stop_the_rest(folder):
    results = {r.path.rsplit("/", 1)[-1]: r for r in check_paths([str(folder)], RunOptions(load_pack("ce7454"), processes=2))}
    assert results["dave-truncated.pdf"].error.code == "INP001"
    assert results["erin-garbage.pdf"].error.code == "INP001"
    assert [f.rule for f in results["dave-truncated.pdf"].findings] == ["INP001"]
    for name in ("alice-clean.pdf", "bob-long.pdf", "carol-quotes.pdf"):
        assert results[name].error is None and results[name].metrics["pages"] >= 4
    assert "FMT002" in {f.rule for f in results["bob-long.pdf"].findings}


def test_cli_batch_of_a_folder_with_bad_files(folder):
    proc = run_cli(str(folder), "--format", "json", "-j", "2")
    data = json.loads(proc.stdout)
    assert proc.returncode == 1  # findings, not a usage error: the batch went on
    assert [f["path"] for f in data["files"]] == sorted(f["path"] for f in data["files"])
    codes = {f["path"].rsplit("/", 1)[-1]: (f["error"] or {}).get("code") for f in data["files"]}
    assert codes["dave-truncated.pdf"] == "INP001" and codes["alice-clean.pdf"] is None
    assert "Traceback" not in proc.stderr
    assert "\r" not in proc.stderr  # stderr is a pipe: no progress bar


@pytest.fixture()
def limits_pack(tmp_path):
    return load_pack(str(write_pack(tmp_path / "limits.toml", seconds=8, memory_mb=300)))


def _by_name(results):
    return {r.path.rsplit("/", 1)[-1]: r for r in results}


def test_time_limit_in_process_for_one_file(reports, tmp_path, monkeypatch):
    monkeypatch.setenv(FAULTS_ENV, "alice:sleep:60")
    pack = load_pack(str(write_pack(tmp_path / "limits.toml", seconds=2)))
    started = time.monotonic()
    (result,) = check_paths([str(reports["clean"])], RunOptions(pack, processes=2))
    assert time.monotonic() - started < 20
    assert result.error.code == "INP004" and "2 s time limit" in result.error.message
    assert [f.rule for f in result.findings] == ["INP004"]


@pytest.mark.parametrize(
    "fault, words",
    [
        ("sleep:60", "time limit"),  # Python code: the worker's SIGALRM stops it
        ("hang:60", "time limit"),  # no signal gets through: the parent kills the worker
        ("crash", "stopped"),  # the worker dies
        ("memory:2000", "memory limit"),  # RLIMIT_AS: MemoryError in the worker
        ("wrapped-memory:2000", "memory limit"),  # a library re-raised the MemoryError as its own error
    ],
)
def test_limits_in_workers_give_inp004_and_the_batch_goes_on(reports, limits_pack, monkeypatch, fault, words):
    monkeypatch.setenv(FAULTS_ENV, f"alice:{fault}")
    files = [str(reports[k]) for k in ("clean", "long", "quotes")]
    started = time.monotonic()
    results = _by_name(check_paths(files, RunOptions(limits_pack, processes=2)))
    assert time.monotonic() - started < 60
    bad = results["alice-clean.pdf"]
    assert bad.error is not None and bad.error.code == "INP004", bad.findings
    assert words in bad.error.message
    for name in ("bob-long.pdf", "carol-quotes.pdf"):
        assert results[name].error is None


def test_out_of_memory_inside_the_pdf_reader_is_inp004(reports, monkeypatch):
    """The loader turns any error on a page into INP001 "cannot be read"; running out of
    memory there is still the memory limit (INP004), which also retires a worker."""
    from integrity_check.extract import pdf

    def out_of_memory(*args, **kwargs):
        raise MemoryError()

    monkeypatch.setattr(pdf, "_page_content", out_of_memory)
    result = check_file(reports["clean"], RunOptions(load_pack("ce7454")))
    assert result.error.code == "INP004" and "memory limit" in result.error.message
    assert [f.rule for f in result.findings] == ["INP004"]


def test_a_worker_never_exceeds_its_memory_cap_whatever_earlier_files_left():
    """The cap is the worker's address space before any file + memory_mb, held across files:
    with 200 MB kept by an earlier file, 250 MB more do not fit under a 300 MB limit."""
    script = (
        "from integrity_check.extract import Limits\n"
        "from integrity_check.runner.faults import _allocate\n"
        "from integrity_check.runner.limits import pin_memory_base, resource_guard\n"
        "pin_memory_base()\n"
        "kept = _allocate(200)\n"
        "try:\n"
        "    with resource_guard(Limits(seconds=0, memory_mb=300)):\n"
        "        more = _allocate(250)\n"
        "    print('allocated')\n"
        "except MemoryError:\n"
        "    print('refused')\n"
    )
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.stdout.strip() == "refused", proc.stderr


def test_a_worker_holding_memory_is_replaced_so_the_next_file_gets_its_budget(reports, limits_pack, monkeypatch):
    # alice's check leaves 200 MB of the 300 MB budget behind; bob, next in the same single
    # worker slot, needs 250 MB: only a fresh worker gives it that under the held cap
    monkeypatch.setenv(FAULTS_ENV, "alice:leak:200;bob:memory:250")
    files = [str(reports[k]) for k in ("clean", "long")]
    results = _by_name(check_paths(files, RunOptions(limits_pack, processes=1)))
    assert results["alice-clean.pdf"].error is None
    assert results["bob-long.pdf"].error is None, results["bob-long.pdf"].error


def test_unexpected_exception_is_an_input_finding_not_a_crash(reports, monkeypatch):
    monkeypatch.setenv(FAULTS_ENV, "bob:raise")
    files = [str(reports[k]) for k in ("clean", "long")]
    results = _by_name(check_paths(files, RunOptions(load_pack("ce7454"), processes=1)))
    assert results["bob-long.pdf"].error.code == "INP001"
    assert "RuntimeError" in results["bob-long.pdf"].error.message
    assert results["alice-clean.pdf"].error is None


def test_the_pool_recovers_after_many_killed_workers(reports, limits_pack, monkeypatch):
    # every file but one crashes its worker; with one process, each crash needs a new worker
    monkeypatch.setenv(FAULTS_ENV, "alice:crash;bob:crash;erin:crash")
    results = _by_name(check_paths([str(reports["clean"].parent)], RunOptions(limits_pack, processes=1)))
    assert {n for n, r in results.items() if r.error and r.error.code == "INP004"} == {
        "alice-clean.pdf", "bob-long.pdf", "erin-garbage.pdf"}
    assert results["carol-quotes.pdf"].error is None
    assert results["dave-truncated.pdf"].error.code == "INP001"


def test_cli_time_limit_breach(reports, tmp_path):
    pack = write_pack(tmp_path / "limits.toml", seconds=6)
    proc = run_cli(str(reports["clean"]), str(reports["long"]), "--rules", str(pack), "--format", "json",
                   env={FAULTS_ENV: "alice:sleep:60"})
    files = {f["path"].rsplit("/", 1)[-1]: f for f in json.loads(proc.stdout)["files"]}
    assert files["alice-clean.pdf"]["error"]["code"] == "INP004"
    assert files["bob-long.pdf"]["error"] is None


def test_a_failing_batch_rule_keeps_every_file_result(reports, capsys):
    from integrity_check.runner import run_batch_rules

    class Broken:
        code = "SIM003"

        def check_batch(self, results, run):
            raise KeyError("page")

    results = check_paths([str(reports["clean"])], RunOptions(load_pack("ce7454")))
    run_batch_rules(results, [Broken()], RunOptions(load_pack("ce7454")))
    assert results[0].error is None and results[0].metrics["pages"] >= 4
    assert "SIM003 could not compare the files" in capsys.readouterr().err


def test_cli_rejects_zero_processes(reports):
    proc = run_cli(str(reports["clean"]), "--processes", "0")
    assert proc.returncode == 2 and "--processes" in proc.stderr


def test_cli_caps_processes_at_the_cores_with_a_warning(reports):
    from integrity_check.runner import default_processes

    cores = default_processes()
    proc = run_cli(str(reports["clean"]), str(reports["long"]), "--processes", "1000", "--format", "json")
    assert proc.returncode == 1 and len(json.loads(proc.stdout)["files"]) == 2  # the batch ran
    (warning,) = [ln for ln in proc.stderr.splitlines() if "warning" in ln]
    assert warning == (f"integrity-check: warning: --processes 1000 is more than the {cores} core(s) "
                       f"available; using {cores}")
    proc = run_cli(str(reports["clean"]), "--processes", str(cores), "--format", "json")
    assert "warning" not in proc.stderr  # up to the cores: no warning


class _Tty(io.StringIO):
    def isatty(self):
        return True


def test_progress_bar_only_on_a_terminal():
    tty = _Tty()
    bar = Progress(3, stream=tty)
    for i in range(1, 4):
        bar.update(i, f"/x/file{i}.pdf")
    bar.close()
    text = tty.getvalue()
    assert "\r[" in text and "3/3" in text and "file3.pdf" in text
    assert text.endswith("\r\033[K")  # the line is cleared at the end
    pipe = io.StringIO()
    bar = Progress(3, stream=pipe)
    bar.update(3, "x")
    bar.close()
    assert pipe.getvalue() == ""
    off = Progress(3, stream=_Tty(), enabled=False)
    off.update(3)
    assert off.stream.getvalue() == ""
