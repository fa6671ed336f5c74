"""`sleuth ingest PATH... --collection NAME` and `sleuth delete --collection NAME (DOC_ID... | --source PATH)`."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from api.commands._common import console, container, err_console, parse_pairs

if TYPE_CHECKING:
    from tools.ingest.pipeline import IngestReport

STAGES = {"load": "reading files", "embed": "embedding chunks", "index": "indexing", "delete": "deleting"}


class _Bar:
    """A rich progress bar fed by the pipeline's `progress(stage, done, total)`; one bar per stage."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._tasks: dict[str, Any] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage not in self._tasks:
            self._tasks[stage] = self._progress.add_task(STAGES.get(stage, stage), total=total or None)
        self._progress.update(self._tasks[stage], completed=done, total=total or None)


def _progress() -> Progress:
    # On stderr, so `--json` output on stdout stays machine-readable.
    return Progress(
        TextColumn("{task.description:<18}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err_console,
        transient=False,
    )


def _print_report(collection: str, report: IngestReport, as_json: bool) -> None:
    if as_json:
        out = {"collection": collection, **asdict(report), "ok": report.ok}
        out["failures"] = [{"source": s, "reason": r} for s, r in report.failures]
        console.print_json(json.dumps(out))
        return
    table = Table("added", "updated", "unchanged", "deleted", "chunks written", "failed", "seconds", title=collection)
    table.add_row(
        *(str(v) for v in (report.added, report.updated, report.unchanged, report.deleted, report.n_chunks)),
        f"[red]{len(report.failures)}[/]" if report.failures else "0",
        f"{report.seconds:.1f}",
    )
    console.print(table)
    if report.failures:
        # One line per file, never wrapped or truncated: paths must survive narrow terminals and copy-paste.
        err_console.print("[red]not ingested:[/]")
        for source, reason in report.failures:
            err_console.print(f"  {source}: {reason}", soft_wrap=True, markup=False, highlight=False)


def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files and folders (PDF, HTML, Markdown, text, JSONL)")],
    collection: Annotated[str, typer.Option("--collection", "-c", help="Target collection (created if missing)")],
    meta: Annotated[
        list[str] | None, typer.Option("--meta", help="key=value metadata for every document (repeatable)")
    ] = None,
    prune: Annotated[
        bool, typer.Option("--prune", help="Delete documents under PATHs whose files no longer exist")
    ] = False,
    chunking: Annotated[
        Literal["sentence", "fixed"] | None, typer.Option("--chunking", help="Chunking strategy (default: settings)")
    ] = None,
    chunk_tokens: Annotated[
        int | None, typer.Option("--chunk-tokens", min=16, max=2048, help="Target tokens per chunk")
    ] = None,
    chunk_overlap: Annotated[
        int | None, typer.Option("--chunk-overlap", min=0, max=1024, help="Overlap tokens between chunks")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Index files and folders; unchanged files are skipped, changed ones replaced. Exit 1 if any file failed."""
    with container() as c:
        extra = parse_pairs(meta, "--meta")
        overrides: dict[str, Any] = {
            k: v
            for k, v in (("chunk_strategy", chunking), ("chunk_tokens", chunk_tokens), ("chunk_overlap", chunk_overlap))
            if v is not None
        }
        if chunk_tokens is not None and chunk_overlap is None:
            overrides["chunk_overlap"] = min(c.settings.chunk_overlap, chunk_tokens // 4)
        if overrides:
            tokens = overrides.get("chunk_tokens", c.settings.chunk_tokens)
            if overrides.get("chunk_overlap", c.settings.chunk_overlap) >= tokens:
                raise typer.BadParameter("--chunk-overlap must be smaller than --chunk-tokens")
            # Before the ingestor is first built, so it picks these up; the environment stays untouched.
            c.settings = c.settings.model_copy(update=overrides)
        with _progress() as bar:
            report = c.ingestor.ingest(paths, collection, meta=extra or None, prune=prune, progress=_Bar(bar))
        _print_report(collection, report, as_json)
    if not report.ok:
        raise typer.Exit(1)


def delete(
    collection: Annotated[str, typer.Option("--collection", "-c", help="Collection to delete from")],
    doc_ids: Annotated[list[str] | None, typer.Argument(help="Document ids (see `sleuth collections stats`)")] = None,
    source: Annotated[
        Path | None, typer.Option("--source", help="Delete every document from this file or folder")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON")] = False,
) -> None:
    """Remove documents by id, or every document whose source is PATH or lies under it. Exit 1 if an id is unknown."""
    if bool(doc_ids) == (source is not None):
        raise typer.BadParameter("give either DOC_ID... or --source PATH")
    with container() as c:
        known = {r.doc_id: r for r in c.catalog.documents(collection)}
        if source is not None:
            root = source.resolve()
            ids = [d for d, r in known.items() if Path(r.source) == root or root in Path(r.source).parents]
            missing = [] if ids else [str(source)]
        else:
            ids = [d for d in doc_ids or [] if d in known]
            missing = [d for d in doc_ids or [] if d not in known]
        n = c.ingestor.delete(collection, ids)
        if as_json:
            console.print_json(json.dumps({"collection": collection, "deleted": n, "ids": ids, "not_found": missing}))
        else:
            console.print(f"deleted {n} document(s) from {collection}")
            for m in missing:
                err_console.print(f"[yellow]not found:[/] {m}")
    if missing:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add `ingest` and `delete` to the CLI."""
    app.command()(ingest)
    app.command()(delete)
