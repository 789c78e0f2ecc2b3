"""Helpers for the robustness tests: run the real CLI in a fresh process on one file."""
from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

CASE_TIMEOUT = 120.0  # twice the default per-file limit (INP004 seconds = 60)


@dataclass
class CliRun:
    code: int
    stdout: str
    stderr: str

    @property
    def report(self) -> dict:
        return json.loads(self.stdout)

    @property
    def file(self) -> dict:
        return self.report["files"][0]

    @property
    def error_code(self) -> str | None:
        err = self.file["error"]
        return err["code"] if err else None


def run_cli(*args: str | Path, env: dict | None = None, timeout: float = CASE_TIMEOUT) -> CliRun:
    proc = subprocess.run(
        [sys.executable, "-m", "integrity_check", *map(str, args)],
        capture_output=True, text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL,
    )
    return CliRun(proc.returncode, proc.stdout, proc.stderr)


def assert_contained(run: CliRun) -> None:
    """A result or an INP finding, exit code 0/1/2, no traceback."""
    assert "Traceback" not in run.stderr, run.stderr[-2000:]
    assert run.code in (0, 1, 2), (run.code, run.stderr[-2000:])
    report = run.report  # JSON, or the test fails here
    file = report["files"][0]
    if file["error"] is not None:
        assert run.code == 2
        assert file["error"]["code"] in {"INP001", "INP002", "INP003", "INP004"}
        message = file["error"]["message"]
        assert message and "\n" not in message and "Traceback" not in message
    else:
        assert run.code in (0, 1)


@pytest.fixture(scope="session")
def sample_source() -> Path:
    from conftest import shared_pdf  # tests/conftest.py

    return shared_pdf("student-cvpr-final-2p.pdf")
