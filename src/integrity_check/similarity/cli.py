"""``integrity-check corpus ...``: build and maintain the corpus index.

The index is one SQLite file (default ``corpus/index.sqlite``, or
``--corpus PATH``) or a shared Redis server (``--index redis://HOST:PORT/DB``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from . import DEFAULT_INDEX, CorpusIndexError, index_location, is_redis_url

corpus_app = typer.Typer(
    add_completion=False, rich_markup_mode=None, pretty_exceptions_enable=False, no_args_is_help=True,
    help="Build and maintain the corpus index that reports are matched against.",
)

CorpusOption = Annotated[Optional[Path], typer.Option("--corpus", help=f"Index file (default: {DEFAULT_INDEX}).", show_default=False)]
IndexOption = Annotated[Optional[str], typer.Option("--index", help="Shared index in Redis: redis://HOST:PORT/DB or redis+cluster://HOST:PORT[,HOST:PORT...].", show_default=False)]
FingerprintsOption = Annotated[bool, typer.Option("--fingerprints-only", help="Store hashes and offsets only, no text (past submissions).")]


def _fail(message: str) -> None:
    typer.echo(f"integrity-check: error: {message}", err=True)
    raise typer.Exit(2)


def _location(corpus: Path | None, index: str | None) -> str:
    if corpus and index:
        _fail("give either --corpus or --index, not both")
    if index:
        if not is_redis_url(index):
            _fail(f"--index takes a redis:// URL (or redis+cluster://), not {index!r}")
        return index
    return index_location(index, corpus, default_if_missing=True)


def _size(n: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n /= 1024
    return str(n)


def _skipped(path, exc) -> None:
    from ..errors import InputRejected

    reason = exc.message if isinstance(exc, InputRejected) else str(exc).splitlines()[0][:120]
    typer.echo(f"skipped {path}: {reason}", err=True)


def _footprint(info: dict) -> str:
    """Size on disk (SQLite) or memory in Redis."""
    if info.get("memory"):
        return f"{_size(info['memory']['total'])} of Redis memory"
    return _size(info.get("size_on_disk") or 0)


def _summary(idx, verb: str, count: int) -> None:
    info = idx.info()
    typer.echo(
        f"{verb} {count} document(s); {info['location']} now holds {info['documents']} document(s), "
        f"{info['windows']} windows, {_footprint(info)}"
    )


@corpus_app.command("build", help="Index every PDF and text file under DIR into a fresh index (replaces the old one).")
def build(
    directory: Annotated[Path, typer.Argument(help="Folder of past submissions, course materials, known papers.")],
    corpus: CorpusOption = None,
    index: IndexOption = None,
    fingerprints_only: FingerprintsOption = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", help="Worker processes for hashing (default and most: the available cores; more is capped with a warning).", show_default=False)] = None,
) -> None:
    from ..runner.workers import capped_processes
    from .corpus import build_from_directory, iter_corpus_files

    if not directory.is_dir():
        _fail(f"{directory} is not a folder")
    location = _location(corpus, index)
    if not any(True for _ in iter_corpus_files(directory)):
        _fail(f"no PDF or text files under {directory}")
    try:
        idx = build_from_directory(directory, location, fingerprints_only=fingerprints_only,
                                   jobs=capped_processes(max(1, jobs) if jobs is not None else None, "--jobs"),
                                   on_error=_skipped)
        _summary(idx, "indexed", idx.info()["documents"])
        idx.close()
    except CorpusIndexError as exc:
        _fail(str(exc))


@corpus_app.command("add", help="Add files to the index (created if missing); a changed file replaces its old version.")
def add(
    files: Annotated[list[Path], typer.Argument(help="PDF or text files.")],
    corpus: CorpusOption = None,
    index: IndexOption = None,
    fingerprints_only: FingerprintsOption = False,
) -> None:
    from . import open_index
    from .corpus import add_files

    missing = [str(f) for f in files if not f.is_file()]
    if missing:
        _fail(f"no such file: {', '.join(missing)}")
    location = _location(corpus, index)
    create = is_redis_url(location) or not Path(location).exists()
    try:
        idx = open_index(location, create=create)
        added = add_files(idx, files, fingerprints_only=fingerprints_only, on_error=_skipped)
        _summary(idx, "added", added)
        idx.close()
    except CorpusIndexError as exc:
        _fail(str(exc))


@corpus_app.command("remove", help="Remove documents from the index by name (as 'corpus info --list' shows them).")
def remove(
    names: Annotated[list[str], typer.Argument(help="Document names.")],
    corpus: CorpusOption = None,
    index: IndexOption = None,
) -> None:
    idx = _open_existing(_location(corpus, index))
    try:
        known = set(idx.names())
        unknown = [n for n in names if n not in known]
        if unknown:
            _fail(f"not in the index: {', '.join(unknown)}; 'integrity-check corpus info --list' shows the names")
        _summary(idx, "removed", idx.remove(names))
    except CorpusIndexError as exc:
        _fail(str(exc))
    finally:
        idx.close()


@corpus_app.command("info", help="Documents, windows, size on disk and hashing settings of the index.")
def info(
    corpus: CorpusOption = None,
    index: IndexOption = None,
    list_names: Annotated[bool, typer.Option("--list", help="Also list the document names.")] = False,
) -> None:
    idx = _open_existing(_location(corpus, index))
    try:
        data = idx.info()
        typer.echo(f"index      {data['location']} ({data['backend']})")
        typer.echo(f"documents  {data['documents']} ({data.get('fingerprints_only_documents', 0)} fingerprints only)")
        typer.echo(f"windows    {data['windows']}")
        typer.echo(f"words      {data.get('words', 0)}")
        if data.get("memory"):
            mem = data["memory"]
            per_doc = mem["total"] / data["documents"] if data["documents"] else 0
            typer.echo(f"memory     {_size(mem['total'])} (documents {_size(mem['documents'])}, band buckets "
                       f"{_size(mem['buckets'])} in {mem['bucket_keys']} keys; {_size(per_doc)} per document)")
        else:
            typer.echo(f"size       {_size(data.get('size_on_disk') or 0)}")
        typer.echo("settings   " + ", ".join(f"{k}={v}" for k, v in sorted(data["settings"].items())))
        if list_names:
            for name in sorted(idx.names()):
                typer.echo(f"  {name}")
    except CorpusIndexError as exc:
        _fail(str(exc))
    finally:
        idx.close()


def _open_existing(location: str):
    from . import open_index

    if not is_redis_url(location) and not Path(location).is_file():
        _fail(f"no corpus index at {location}; build one with 'integrity-check corpus build DIR'")
    try:
        return open_index(location)
    except CorpusIndexError as exc:
        _fail(str(exc))
