"""`sleuth search "QUERY" --collection NAME`: hybrid, dense or BM25 search, printed as panels or JSON."""

from __future__ import annotations

import json
import time
from typing import Annotated

import typer
from rich.markup import escape
from rich.panel import Panel

from api.commands._common import console, container, err_console, parse_pairs
from tools.types import SearchHit, SearchMode

STAGES = ("dense", "bm25", "rrf", "rerank")


def _scores(hit: SearchHit) -> str:
    """`dense 0.812 (#1) · bm25 7.30 (#4) · rrf 0.0243`: every stage that ranked the hit, in pipeline order."""
    parts = []
    for stage in STAGES:
        if stage in hit.scores:
            rank = f" (#{hit.ranks[stage]})" if stage in hit.ranks else ""
            parts.append(f"{stage} {hit.scores[stage]:.4g}{rank}")
    return " · ".join(parts)


def _panel(n: int, hit: SearchHit, max_chars: int) -> Panel:
    c = hit.chunk
    text = c.text if max_chars <= 0 or len(c.text) <= max_chars else c.text[:max_chars].rstrip() + " …"
    page = f" · page {c.page}" if c.page is not None else ""
    where = f"[dim]{escape(c.source)}{page} · chars {c.start}-{c.end}[/]"
    ids = f"[dim]chunk {escape(c.chunk_id)} · doc {escape(c.doc_id)}[/]"
    body = f"{where}\n{ids}\n[cyan]{_scores(hit)}[/]\n\n{escape(text)}"
    return Panel(body, title=f"[bold]{n}. {escape(c.title)}[/]", title_align="left", subtitle=f"{hit.score:.4g}")


def search(
    query: Annotated[str, typer.Argument(help="What to look for (a question or keywords)")],
    collection: Annotated[str, typer.Option("--collection", "-c", help="Collection to search")],
    mode: Annotated[SearchMode | None, typer.Option("--mode", "-m", help="Default: SLEUTH_SEARCH_MODE")] = None,
    rerank: Annotated[
        bool | None, typer.Option("--rerank/--no-rerank", help="Re-rank the head of the list (default: SLEUTH_RERANK)")
    ] = None,
    k: Annotated[int, typer.Option("-k", "--k", min=1, max=1000, help="Number of hits")] = 10,
    filters: Annotated[
        list[str] | None, typer.Option("--filter", "-f", help="key=value metadata filter, ANDed (repeatable)")
    ] = None,
    max_chars: Annotated[int, typer.Option("--max-chars", min=0, help="Cut each hit's text here (0: all)")] = 600,
    as_json: Annotated[bool, typer.Option("--json", help="Print the hits as JSON (full text)")] = False,
) -> None:
    """Search one collection; each hit shows its ids, source, page, character span, per-stage scores and text."""
    with container() as c:
        where = parse_pairs(filters)
        searcher = c.searcher
        wants_rerank = c.settings.rerank if rerank is None else rerank
        if wants_rerank and searcher.reranker.is_passthrough:
            err_console.print("note: no re-ranker model is installed: --rerank keeps the retrieval order")
        t0 = time.perf_counter()
        hits = searcher.search(query, collection, mode=mode, k=k, filters=where or None, rerank=rerank)
        took_ms = (time.perf_counter() - t0) * 1000
    used = mode or c.settings.search_mode
    if as_json:
        out = {
            "query": query,
            "collection": collection,
            "mode": used,
            "rerank": wants_rerank and not searcher.reranker.is_passthrough,
            "took_ms": round(took_ms, 2),
            "hits": [h.as_dict() for h in hits],
        }
        print(json.dumps(out, ensure_ascii=False))
        return
    if not hits:
        err_console.print(f"no hits in {collection!r}" + (" with these filters" if where else ""))
        return
    for n, hit in enumerate(hits, start=1):
        console.print(_panel(n, hit, max_chars))
    err_console.print(f"[dim]{len(hits)} hits · {used} · {took_ms:.0f} ms[/]")


def register(app: typer.Typer) -> None:
    """Add `search` to the CLI."""
    app.command()(search)
