"""Retrieval evaluation: index a data set into a cached scratch collection, rank documents, score them.

Works on injected objects only (searcher, ingestor, catalog), so the CLI, benchmarks and tests share it.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal, Protocol

from tools.catalog import Catalog
from tools.errors import InputError
from tools.evaluation.metrics import Summary, dedupe, query_metrics, summarize
from tools.hybrid import HybridSearcher
from tools.types import SearchHit, SearchMode

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total), the ingestor's callback shape."""
GoldKey = Literal["id", "title"]


class DocumentIngestor(Protocol):
    """What the runner needs from tools.ingest.pipeline.Ingestor (returns an IngestReport)."""

    def ingest(
        self, paths: Sequence[Path], collection: str, *, meta: Any = None, prune: bool = False, progress: Any = None
    ) -> Any: ...


@dataclass(frozen=True, kw_only=True)
class EvalQuery:
    qid: str
    question: str
    gold: frozenset[str]
    """Gold document ids (corpus.jsonl) or titles (--corpus-dir)."""


@dataclass(frozen=True, kw_only=True)
class Variant:
    """One configuration to score; None keeps the searcher's configured value."""

    mode: SearchMode
    rerank: bool | None = None
    bm25_weight: float | None = None
    rrf_k: int | None = None

    @property
    def label(self) -> str:
        parts: list[str] = [self.mode]
        if self.mode == "hybrid" and self.bm25_weight is not None:
            parts.append(f"w{self.bm25_weight:g}")
        if self.mode == "hybrid" and self.rrf_k is not None:
            parts.append(f"k{self.rrf_k}")
        if self.rerank is not None:
            parts.append("rerank" if self.rerank else "norerank")
        return " ".join(parts)


@dataclass(frozen=True, kw_only=True)
class VariantResult:
    variant: Variant
    summary: Summary
    per_query: list[dict[str, float]] = field(default_factory=list)


def load_queries(data_dir: Path, limit: int | None = None, gold: GoldKey = "id") -> list[EvalQuery]:
    """Read queries.jsonl; `gold` picks gold_ids or gold_titles."""
    path = data_dir / "queries.jsonl"
    if not path.is_file():
        raise InputError(f"{path} not found: DATA_DIR must hold queries.jsonl")
    out = []
    with path.open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                golds = row["gold_ids"] if gold == "id" else row["gold_titles"]
                out.append(EvalQuery(qid=str(row["id"]), question=row["question"], gold=frozenset(map(str, golds))))
    return out[:limit] if limit else out


def scratch_collection(dataset: str, embedder_id: str, chunking: str, source: str = "jsonl") -> str:
    """A stable, valid collection name for (data set, embedder, chunking, corpus source)."""
    slug = re.sub(r"[^a-z0-9]+", "-", dataset.lower()).strip("-")[:32] or "data"
    digest = hashlib.sha1(f"{embedder_id}|{chunking}|{source}".encode()).hexdigest()[:8]
    return f"eval-{slug}-{digest}"


class RetrievalEval:
    """Builds (or reuses) a scratch collection and scores search variants on it."""

    def __init__(
        self, *, searcher: HybridSearcher, ingestor: DocumentIngestor, catalog: Catalog, chunking: str, depth: int = 50
    ) -> None:
        """`chunking` names the ingestor's chunking (part of the collection name); `depth` chunks are fetched."""
        self.searcher = searcher
        self.ingestor = ingestor
        self.catalog = catalog
        self.chunking = chunking
        self.depth = depth

    def prepare(
        self, data_dir: Path, corpus_dir: Path | None = None, progress: Progress | None = None
    ) -> tuple[str, list[tuple[str, str]]]:
        """Index the corpus into its scratch collection (unchanged documents are skipped by the ingestor).

        Returns:
            The collection name and the ingestor's (source, reason) failures.

        Raises:
            InputError: no corpus, or nothing could be indexed.
        """
        embedder = self.searcher.embedder
        source = f"dir:{corpus_dir.resolve()}" if corpus_dir else "jsonl"
        name = scratch_collection(data_dir.resolve().name, embedder.model_id, self.chunking, source)
        if corpus_dir is not None and not corpus_dir.is_dir():
            raise InputError(f"--corpus-dir {corpus_dir} is not a directory")
        corpus = corpus_dir or data_dir / "corpus.jsonl"
        if not corpus.exists():
            raise InputError(f"{corpus} not found: DATA_DIR must hold corpus.jsonl (or pass --corpus-dir)")
        # The ingestor's JSONL loader keeps each row's id as the doc id, so gold_ids match document ids.
        report = self.ingestor.ingest([corpus], name, prune=True, progress=progress)
        failures = list(getattr(report, "failures", []))
        if self.catalog.require(name).n_documents == 0:
            why = f": {failures[0][0]}: {failures[0][1]}" if failures else ""
            raise InputError(f"nothing could be indexed from {corpus}{why}")
        return name, failures

    def searcher_for(self, v: Variant) -> HybridSearcher:
        """The searcher, or a copy sharing its stores with the variant's fusion settings."""
        cfg = self.searcher.config
        changes: dict[str, Any] = {}
        if v.bm25_weight is not None:
            changes["bm25_weight"] = v.bm25_weight
        if v.rrf_k is not None:
            changes["rrf_k"] = v.rrf_k
        if not changes:
            return self.searcher
        s = self.searcher
        return HybridSearcher(
            catalog=s.catalog,
            dense=s.dense,
            keyword=s.keyword,
            embedder=s.embedder,
            reranker=s.reranker,
            config=replace(cfg, **changes),
        )

    def run(
        self,
        collection: str,
        queries: Sequence[EvalQuery],
        variants: Sequence[Variant],
        gold: GoldKey = "id",
        progress: Progress | None = None,
    ) -> list[VariantResult]:
        """Score every variant over every query; progress is reported per (variant, query)."""
        results = []
        total = len(queries) * len(variants)
        done = 0
        for v in variants:
            searcher = self.searcher_for(v)
            per_query, latencies = [], []
            for q in queries:
                t0 = time.perf_counter()
                hits = searcher.search(q.question, collection, mode=v.mode, k=self.depth, rerank=v.rerank)
                latencies.append(time.perf_counter() - t0)
                per_query.append(query_metrics(rank_documents(hits, gold), q.gold))
                done += 1
                if progress:
                    progress(f"search {v.label}", done, total)
            results.append(VariantResult(variant=v, summary=summarize(per_query, latencies), per_query=per_query))
        return results


def rank_documents(hits: Sequence[SearchHit], gold: GoldKey = "id") -> list[str]:
    """Collapse chunk hits to documents at their best rank; keyed by doc id, or by title (file stem)."""
    if gold == "id":
        return dedupe(h.chunk.doc_id for h in hits)
    return dedupe(Path(h.chunk.source).stem or h.chunk.title for h in hits)


__all__ = [
    "DocumentIngestor",
    "EvalQuery",
    "RetrievalEval",
    "Variant",
    "VariantResult",
    "load_queries",
    "rank_documents",
    "scratch_collection",
]
