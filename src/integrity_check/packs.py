"""Rule packs: declarative TOML files that choose rules, severities and venue facts.

A pack looks like this (see ``rules/cvpr.toml``)::

    name = "cvpr"
    description = "..."
    extends = "base"            # optional: start from another pack

    [venue]                     # facts about the venue, read by several rules
    paper = [612, 792]

    [rules.FMT002]              # per-rule settings: severity and parameters
    severity = "error"          # error | warning | info | off
    max_pages = 8

A folder may carry its own settings in ``integrity-check.toml`` or under
``[tool.integrity-check]`` in ``pyproject.toml``: ``pack = "PACK|FILE"`` (or
``rules = "..."``, as on the command line), ``fail-on = "warning"``, plus the
same ``[venue]`` and ``[rules.CODE]`` tables, applied on top of the pack.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import UsageError
from .findings import Severity

DEFAULT_PACK = "ce7454"
CONFIG_FILES = ("integrity-check.toml", "pyproject.toml")


@dataclass
class RuleSetting:
    severity: Severity | None  # None = off
    params: dict[str, Any] = field(default_factory=dict)


@dataclass
class Pack:
    name: str
    description: str = ""
    sources: list[str] = field(default_factory=list)  # files it was read from, base first
    venue: dict[str, Any] = field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict)  # raw per-rule tables
    config: dict[str, Any] = field(default_factory=dict)  # run options from a folder config

    def setting(self, code: str, default_severity: Severity) -> RuleSetting:
        table = dict(self.rules.get(code, {}))
        raw = table.pop("severity", None)
        if raw is None:
            severity: Severity | None = default_severity
        elif str(raw).lower() == "off":
            severity = None
        else:
            try:
                severity = Severity.parse(raw)
            except ValueError as exc:
                raise UsageError(f"pack {self.name}: rules.{code}: {exc}") from None
        return RuleSetting(severity, table)

    def build_rules(self) -> list:
        """Instantiate every enabled rule with this pack's severity and parameters."""
        from .checks.base import load_all_rules

        registry = load_all_rules()
        unknown = sorted(set(self.rules) - set(registry))
        if unknown:
            raise UsageError(
                f"pack {self.name} names unknown rule(s) {', '.join(unknown)}; "
                "run 'integrity-check rules --all' for the codes"
            )
        rules = []
        for code, cls in registry.items():
            setting = self.setting(code, cls.severity)
            if setting.severity is None:
                continue
            unknown_params = sorted(set(setting.params) - set(cls.params))
            if unknown_params:
                raise UsageError(
                    f"pack {self.name}: rules.{code} has no parameter(s) {', '.join(unknown_params)}"
                    f" (it takes: {', '.join(cls.params) or 'none'})"
                )
            rules.append(cls(setting.severity, setting.params))
        rules.sort(key=lambda r: (r.order, r.code))
        return rules


def builtin_pack_names() -> list[str]:
    return sorted(p.name[:-5] for p in _builtin_dir().iterdir() if p.name.endswith(".toml"))


def _builtin_dir():
    try:
        return resources.files("integrity_check.rulepacks")
    except ModuleNotFoundError:  # running from a source tree without installing
        return Path(__file__).resolve().parents[2] / "rules"


def _read_toml(path: Path | Any, what: str) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise UsageError(f"{what} {path} not found") from None
    except IsADirectoryError:
        raise UsageError(f"{what} {path} is a folder, not a file") from None
    except OSError as exc:
        raise UsageError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise UsageError(f"{what} {path} is not UTF-8 text (byte {exc.start}); save it as UTF-8") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{what} {path} is not valid TOML: {exc}") from None


def _checked(data: dict[str, Any], source: str, *, config: bool = False) -> dict[str, Any]:
    """*data* as read from *source*, after the schema check (schema.py): a bad value is a usage error."""
    from .schema import SchemaError, check_pack

    try:
        check_pack(data, source, config=config)
    except SchemaError as exc:
        raise UsageError(str(exc)) from None
    return data


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _load_raw(ref: str, seen: tuple[str, ...] = (), base: Path | None = None) -> tuple[dict[str, Any], list[str]]:
    """A pack and the packs it extends, merged; *base* is the folder of the pack that names *ref*."""
    path = Path(ref)
    if base is not None and not path.is_absolute():
        path = base / path
    if ref.endswith(".toml") or path.is_file():
        source: Any = path
        what = "rule pack file"
    else:
        source = _builtin_dir() / f"{ref}.toml"
        what = "rule pack"
        if not source.is_file():
            raise UsageError(
                f"unknown rule pack '{ref}'; choose one of {', '.join(builtin_pack_names())} "
                "or give a path to a .toml pack file"
            )
    key = str(source)
    if key in seen:
        raise UsageError(f"rule pack {ref} extends itself (cycle: {' -> '.join(seen)})")
    data = _checked(_read_toml(source, what), key)
    parent = data.pop("extends", None)
    if parent:
        # A file named by extends is found next to the pack that names it, not in the current folder.
        here = Path(key).parent if isinstance(source, Path) else None
        base_data, sources = _load_raw(str(parent), seen + (key,), here)
        return _merge(base_data, data), sources + [key]
    return data, [key]


def load_pack(ref: str | None = None, folder_config: dict[str, Any] | None = None) -> Pack:
    """Load a pack by name or file, then apply a folder config on top."""
    folder_config = dict(folder_config or {})
    _checked(folder_config, str(folder_config.pop("_source", "folder configuration")), config=True)
    if isinstance(folder_config.get("rules"), str):  # rules = "cvpr" names the pack, like --rules
        folder_config["pack"] = folder_config.pop("rules")
    ref = ref or folder_config.get("pack") or DEFAULT_PACK
    data, sources = _load_raw(str(ref))
    overlay = {k: v for k, v in folder_config.items() if k in ("venue", "rules")}
    data = _merge(data, overlay)
    rules = {str(code).upper(): dict(v) for code, v in (data.get("rules") or {}).items()}
    return Pack(
        name=str(data.get("name", Path(str(ref)).stem)),
        description=str(data.get("description", "")),
        sources=sources,
        venue=dict(data.get("venue") or {}),
        rules=rules,
        config={k: v for k, v in folder_config.items() if k not in ("venue", "rules", "pack")},
    )


def find_folder_config(start: Path) -> tuple[Path | None, dict[str, Any]]:
    """The nearest integrity-check.toml or [tool.integrity-check] above start."""
    here = start.resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        for name in CONFIG_FILES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            data = _read_toml(candidate, "config file")
            if name == "pyproject.toml":
                data = data.get("tool", {}).get("integrity-check")
                if data is None:
                    continue
            if not isinstance(data, dict):
                raise UsageError(f"config file {candidate}: [tool.integrity-check] must be a table")
            data = dict(data, _source=str(candidate))  # named in any schema error (load_pack)
            # Paths in a config are relative to the folder that holds it.
            for key in ("corpus", "pack", "rules"):
                value = data.get(key)
                if isinstance(value, str) and (key == "corpus" or value.endswith(".toml")):
                    data[key] = str(folder / value)
            template = data.get("template")
            if isinstance(template, (str, list)):
                data["template"] = ([str(folder / v) if isinstance(v, str) else v for v in template]
                                    if isinstance(template, list) else str(folder / template))
            return candidate, data
    return None, {}
