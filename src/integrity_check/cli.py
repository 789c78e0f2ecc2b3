"""Command line: ``integrity-check PATH...`` checks; ``rules``, ``explain`` and ``corpus`` are tools.

Exit codes (as ruff): 0 nothing at the fail level, 1 a finding at the fail
level, 2 a usage error or a single input that cannot be checked at all.
Only typer is imported at start-up; everything heavy loads when used.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__

SUBCOMMANDS = ("rules", "explain", "corpus")
FORMAT_CHOICES = ("human", "json", "csv", "sarif", "junit", "github", "html")

check_app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False)
tools_app = typer.Typer(add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False, no_args_is_help=True)


def fail(message: str, code: int = 2) -> None:
    """One line on stderr, no traceback (file names shown printable whatever their bytes)."""
    from .reporters import printable

    typer.echo(printable(f"integrity-check: error: {message}"), err=True)
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"integrity-check {__version__}")
        raise typer.Exit()


def _load_pack(rules: str | None, start: Path):
    from .errors import UsageError
    from .packs import find_folder_config, load_pack

    try:
        try:
            _, config = find_folder_config(start)
        except (OSError, RuntimeError):  # a symlink loop or a path too long: its check says so
            _, config = find_folder_config(Path.cwd())
        return load_pack(rules, config)
    except UsageError as exc:
        fail(str(exc))


def check_output(output: Path | None, inputs: list[Path]) -> None:
    """Refuse an --output that would replace an input file or cannot be written, before any
    file is checked (so a typo does not cost a batch's checking time)."""
    if output is None or str(output) == "-":
        return
    try:
        os.stat(output)
    except FileNotFoundError:
        pass
    except OSError as exc:  # a symlink loop, a name too long, no permission to look
        fail(f"--output {output} cannot be used ({exc.strerror or exc}); choose another path")
    target = os.path.realpath(output)
    if any(target == os.path.realpath(p) for p in inputs) or target.lower().endswith(".pdf"):
        fail(f"--output {output} would overwrite a document; choose another file name")
    if os.path.isdir(target):
        fail(f"--output {output} is a folder; give a file name")
    folder = os.path.dirname(target) or "."
    if not os.path.exists(target) and not os.path.isdir(folder):
        fail(f"--output {output}: the folder {folder} does not exist; create it or choose another path")


def write_output(text: str, output: Path | None) -> None:
    """Print, or write to --output (see reporters.write_report: devices and FIFOs are
    written into, a regular file is replaced atomically). When --output cannot be written
    after the checks (disk full, a device that refuses), the report goes to stdout so the
    run's results are not lost, and the run exits 2."""
    from .reporters import write_report

    try:
        write_report(text, output)
    except OSError as exc:
        if output is not None and str(output) != "-":
            write_report(text, None)
            fail(f"cannot write {output}: {exc.strerror or exc}; the report was printed on stdout instead")
        raise


@check_app.command(
    help="Check report PDFs (files or folders) against a rule pack.",
    epilog="Tools: 'integrity-check rules' lists the rules, 'integrity-check explain CODE' documents one, "
    "'integrity-check corpus --help' manages the similarity corpus.",
)
def check(
    paths: Annotated[list[Path], typer.Argument(help="PDF files or folders of PDFs.", show_default=False)],
    rules: Annotated[Optional[str], typer.Option("--rules", "-r", help="Rule pack name or .toml file (default: ce7454 or the folder's config).")] = None,
    output_format: Annotated[str, typer.Option("--format", "--output-format", "-f", help=f"Output format: {', '.join(FORMAT_CHOICES)}.")] = "human",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write the report to this file instead of stdout.")] = None,
    fail_on: Annotated[Optional[str], typer.Option("--fail-on", help="Exit 1 on findings at this level: error, warning or never.")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only findings and the verdict.")] = False,
    processes: Annotated[Optional[int], typer.Option("--processes", "-j", help="Worker processes for a batch (default and most: the available cores; more is capped with a warning).", show_default=False)] = None,
    no_progress: Annotated[bool, typer.Option("--no-progress", help="No progress bar (it is shown only when stderr is a terminal).")] = False,
    statistics: Annotated[bool, typer.Option("--statistics", help="Count findings per rule across all files.")] = False,
    corpus: Annotated[Optional[Path], typer.Option("--corpus", help="Corpus index file to match against (default: corpus/index.sqlite when it exists).", show_default=False)] = None,
    index: Annotated[Optional[str], typer.Option("--index", help="Shared corpus index in Redis: redis://HOST:PORT/DB.", show_default=False)] = None,
    template: Annotated[Optional[list[Path]], typer.Option("--template", help="Template or starter text handed out with the assignment (PDF, text file or folder; repeatable): its text is never a match.", show_default=False)] = None,
    submitter_pattern: Annotated[Optional[str], typer.Option("--submitter-pattern", help="Regular expression on each file's path whose group 'submitter' (or first group) names the student; files of one student never collude.", show_default=False)] = None,
    annotate: Annotated[Optional[Path], typer.Option("--annotate", help="Write a PNG of each page with a format finding, offending items boxed, into this folder.", show_default=False)] = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    from .errors import UsageError
    from .findings import Severity
    from .reporters import FORMATS, Report, render
    from .runner import Progress, RunOptions, capped_processes, check_paths, expand_paths

    pack = _load_pack(rules, paths[0] if paths else Path.cwd())
    fail_on = fail_on or pack.config.get("fail-on") or "error"
    if fail_on not in ("error", "warning", "never"):
        fail(f"--fail-on must be error, warning or never, not {fail_on!r}")
    if output_format not in FORMATS:
        fail(f"--format must be one of {', '.join(sorted(FORMATS))}, not {output_format!r}")
    if processes is not None and processes < 1:
        fail(f"--processes must be at least 1, not {processes}")
    run = RunOptions(pack=pack, processes=capped_processes(processes))
    if annotate is not None:
        run.options["annotate_dir"] = str(annotate)
    if output_format == "html":
        run.options["keep_body_text"] = True  # the HTML report shows the body text
    from .similarity import is_redis_url

    if index and corpus:
        fail("give either --corpus or --index, not both")
    if index and not is_redis_url(index):
        fail(f"--index takes a redis:// URL, not {index!r}; use --corpus for an index file")
    run.options["index"] = index or None
    run.options["corpus"] = str(corpus) if corpus else pack.config.get("corpus")
    try:
        from .checks.similarity import index_location, open_corpus

        from .similarity.template import OPTION, configured_templates, without_templates
        from .submitters import compile_pattern

        run.options[OPTION] = configured_templates(template, pack.config.get("template"))
        run.options["submitter_pattern"] = submitter_pattern or pack.config.get("submitter-pattern")
        compile_pattern(run.options["submitter_pattern"])  # a bad pattern stops here
        location = index_location(run.options)
        if location:  # a missing or mismatched index stops here, with what to do; workers
            run.options["index_token"] = open_corpus(location).token  # verify they read the same one
        inputs = without_templates(expand_paths([str(p) for p in paths]), run.options[OPTION])
        if not inputs:
            fail(f"no PDF files found in {', '.join(map(str, paths))}")
        check_output(output, inputs)
        rules_built = pack.build_rules()  # validates the pack before any work
        progress = Progress(len(inputs), enabled=False if no_progress else None)
        results = check_paths([str(p) for p in inputs], run, progress, rules=rules_built)
    except UsageError as exc:
        fail(str(exc))
    report = Report(
        results=results,
        pack_name=pack.name,
        fail_on=None if fail_on == "never" else Severity.parse(fail_on),
        version=__version__,
        options={
            "quiet": quiet,
            "color": (output is None or str(output) == "-") and sys.stdout.isatty() and "NO_COLOR" not in os.environ,
            "statistics": statistics,
        },
    )
    write_output(render(output_format, report), output)
    if statistics and output_format != "human":  # machine formats stay parseable on stdout
        from .reporters.summary import statistics_lines

        typer.echo("\n".join(statistics_lines(report)), err=True)
    if len(results) == 1 and (results[0].error is not None or results[0].similarity_unchecked):
        raise typer.Exit(2)
    raise typer.Exit(1 if report.failed() else 0)


@tools_app.command("rules", help="List the rules of the active pack with their severity.")
def list_rules(
    rules: Annotated[Optional[str], typer.Option("--rules", "-r", help="Rule pack name or .toml file.")] = None,
    show_all: Annotated[bool, typer.Option("--all", help="Also list rules the pack turns off.")] = False,
) -> None:
    from .checks.base import load_all_rules
    from .packs import builtin_pack_names

    pack = _load_pack(rules, Path.cwd())
    try:
        pack.build_rules()
    except Exception as exc:  # UsageError from a bad pack
        fail(str(exc))
    typer.echo(f"pack {pack.name}: {pack.description}")
    for code, cls in load_all_rules().items():
        setting = pack.setting(code, cls.severity)
        if setting.severity is None and not show_all:
            continue
        sev = str(setting.severity) if setting.severity else "off"
        params = cls.configured(setting.params)
        extra = "  " + ", ".join(f"{k}={v}" for k, v in params.items()) if params else ""
        typer.echo(f"  {code}  {sev:7}  {cls.name:24} {cls.summary}{extra}")
    typer.echo(f"built-in packs: {', '.join(builtin_pack_names())}")


@tools_app.command("explain", help="Print a rule's documentation: what it checks and how to fix it.")
def explain(code: Annotated[str, typer.Argument(help="Rule code, e.g. FMT002.")]) -> None:
    from .checks.base import load_all_rules

    registry = load_all_rules()
    cls = registry.get(code.upper())
    if cls is None:
        fail(f"no rule {code!r}; run 'integrity-check rules --all' for the codes")
    params = ", ".join(f"{k} = {v!r}" for k, v in cls.params.items()) or "none"
    typer.echo(f"{cls.code} ({cls.name}), {cls.family}, default severity {cls.severity}\n")
    from .checks.base import DOC_SECTIONS

    sections = cls.doc_sections()
    if all(sections.get(h) for h in DOC_SECTIONS):  # the standard shape, in its fixed order
        typer.echo("\n\n".join(h + "\n" + _indent(sections[h]) for h in DOC_SECTIONS))
    else:  # a rule written before the standard shape (e.g. a plugin's)
        typer.echo(cls.documentation())
    typer.echo(f"\nParameters (set in a pack under [rules.{cls.code}]): {params}")


def _indent(text: str) -> str:
    return "\n".join("  " + line if line else line for line in text.splitlines())


def _add_corpus_commands() -> None:
    try:
        from .similarity.cli import corpus_app
    except ImportError:
        return
    tools_app.add_typer(corpus_app, name="corpus")


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in SUBCOMMANDS:
        if argv[0] == "corpus":
            _add_corpus_commands()
        tools_app(args=argv, prog_name="integrity-check")
    else:
        check_app(args=argv, prog_name="integrity-check")


if __name__ == "__main__":
    main()
