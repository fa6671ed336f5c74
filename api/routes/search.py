"""Hybrid search over one collection (results cached in Redis under the collection's version)."""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import CollectionDep, SearcherDep
from api.errors import ERROR_RESPONSES
from tools.types import MetaValue, SearchMode

router = APIRouter(prefix="/v1/collections", tags=["search"], responses=ERROR_RESPONSES)


class SearchIn(BaseModel):
    query: str = Field(min_length=1, max_length=4000, examples=["Who founded the company that built the bridge?"])
    k: int = Field(10, ge=1, le=100)
    mode: SearchMode | None = Field(None, description="hybrid (default), dense or bm25")
    filters: dict[str, MetaValue] | None = Field(
        None, description="Exact-match metadata filters, ANDed", examples=[{"lang": "en"}]
    )
    rerank: bool | None = Field(None, description="Re-rank the head of the list (default: server setting)")


class Hit(BaseModel):
    chunk_id: str
    doc_id: str
    title: str
    source: str
    page: int | None
    start: int = Field(description="Character offset of the passage in its document")
    end: int
    score: float
    scores: dict[str, float] = Field(description="Score from each stage: dense, bm25, rrf, rerank")
    ranks: dict[str, int]
    text: str
    meta: dict[str, Any]


class SearchOut(BaseModel):
    hits: list[Hit]
    took_ms: float


@router.post("/{name}/search", response_model=SearchOut, summary="Search a collection")
def search(info: CollectionDep, body: SearchIn, searcher: SearcherDep) -> SearchOut:
    t0 = time.perf_counter()
    hits = searcher.search(body.query, info.name, mode=body.mode, k=body.k, filters=body.filters, rerank=body.rerank)
    return SearchOut(hits=[Hit(**h.as_dict()) for h in hits], took_ms=(time.perf_counter() - t0) * 1000)
