"""The published pre-commit hooks, and the real ``pre-commit`` tool driving them in a git repo."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import CLI, ROOT

HOOKS_FILE = ROOT / ".pre-commit-hooks.yaml"
PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def _hooks() -> dict[str, dict]:
    return {h["id"]: h for h in yaml.safe_load(HOOKS_FILE.read_text(encoding="utf-8"))}


def test_published_hooks_file():
    hooks = _hooks()
    assert set(hooks) == {"integrity-check", "integrity-check-folder"}
    for hook in hooks.values():
        assert hook["entry"] == "integrity-check"
        assert hook["language"] == "python"
        assert hook["require_serial"] is True
        assert hook["name"] and hook["description"]
        assert "--no-progress" in hook["args"]
    per_file, folder = hooks["integrity-check"], hooks["integrity-check-folder"]
    assert per_file["types"] == ["pdf"] and per_file.get("pass_filenames", True) is True
    assert folder["pass_filenames"] is False and folder["args"][-1].endswith("/")


def _local_config(folder_args: list[str]) -> str:
    """A ``repo: local`` config that mirrors the published hooks (entry, args, file filters),
    running the integrity-check installed here instead of pip-installing the project."""
    hooks = []
    for hook_id, hook in _hooks().items():
        local = {k: v for k, v in hook.items() if k not in ("description",)}
        local["language"] = "system"
        local["entry"] = str(CLI)
        if hook_id == "integrity-check-folder":
            local["args"] = folder_args
        hooks.append(local)
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.com",
           "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.com"}
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env, timeout=300)


def _pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"), "NO_COLOR": "1"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return subprocess.run([str(PRE_COMMIT), *args], cwd=repo, capture_output=True, text=True, env=env, timeout=600)


@pytest.mark.skipif(shutil.which("git") is None or not PRE_COMMIT.exists(), reason="needs git and pre-commit")
def test_pre_commit_passes_a_clean_report_and_fails_a_long_one(reports, tmp_path):
    repo = tmp_path / "course"
    (repo / "submissions").mkdir(parents=True)
    shutil.copy(reports["clean"], repo / "submissions" / "alice.pdf")
    (repo / ".pre-commit-config.yaml").write_text(_local_config(["--no-progress", "submissions/"]), encoding="utf-8")
    assert _git(repo, "init", "-q").returncode == 0
    _git(repo, "add", ".")

    ok = _pre_commit(repo, "run", "--all-files")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.count("Passed") == 2

    shutil.copy(reports["long"], repo / "submissions" / "bob.pdf")
    _git(repo, "add", ".")
    bad = _pre_commit(repo, "run", "--all-files")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert bad.stdout.count("Failed") == 2  # both hooks see bob.pdf
    assert "FMT002" in bad.stdout and "bob.pdf" in bad.stdout

    # as a real git hook: the commit is refused, then accepted without the long report
    assert _pre_commit(repo, "install").returncode == 0
    refused = _git(repo, "commit", "-qm", "hand in")
    assert refused.returncode != 0 and "FMT002" in refused.stdout + refused.stderr
    _git(repo, "rm", "-q", "--cached", "submissions/bob.pdf")
    (repo / "submissions" / "bob.pdf").unlink()
    accepted = _git(repo, "commit", "-qm", "hand in")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
