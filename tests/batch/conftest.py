"""Fixtures for batch, formats, HTML and pre-commit tests: generated reports in a temp folder."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CLI = Path(sys.executable).with_name("integrity-check")


@pytest.fixture(scope="session")
def reports(tmp_path_factory) -> dict[str, Path]:
    """clean.pdf (no findings), long.pdf (FMT002: 5 content pages), quotes.pdf, and broken files."""
    import pdf_factory as F

    folder = tmp_path_factory.mktemp("submissions")
    out = {
        "clean": F.make_report(folder / "alice-clean.pdf"),
        "long": F.make_report(folder / "bob-long.pdf", pages_of_content=5),
        "quotes": F.make_report(folder / "carol-quotes.pdf", quotes=3),
    }
    data = out["clean"].read_bytes()
    truncated = folder / "dave-truncated.pdf"
    truncated.write_bytes(data[: len(data) // 3])
    garbage = folder / "erin-garbage.pdf"
    garbage.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 40)
    out["truncated"], out["garbage"] = truncated, garbage
    return out


@pytest.fixture(scope="session")
def folder(reports) -> Path:
    return reports["clean"].parent


def write_pack(path: Path, **inp004) -> Path:
    lines = ['name = "limits-test"', 'extends = "ce7454"', "", "[rules.INP004]"]
    lines += [f"{k} = {v}" for k, v in inp004.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    full_env = {**os.environ, **(env or {})}
    cmd = [str(CLI)] if CLI.exists() else [sys.executable, "-m", "integrity_check"]
    return subprocess.run(
        [*cmd, *args], capture_output=True, text=True, env=full_env, cwd=cwd, timeout=timeout
    )


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None
