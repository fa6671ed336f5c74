"""`sleuth eval retrieval DATA_DIR`: recall, MRR and nDCG of the search modes on a data set (and `eval answers`)."""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Annotated, get_args

import typer
from rich import box
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.commands._common import console, container, err_console
from tools.evaluation.metrics import METRIC_KEYS
from tools.evaluation.report import write_report
from tools.evaluation.retrieval import GoldKey, Variant, load_queries
from tools.types import SearchMode

app = typer.Typer(no_args_is_help=True)
MODES: tuple[SearchMode, ...] = get_args(SearchMode)


def _modes(values: list[str] | None, default: SearchMode) -> list[SearchMode]:
    if not values:
        return [default]
    out: list[SearchMode] = []
    for v in values:
        for m in MODES if v == "all" else (v,):
            if m not in MODES:
                raise typer.BadParameter(f"{m!r}: use hybrid, dense, bm25 or all", param_hint="--mode")
            if m not in out:
                out.append(m)  # type: ignore[arg-type]
    return out


def _variants(
    modes: list[SearchMode], rerank: bool | None, compare_rerank: bool, weights: list[float], ks: list[int]
) -> list[Variant]:
    reranks: list[bool | None] = [False, True] if compare_rerank else [rerank]
    out = []
    for mode, rr in itertools.product(modes, reranks):
        if mode == "hybrid" and (weights or ks):
            ws: list[float | None] = [*weights] or [None]
            rs: list[int | None] = [*ks] or [None]
            grid = itertools.product(ws, rs)
            out += [Variant(mode=mode, rerank=rr, bm25_weight=w, rrf_k=k) for w, k in grid]
        else:
            out.append(Variant(mode=mode, rerank=rr))
    return out


@app.command()
def retrieval(
    data_dir: Annotated[Path, typer.Argument(help="Folder with queries.jsonl and corpus.jsonl")],
    mode: Annotated[
        list[str] | None, typer.Option("--mode", "-m", help="hybrid, dense, bm25 or all; repeat to compare")
    ] = None,
    rerank: Annotated[bool | None, typer.Option("--rerank/--no-rerank", help="Default: SLEUTH_RERANK")] = None,
    compare_rerank: Annotated[bool, typer.Option(help="Run every mode with and without the re-ranker")] = False,
    queries: Annotated[int | None, typer.Option("--queries", "-n", min=1, help="Only the first N questions")] = None,
    report: Annotated[Path | None, typer.Option(help="Write a markdown report and a PNG chart here")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON")] = False,
    corpus_dir: Annotated[
        Path | None, typer.Option(help="Ingest this folder of files instead; gold matched by title = file stem")
    ] = None,
    bm25_weight: Annotated[
        list[float] | None, typer.Option(help="Hybrid BM25 weight (repeat to sweep); default: SLEUTH_BM25_WEIGHT")
    ] = None,
    rrf_k: Annotated[
        list[int] | None, typer.Option(help="Hybrid RRF k (repeat to sweep); default: SLEUTH_RRF_K")
    ] = None,
    depth: Annotated[int, typer.Option(min=10, max=1000, help="Chunks fetched per query, collapsed to documents")] = 50,
) -> None:
    """Index DATA_DIR into a cached scratch collection and score document rankings.

    Prints R@2/5/10, All@5/10, MRR@10, nDCG@10 (percent) and latency p50/p95. With --json and one variant:
    one object with exactly those keys plus n_queries, p50_ms, p95_ms; with several: {label: object}.
    """
    with container() as c:
        s = c.settings
        variants = _variants(_modes(mode, s.search_mode), rerank, compare_rerank, bm25_weight or [], rrf_k or [])
        gold: GoldKey = "title" if corpus_dir else "id"
        qs = load_queries(data_dir, queries, gold)
        if any(v.rerank or (v.rerank is None and s.rerank) for v in variants) and c.reranker.is_passthrough:
            err_console.print("note: no re-ranker model is installed: --rerank is a pass-through (order unchanged)")
        runner = c.retrieval_eval(depth)
        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
        with Progress(*columns, console=err_console, transient=True) as bar:
            tasks: dict[str, TaskID] = {}

            def progress(stage: str, done: int, total: int) -> None:
                key = stage.split(" ")[0]
                if key not in tasks:
                    tasks[key] = bar.add_task(stage, total=total)
                bar.update(tasks[key], description=stage, completed=done, total=total)

            collection, failures = runner.prepare(data_dir, corpus_dir, progress)
            for source, reason in failures[:5]:
                err_console.print(f"[yellow]skipped[/] {source}: {reason}")
            results = runner.run(collection, qs, variants, gold, progress)
    rows = [(r.variant.label, r.summary) for r in results]
    if report:
        source = f"files in `{corpus_dir}` (gold = file stem)" if corpus_dir else "corpus.jsonl"
        notes = [
            f"Data: `{data_dir}` ({len(qs)} questions), corpus: {source}, collection `{collection}`, "
            f"embedder `{s.embedder}`, chunking {runner.chunking}.",
            f"Hybrid (unless the label says otherwise): BM25 weight {s.bm25_weight:g}, RRF k {s.rrf_k}, "
            f"{s.candidates} candidates per list; {depth} chunks per question, collapsed to documents.",
        ]
        title = f"Retrieval: {data_dir.name}" + (f" ({corpus_dir.name} files)" if corpus_dir else "")
        chart = write_report(rows, report, title, notes)
        err_console.print(f"wrote {report} and {chart}")
    if as_json:
        objs = {label: summary.as_dict() for label, summary in rows}
        print(json.dumps(next(iter(objs.values())) if len(objs) == 1 else objs))
        return
    table = Table(box=box.SIMPLE, padding=(0, 1), title=f"{data_dir.name} ({collection})")
    table.add_column("variant", no_wrap=True)
    for head in (*METRIC_KEYS, "n", "p50 ms", "p95 ms"):
        table.add_column(head, justify="right")
    for label, sm in rows:
        table.add_row(
            label,
            *(f"{sm.metrics[k]:.1f}" for k in METRIC_KEYS),
            str(sm.n_queries),
            f"{sm.p50_ms:.1f}",
            f"{sm.p95_ms:.1f}",
        )
    # At least 120 columns: rich would otherwise squeeze the numbers into "10…" in a pipe (80 columns).
    (console if console.width >= 120 else Console(width=120)).print(table)


try:  # `eval answers` belongs to the agent; the CLI must work before (or without) it.
    from api.commands.eval_answers import register as _register_answers
except ImportError:
    pass
else:
    _register_answers(app)
