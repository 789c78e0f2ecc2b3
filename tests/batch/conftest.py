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


CLUSTERS = {1: 6, 2: 4, 3: 3}  # planted clusters: number -> members sharing one paragraph


@pytest.fixture(scope="session")
def cluster_batch(tmp_path_factory) -> dict:
    """54 plain-text reports (checked in seconds): 3 planted clusters of 6, 4 and 3 submissions,
    one pair, the rest each its own text. The HTML report of the batch is written once."""
    from .texts import SHARED, own_text

    folder = tmp_path_factory.mktemp("cluster-batch")
    planted: dict[int, list[str]] = {}
    paths = []
    membership = [c for c, n in CLUSTERS.items() for _ in range(n)]  # files 0-5, 6-9, 10-12
    for i in range(54):
        paragraphs = [own_text(5000 + i, 150)]
        number = membership[i] if i < len(membership) else None
        if number is not None:
            paragraphs.append(SHARED[number - 1])
        elif i in (20, 21):  # a pair: linked, but no cluster
            paragraphs.append(SHARED[3])
        paragraphs.append(own_text(6000 + i, 150))
        path = folder / f"student-{i:02d}.txt"
        path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        paths.append(str(path))
        if number is not None:
            planted.setdefault(number, []).append(str(path))
    html = folder / "report.html"
    proc = run_cli(*paths, "--format", "html", "--output", str(html), "--no-progress", "--processes", "2")
    assert proc.returncode == 1 and html.is_file(), proc.stderr[-2000:]
    return {"paths": paths, "planted": planted, "pair": [paths[20], paths[21]], "html": html}
