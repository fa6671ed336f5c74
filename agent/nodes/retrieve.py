"""retrieve: one sub-query through hybrid search (and re-rank); runs once per `Send`, in parallel."""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.runtime import Runtime

from agent.context import Context
from agent.instrument import emit, timed
from agent.state import RetrieveTask


@timed("retrieve")
async def retrieve(task: RetrieveTask, runtime: Runtime[Context]) -> dict[str, Any]:
    """Search one sub-query; its hits join the evidence pool with their rank, hop and query."""
    ctx = runtime.context
    query, hop = task["query"], task["hop"]
    # The searchers are synchronous (embedder, Qdrant, tantivy); a thread keeps the event loop free for the others.
    hits = await asyncio.to_thread(
        ctx.deps.searcher.search,
        query,
        task["collection"],
        k=ctx.top_k,
        mode=ctx.search_mode,
        filters=ctx.filters,
        rerank=ctx.rerank,
    )
    ids = [h.chunk.chunk_id for h in hits]
    evidence = {
        h.chunk.chunk_id: {"chunk": h.chunk.payload(), "rank": rank, "hop": hop, "query": query, "score": h.score}
        for rank, h in enumerate(hits, start=1)
    }
    emit("retrieved", {"hop": hop, "query": query, "n": len(hits), "ids": ids, "titles": [h.chunk.title for h in hits]})
    return {"retrievals": [{"hop": hop, "query": query, "ids": ids}], "evidence": evidence}
