"""The evidence pool: its reading order, the context packed under the token budget, passages rendered as data."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from agent.budget import TokenBudget

Evidence = Mapping[str, Mapping[str, Any]]


def ordered(evidence: Evidence) -> list[dict[str, Any]]:
    """Chunk payloads, round-robin over the sub-queries: every query's best hit before any query's second.

    A multi-hop context needs each hop's best passage more than a second passage for the first hop.
    """
    rows = sorted(evidence.values(), key=lambda e: (e["rank"], e["hop"], -float(e.get("score", 0.0))))
    return [dict(e["chunk"]) for e in rows]


def render(chunk: Mapping[str, Any]) -> str:
    """One passage as the model sees it; markup that could close the <passages> block is neutralised."""
    text = f"{chunk.get('title', '')}: {chunk['text']}"
    return text.replace("<passages>", "(passages)").replace("</passages>", "(/passages)")


def numbered(chunks: Sequence[Mapping[str, Any]]) -> str:
    """Passages as `[n] title: text` lines, numbered from 1 (the numbers citations refer to)."""
    return "\n\n".join(f"[{i}] {render(c)}" for i, c in enumerate(chunks, start=1))


def pack(evidence: Evidence, budget: TokenBudget, tokens: int, max_passages: int) -> list[dict[str, Any]]:
    """The context: the evidence in reading order, cut to `max_passages` and to `tokens` (counted, with margin)."""
    return budget.pack(ordered(evidence)[:max_passages], render, tokens)


def documents(chunks: Sequence[Mapping[str, Any]], limit: int | None = None) -> list[str]:
    """Distinct document ids in order (a document's chunks collapse to its first place)."""
    out: list[str] = []
    for c in chunks:
        if c["doc_id"] not in out:
            out.append(c["doc_id"])
    return out[:limit] if limit else out
