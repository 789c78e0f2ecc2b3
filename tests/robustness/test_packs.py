"""Hostile or mistyped rule packs and folder configs (issue 12, item 8).

A bad pack is a usage error: exit 2, one line naming the file and the key, no
traceback, and no file is checked. Before the schema these crashed with a
traceback or made every PDF "unreadable".
"""
from __future__ import annotations

import pytest

from integrity_check.errors import UsageError
from integrity_check.packs import find_folder_config, load_pack

from .conftest import run_cli

BAD_PACKS = {
    # file name: (content, words the one-line error must contain)
    "bad-utf8.toml": (b'name = "x"\n# caf\xe9\n', ["UTF-8"]),
    "rules-int.toml": (b"[rules]\nFMT002 = 5\n", ["rules.FMT002", "table"]),
    "rules-str.toml": (b'rules = "oops"\n', ["rules", "table"]),
    "venue-int.toml": (b"venue = 5\n", ["venue", "table"]),
    "pages-word.toml": (b'[rules.INP004]\nmax_pages = "four"\n', ["rules.INP004.max_pages", "'four'"]),
    "memory-huge.toml": (b"[rules.INP004]\nmemory_mb = 1e30\n", ["rules.INP004.memory_mb"]),
    "memory-too-big.toml": (b"[rules.INP004]\nmemory_mb = 1000000000000\n", ["rules.INP004.memory_mb", "at most"]),
    "paper-name.toml": (b'[venue]\npaper = "letter"\n', ["venue.paper", "'letter'"]),
    "negative-seconds.toml": (b"[rules.INP004]\nseconds = -1\n", ["rules.INP004.seconds", "at least 0"]),
    "negative-pages.toml": (b"[rules.FMT002]\nmax_pages = -4\n", ["rules.FMT002.max_pages", "at least"]),
    "pct-over-100.toml": (b"[rules.QUO001]\nmax_pct = 150\n", ["rules.QUO001.max_pct", "at most 100"]),
    "param-typo.toml": (b"[rules.FMT002]\nmax_page = 5\n", ["rules.FMT002.max_page", "max_pages"]),
    "rule-typo.toml": (b"[rules.FMT02]\nmax_pages = 5\n", ["rules.FMT02", "not a rule"]),
    "venue-typo.toml": (b"[venue]\ncolums = 1\n", ["venue.colums", "not a venue setting"]),
    "top-typo.toml": (b'extend = "cvpr"\n', ["extend", "extends"]),
    "severity.toml": (b'[rules.FMT002]\nseverity = "fatal"\n', ["rules.FMT002.severity", "'fatal'"]),
    "bool.toml": (b'[rules.FMT007]\nallow_type3 = "yes"\n', ["rules.FMT007.allow_type3", "true or false"]),
    "regex.toml": (b'[venue]\nbody_fonts = ["Times("]\n', ["venue.body_fonts", "pattern"]),
    "mode.toml": (b'[venue]\nmode = "camera-ready"\n', ["venue.mode", "'final'"]),
    "columns.toml": (b"[venue]\ncolumns = 2.5\n", ["venue.columns", "whole number"]),
}


@pytest.mark.parametrize("name", sorted(BAD_PACKS))
def test_bad_pack_is_one_usage_line_naming_file_and_key(tmp_path, name):
    content, words = BAD_PACKS[name]
    pack = tmp_path / name
    pack.write_bytes(content)
    with pytest.raises(UsageError) as err:
        load_pack(str(pack))
    message = str(err.value)
    assert "\n" not in message and name in message
    for word in words:
        assert word in message, message


def test_folder_named_like_a_pack(tmp_path):
    (tmp_path / "x.toml").mkdir()
    with pytest.raises(UsageError, match="is a folder"):
        load_pack(str(tmp_path / "x.toml"))


def test_cli_stops_before_reading_any_file(tmp_path, sample_source):
    pack = tmp_path / "pages-word.toml"
    pack.write_bytes(BAD_PACKS["pages-word.toml"][0])
    # The PDF path does not exist: the pack error must come first (no file is looked at).
    run = run_cli(tmp_path / "missing.pdf", "--rules", pack, "--format", "json")
    assert run.code == 2 and run.stdout == ""
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and "pages-word.toml" in lines[0] and "max_pages" in lines[0], run.stderr
    run = run_cli(sample_source, "--rules", pack, "--format", "json")
    assert run.code == 2 and run.stdout == "" and "Traceback" not in run.stderr


def test_extends_is_relative_to_the_pack_file(tmp_path, monkeypatch):
    (tmp_path / "packs" / "base").mkdir(parents=True)
    (tmp_path / "packs" / "base" / "course.toml").write_text('extends = "cvpr"\n[rules.FMT002]\nmax_pages = 3\n')
    (tmp_path / "packs" / "mine.toml").write_text('extends = "base/course.toml"\n[rules.QUO001]\nmax_pct = 10.0\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    pack = load_pack(str(tmp_path / "packs" / "mine.toml"))
    assert pack.rules["FMT002"]["max_pages"] == 3 and pack.rules["QUO001"]["max_pct"] == 10.0
    assert pack.venue["name"] == "CVPR"


def test_error_names_the_file_that_holds_the_bad_key(tmp_path):
    (tmp_path / "base.toml").write_text('extends = "cvpr"\n[venue]\npaper = [612]\n')
    (tmp_path / "top.toml").write_text('extends = "base.toml"\n')
    with pytest.raises(UsageError, match=r"base\.toml: venue\.paper"):
        load_pack(str(tmp_path / "top.toml"))


@pytest.mark.parametrize(
    "config, words",
    [
        ('[tool.integrity-check]\nfail_on = "warning"\n', ["pyproject.toml", "fail_on", "fail-on"]),
        ('[tool.integrity-check]\nfail-on = "sometimes"\n', ["fail-on", "'sometimes'"]),
        ('[tool.integrity-check.rules.INP004]\nmax_pages = "four"\n', ["rules.INP004.max_pages"]),
        ('[tool.integrity-check]\ncorpus = 5\n', ["corpus"]),
        ("[tool]\nintegrity-check = 3\n", ["pyproject.toml", "table"]),
    ],
)
def test_folder_config_is_checked_too(tmp_path, config, words):
    (tmp_path / "pyproject.toml").write_text(config)
    with pytest.raises(UsageError) as err:
        _, data = find_folder_config(tmp_path)
        load_pack(None, data)
    for word in words:
        assert word in str(err.value), str(err.value)


def test_good_packs_and_configs_still_load(tmp_path):
    from integrity_check.packs import builtin_pack_names

    for name in builtin_pack_names():
        assert load_pack(name).rules  # every shipped pack fits the schema
    (tmp_path / "integrity-check.toml").write_text(
        'pack = "cvpr"\nfail-on = "warning"\n[rules.FMT002]\nmax_pages = 5\n[venue]\ntext_left = 60\n'
    )
    _, data = find_folder_config(tmp_path)
    pack = load_pack(None, data)
    assert pack.name == "cvpr" and pack.rules["FMT002"]["max_pages"] == 5 and pack.config["fail-on"] == "warning"


def test_every_parameter_has_a_schema_its_default_fits():
    from integrity_check.checks.base import load_all_rules
    from integrity_check.schema import param_spec

    for code, cls in load_all_rules().items():
        assert set(cls.ranges) <= set(cls.params), code
        for key, default in cls.params.items():
            assert param_spec(default, cls.ranges.get(key)).problem(default) is None, (code, key)
