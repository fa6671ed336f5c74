"""Citations are built and checked in code: a quote must be the exact text of its chunk at its offsets."""

from __future__ import annotations

import re
from typing import Any

from agent.schemas import Citation


def cite(chunk: dict[str, Any], start: int, end: int) -> Citation:
    """A citation of chunk-relative span [start, end) with document offsets."""
    base = int(chunk["start"])
    return Citation(
        chunk_id=chunk["chunk_id"],
        doc_id=chunk.get("doc_id", ""),
        title=chunk.get("title", ""),
        source=chunk.get("source", ""),
        page=chunk.get("page"),
        start=base + start,
        end=base + end,
        quote=chunk["text"][start:end],
    )


def locate(chunk: dict[str, Any], quote: str) -> Citation | None:
    """Find a model-given quote in its chunk: exact first, then whitespace-insensitive; None when it is not there."""
    text = chunk["text"]
    q = quote.strip().strip('"“”')
    if not q:
        return None
    at = text.find(q)
    if at >= 0:
        return cite(chunk, at, at + len(q))
    # Models often re-flow whitespace; match the words exactly but any run of spaces between them.
    pattern = r"\s+".join(re.escape(w) for w in q.split())
    m = re.search(pattern, text)
    return cite(chunk, m.start(), m.end()) if m else None


def verify(citation: Citation, chunk: dict[str, Any] | None) -> bool:
    """True only when `citation.quote` is exactly the chunk's text at the citation's document offsets."""
    if chunk is None or chunk["chunk_id"] != citation.chunk_id:
        return False
    base, text = int(chunk["start"]), chunk["text"]
    lo, hi = citation.start - base, citation.end - base
    return 0 <= lo < hi <= len(text) and text[lo:hi] == citation.quote
