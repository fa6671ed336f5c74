"""Ingest pipeline: load → skip unchanged → chunk → embed (cached) → write new chunks → drop stale ones → catalog."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from tools.catalog import Catalog, DocumentRecord
from tools.embed_cache import CachedEmbedder
from tools.errors import DocumentError
from tools.filters import validate_filters
from tools.hybrid import DenseStore, KeywordStore
from tools.ingest.chunking import ChunkingConfig, chunk_document, stale_chunk_ids
from tools.ingest.loaders import SUFFIXES, expand_paths, file_doc_id, load_file, read_bytes, sha256_hex
from tools.types import Chunk, Document, MetaValue

CHUNKING_KEY = "_chunking"
"""Catalog-only meta key holding the chunking a document was cut with, so a new chunking re-cuts unchanged files."""
CUT_VERSION = 1
"""Bump when a release's loaders or chunker cut the same file differently: the next ingest then re-cuts unchanged
files instead of keeping chunks an older release made (a collection never mixes two releases' cuts)."""
ProgressFn = Callable[[str, int, int], None]
"""progress(stage, done, total); stages: load, embed, index, delete."""


@dataclass(frozen=True, kw_only=True)
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    n_chunks: int = 0
    """Chunks written by this run (unchanged documents write none)."""
    failures: list[tuple[str, str]] = field(default_factory=list)
    """(source, reason) for every file or document that was skipped."""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures


@dataclass
class _Tally:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    n_chunks: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def report(self, started: float) -> IngestReport:
        return IngestReport(
            added=self.added,
            updated=self.updated,
            unchanged=self.unchanged,
            deleted=self.deleted,
            n_chunks=self.n_chunks,
            failures=list(self.failures),
            seconds=round(time.perf_counter() - started, 3),
        )


def _noop(stage: str, done: int, total: int) -> None:
    return None


class Ingestor:
    """Indexes files or Documents into one collection of the dense and keyword stores, tracked by the catalog."""

    def __init__(
        self,
        *,
        catalog: Catalog,
        dense: DenseStore,
        keyword: KeywordStore,
        embedder: CachedEmbedder,
        chunking: ChunkingConfig,
        max_file_bytes: int,
    ) -> None:
        if max_file_bytes < 1:
            raise ValueError("max_file_bytes must be >= 1")
        self.catalog = catalog
        self.dense = dense
        self.keyword = keyword
        self.embedder = embedder
        self.chunking = chunking
        self.max_file_bytes = max_file_bytes

    @property
    def _signature(self) -> str:
        """How this release cuts files with these settings (stored per document; a different one re-cuts it)."""
        c = self.chunking
        return f"v{CUT_VERSION}/{c.strategy}/{c.target_tokens}/{c.overlap_tokens}"

    def ingest(
        self,
        paths: Sequence[Path],
        collection: str,
        *,
        meta: Mapping[str, MetaValue] | None = None,
        prune: bool = False,
        progress: ProgressFn | None = None,
    ) -> IngestReport:
        """Ingest files and folders; unreadable files are reported in `failures` and skipped, never fatal."""
        started = time.perf_counter()
        progress = progress or _noop
        extra = validate_filters(meta)
        self._open(collection)
        tally = _Tally()
        files = list(dict.fromkeys(p.resolve() for p in expand_paths([Path(p) for p in paths])))
        for folder in (Path(p) for p in paths):
            if not prune and folder.is_dir() and not any(f.is_relative_to(folder.resolve()) for f in files):
                tally.failures.append(
                    (str(folder), f"no supported files in the folder ({', '.join(sorted(SUFFIXES))})")
                )
        docs: list[Document] = []
        loaded_sources: set[str] = set()
        for i, path in enumerate(files, start=1):
            try:
                if self._unchanged_file(collection, path, extra):
                    tally.unchanged += 1
                else:
                    docs.extend(load_file(path, self.max_file_bytes, extra))
                loaded_sources.add(str(path))
            except DocumentError as e:
                tally.failures.append((e.path, e.reason))
            progress("load", i, len(files))
        self._index(collection, docs, tally, progress)
        if prune:
            gone = self._prunable(collection, [Path(p).resolve() for p in paths], loaded_sources, docs)
            tally.deleted += self.delete(collection, gone, progress=progress)
        return tally.report(started)

    def ingest_documents(
        self,
        docs: Iterable[Document],
        collection: str,
        *,
        meta: Mapping[str, MetaValue] | None = None,
        progress: ProgressFn | None = None,
    ) -> IngestReport:
        """Ingest ready-made Documents (e.g. a corpus read elsewhere); `meta` is added to each one's."""
        started = time.perf_counter()
        extra = validate_filters(meta)
        self._open(collection)
        tally = _Tally()
        batch = [d if not extra else _with_meta(d, extra) for d in docs]
        self._index(collection, batch, tally, progress or _noop)
        return tally.report(started)

    def delete(self, collection: str, doc_ids: Sequence[str], *, progress: ProgressFn | None = None) -> int:
        """Remove documents from both indexes, then from the catalog; returns how many the catalog knew."""
        self.catalog.require(collection)
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return 0
        (progress or _noop)("delete", 0, len(ids))
        self.dense.index(collection).delete_documents(ids)
        self.keyword.index(collection).delete_documents(ids)
        n = self.catalog.delete_documents(collection, ids)
        (progress or _noop)("delete", len(ids), len(ids))
        return n

    def close(self) -> None:
        """Nothing to release: the stores and the embedder belong to the container."""

    # -- steps -------------------------------------------------------------------------------------------------

    def _open(self, collection: str) -> None:
        self.catalog.create_collection(collection, self.embedder.model_id, self.embedder.dim)

    def _unchanged_file(self, collection: str, path: Path, meta: Mapping[str, MetaValue]) -> bool:
        """A whole-file document whose bytes (and metadata) match the catalog: skipped without parsing it."""
        if path.suffix.lower() == ".jsonl":
            return False  # rows are compared one by one
        rec = self.catalog.get_document(collection, file_doc_id(path))
        if rec is None:
            return False
        data = read_bytes(path, self.max_file_bytes)
        wanted = {**meta, CHUNKING_KEY: self._signature}
        return rec.content_hash == sha256_hex(data) and all(rec.meta.get(k) == v for k, v in wanted.items())

    def _index(self, collection: str, docs: list[Document], tally: _Tally, progress: ProgressFn) -> None:
        plan: list[tuple[Document, list[Chunk], DocumentRecord | None]] = []
        seen: dict[str, str] = {}
        for doc in docs:
            if doc.doc_id in seen:
                tally.failures.append(
                    (doc.source, f"duplicate document id {doc.doc_id!r} (also in {seen[doc.doc_id]})")
                )
                continue
            seen[doc.doc_id] = doc.source
            old = self.catalog.get_document(collection, doc.doc_id)
            if old is not None and old.content_hash == doc.content_hash and old.meta == self._record_meta(doc):
                tally.unchanged += 1
                continue
            chunks = chunk_document(doc, self.chunking)
            if not chunks:
                tally.failures.append((doc.source, f"document {doc.doc_id!r} has no text to index"))
                continue
            plan.append((doc, chunks, old))
        chunks = [c for _, cs, _ in plan for c in cs]
        if not chunks:
            return
        total = len(chunks)
        done = 0
        progress("embed", 0, total)

        def step(n: int) -> None:
            nonlocal done
            done += n
            progress("embed", min(done, total), total)

        vectors = self.embedder.embed_passages([c.embed_text for c in chunks], progress=step)
        if vectors.shape != (total, self.embedder.dim):
            raise ValueError(f"embedder returned {vectors.shape}, expected ({total}, {self.embedder.dim})")
        # New chunk ids carry the content hash, so writing them first never clobbers the live version:
        # a failure from here on leaves every document with a complete set of chunks (old or new).
        dense, keyword = self.dense.index(collection), self.keyword.index(collection)
        progress("index", 0, len(plan))
        dense.upsert(chunks, vectors)
        keyword.upsert(chunks)
        stale = [
            cid
            for doc, cs, old in plan
            if old is not None
            for cid in stale_chunk_ids(doc.doc_id, old.content_hash, old.n_chunks, [c.chunk_id for c in cs])
        ]
        if stale:
            dense.delete_chunks(stale)
            keyword.delete_chunks(stale)
        for i, (doc, cs, old) in enumerate(plan, start=1):
            rec = DocumentRecord(
                doc_id=doc.doc_id,
                source=doc.source,
                title=doc.title,
                content_hash=doc.content_hash,
                n_chunks=len(cs),
                meta=self._record_meta(doc),
            )
            self.catalog.upsert_document(collection, rec)
            if old is None:
                tally.added += 1
            else:
                tally.updated += 1
            progress("index", i, len(plan))
        tally.n_chunks += total

    def _record_meta(self, doc: Document) -> dict[str, MetaValue]:
        return {**doc.meta, CHUNKING_KEY: self._signature}

    def _prunable(self, collection: str, roots: list[Path], loaded: set[str], docs: list[Document]) -> list[str]:
        """Documents under `roots` whose file is gone, or whose JSONL row vanished from a file read in this run."""
        produced = {d.doc_id for d in docs}
        out = []
        for rec in self.catalog.documents(collection):
            src = Path(rec.source)
            if not any(src == r or r in src.parents for r in roots):
                continue
            if not src.exists() or (
                rec.source in loaded and src.suffix.lower() == ".jsonl" and rec.doc_id not in produced
            ):
                out.append(rec.doc_id)
        return out


def _with_meta(doc: Document, extra: Mapping[str, MetaValue]) -> Document:
    from dataclasses import replace

    return replace(doc, meta={**doc.meta, **extra})


__all__ = ["ChunkingConfig", "IngestReport", "Ingestor", "ProgressFn"]
