"""Value types and the small Protocol interfaces every backend implements."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

import numpy as np

SearchMode = Literal["hybrid", "dense", "bm25"]
MetaValue = str | int | float | bool
Filters = Mapping[str, MetaValue]
"""Exact-match metadata filters: every key must equal its value (AND)."""


@dataclass(frozen=True, kw_only=True)
class Document:
    """One source document, after loading and before chunking."""

    doc_id: str
    title: str
    source: str
    text: str
    content_hash: str
    pages: tuple[tuple[int, int, int], ...] = ()
    """(page_number, char_start, char_end) ranges of `text`; empty when the format has no pages."""
    meta: Mapping[str, MetaValue] = field(default_factory=dict)

    def page_at(self, offset: int) -> int | None:
        """Page number holding character `offset`, or None for formats without pages."""
        for number, start, end in self.pages:
            if start <= offset < end:
                return number
        return self.pages[-1][0] if self.pages and offset >= self.pages[-1][2] else None


@dataclass(frozen=True, kw_only=True)
class Chunk:
    """A span of a document's text: `text == document.text[start:end]`."""

    chunk_id: str
    doc_id: str
    title: str
    source: str
    text: str
    start: int
    end: int
    page: int | None = None
    meta: Mapping[str, MetaValue] = field(default_factory=dict)

    @property
    def embed_text(self) -> str:
        """What the embedder and BM25 see: the title gives a passage its subject."""
        return f"{self.title} {self.text}"

    def payload(self) -> dict[str, Any]:
        """Flat dict stored beside the vector / in the keyword index."""
        return {
            "chunk_id": self.chunk_id,
            "doc_id": self.doc_id,
            "title": self.title,
            "source": self.source,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "page": self.page,
            "meta": dict(self.meta),
        }

    @classmethod
    def from_payload(cls, p: Mapping[str, Any]) -> Chunk:
        return cls(
            chunk_id=p["chunk_id"],
            doc_id=p["doc_id"],
            title=p["title"],
            source=p["source"],
            text=p["text"],
            start=int(p["start"]),
            end=int(p["end"]),
            page=p.get("page"),
            meta=dict(p.get("meta") or {}),
        )


@dataclass(frozen=True, kw_only=True)
class ScoredChunk:
    """A chunk with one backend's score and its 1-based rank in that backend's list."""

    chunk: Chunk
    score: float
    rank: int


@dataclass(frozen=True, kw_only=True)
class SearchHit:
    """A fused (and possibly re-ranked) result, with the score of every stage that saw it."""

    chunk: Chunk
    score: float
    scores: Mapping[str, float]
    """Per stage: "dense", "bm25", "rrf", "rerank" (only the stages that ranked this chunk)."""
    ranks: Mapping[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "chunk_id": c.chunk_id,
            "doc_id": c.doc_id,
            "title": c.title,
            "source": c.source,
            "page": c.page,
            "start": c.start,
            "end": c.end,
            "score": self.score,
            "scores": dict(self.scores),
            "ranks": dict(self.ranks),
            "text": c.text,
            "meta": dict(c.meta),
        }


@runtime_checkable
class Embedder(Protocol):
    """Turns text into L2-normalised vectors; queries and passages may be encoded differently."""

    model_id: str
    dim: int

    def embed_passages(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


@runtime_checkable
class DenseIndex(Protocol):
    """Vector store for one collection."""

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None: ...

    def delete_documents(self, doc_ids: Sequence[str]) -> None: ...

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None: ...

    def search(self, vector: np.ndarray, k: int, filters: Filters | None = None) -> list[ScoredChunk]: ...

    def count(self) -> int: ...

    def get(self, chunk_id: str) -> Chunk | None: ...

    def drop(self) -> None: ...

    def close(self) -> None: ...


@runtime_checkable
class KeywordIndex(Protocol):
    """BM25 index for one collection."""

    def upsert(self, chunks: Sequence[Chunk]) -> None: ...

    def delete_documents(self, doc_ids: Sequence[str]) -> None: ...

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None: ...

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[ScoredChunk]: ...

    def count(self) -> int: ...

    def drop(self) -> None: ...

    def close(self) -> None: ...


@runtime_checkable
class Reranker(Protocol):
    """Scores (query, passage) pairs; higher is more relevant."""

    name: str
    is_passthrough: bool

    def score(self, query: str, passages: Sequence[str]) -> list[float]: ...
