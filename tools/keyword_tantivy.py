"""Embedded BM25 on tantivy: one on-disk index per collection, scored over `title + " " + text`.

tantivy allows one writer per index. A writer is taken for each write and released after the commit, so
the CLI can ingest while the API server runs; a write that cannot get the lock within `lock_timeout`
raises KeywordBackendError instead of hanging. Readers reload after every commit (ours) and before every
search (another process's).
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import tantivy
from tantivy import Occur, Query

from tools.catalog import validate_collection_name
from tools.errors import KeywordBackendError
from tools.filters import FILTER_FIELD, chunk_terms, filter_terms
from tools.types import Chunk, Filters, ScoredChunk

BODY = "body"
# Lowercased Unicode word tokens (\w+), the tokenization of the rank_bm25 reference; tantivy's "default"
# tokenizer splits on every non-alphanumeric char instead (e.g. "lothair_ii" -> "lothair", "ii").
ANALYZER = "sleuth_words"
MAX_TOKEN_CHARS = 64
WRITER_HEAP = 32_000_000


def build_analyzer() -> tantivy.TextAnalyzer:
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(r"\w+"))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.remove_long(MAX_TOKEN_CHARS))
        .build()
    )


def build_schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("chunk_id", tokenizer_name="raw", index_option="basic")
    sb.add_text_field("doc_id", tokenizer_name="raw", index_option="basic")
    sb.add_text_field(FILTER_FIELD, tokenizer_name="raw", index_option="basic")
    sb.add_text_field(BODY, tokenizer_name=ANALYZER, index_option="freq")  # BM25 needs term freqs, not positions
    sb.add_bytes_field("payload", stored=True)
    return sb.build()


class TantivyKeywordIndex:
    """One collection: a tantivy index directory."""

    def __init__(self, path: Path, lock_timeout: float = 5.0) -> None:
        self.path = path
        self.lock_timeout = lock_timeout
        self._index: tantivy.Index | None = None
        self._schema = build_schema()
        self._analyzer = build_analyzer()
        self._lock = threading.RLock()

    def _fail(self, what: str, e: Exception) -> KeywordBackendError:
        return KeywordBackendError(f"tantivy at {self.path}: {what} failed: {e}")

    def _open(self) -> tantivy.Index:
        with self._lock:
            if self._index is None:
                try:
                    self.path.mkdir(parents=True, exist_ok=True)
                    index = tantivy.Index(self._schema, path=str(self.path), reuse=True)
                    index.register_tokenizer(ANALYZER, self._analyzer)
                except (OSError, ValueError) as e:
                    raise self._fail("opening the index", e) from e
                self._index = index
            return self._index

    @contextmanager
    def _writer(self, what: str) -> Iterator[tantivy.IndexWriter]:
        """A writer for one commit; rolled back on error so what was indexed before stays intact."""
        index = self._open()
        with self._lock:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    writer = index.writer(WRITER_HEAP, 1)
                    break
                except ValueError as e:
                    if "LockBusy" not in str(e):
                        raise self._fail(what, e) from e
                    if time.monotonic() >= deadline:
                        raise KeywordBackendError(
                            f"tantivy at {self.path}: {what} failed: another process is writing this index "
                            f"(one writer per index; waited {self.lock_timeout:.0f} s)"
                        ) from e
                    time.sleep(0.05)
            try:
                yield writer
                writer.commit()
            except Exception as e:
                writer.rollback()
                raise self._fail(what, e) from e
            finally:
                writer.wait_merging_threads()  # releases the lock
            index.reload()

    def upsert(self, chunks: Sequence[Chunk]) -> None:
        """Insert or replace chunks (idempotent by chunk_id), in one commit."""
        docs = [self._document(c) for c in chunks]
        if not docs:
            return
        with self._writer("upsert") as w:
            for chunk, doc in zip(chunks, docs, strict=True):
                w.delete_documents_by_term("chunk_id", chunk.chunk_id)
                w.add_document(doc)

    def _document(self, chunk: Chunk) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_text("chunk_id", chunk.chunk_id)
        doc.add_text("doc_id", chunk.doc_id)
        for term in chunk_terms(chunk):
            doc.add_text(FILTER_FIELD, term)
        doc.add_text(BODY, chunk.embed_text)
        doc.add_bytes("payload", json.dumps(chunk.payload(), ensure_ascii=False).encode())
        return doc

    def delete_documents(self, doc_ids: Sequence[str]) -> None:
        self._delete("doc_id", doc_ids)

    def delete_chunks(self, chunk_ids: Sequence[str]) -> None:
        self._delete("chunk_id", chunk_ids)

    def _delete(self, field: str, values: Sequence[str]) -> None:
        if values:
            with self._writer("delete") as w:
                for v in values:
                    w.delete_documents_by_term(field, v)

    def tokens(self, text: str) -> list[str]:
        """The terms `text` is indexed / searched as."""
        return list(self._analyzer.analyze(text))

    def search(self, query: str, k: int, filters: Filters | None = None) -> list[ScoredChunk]:
        """BM25 (k1=1.2, b=0.75) over title + text; any query term may match (OR), repeated terms count twice."""
        terms = filter_terms(filters)
        tokens = self.tokens(query)
        if not tokens:
            return []
        s = self._schema
        words = Query.boolean_query([(Occur.Should, Query.term_query(s, BODY, t, index_option="freq")) for t in tokens])
        parts = [(Occur.Must, words)]
        if terms:
            must = Query.boolean_query([(Occur.Must, Query.term_query(s, FILTER_FIELD, t)) for t in terms])
            parts.append((Occur.Must, Query.const_score_query(must, 0.0)))  # filters must not change the score
        searcher = self._searcher("search")
        try:
            hits = searcher.search(Query.boolean_query(parts), k, count=False).hits
            rows = [(score, searcher.doc(address)["payload"][0]) for score, address in hits]
        except ValueError as e:
            raise self._fail("search", e) from e
        return [
            ScoredChunk(chunk=Chunk.from_payload(json.loads(payload)), score=float(score), rank=r)
            for r, (score, payload) in enumerate(rows, start=1)
        ]

    def _searcher(self, what: str) -> tantivy.Searcher:
        index = self._open()
        try:
            index.reload()  # cheap (~15 µs); picks up commits made by another process
            return index.searcher()
        except ValueError as e:
            raise self._fail(what, e) from e

    def count(self) -> int:
        return int(self._searcher("count").num_docs)

    def drop(self) -> None:
        self.close()
        shutil.rmtree(self.path, ignore_errors=True)

    def close(self) -> None:
        with self._lock:
            self._index = None


class TantivyKeywordStore:
    """All collections under `root`, one tantivy index directory each."""

    def __init__(self, root: Path, *, lock_timeout: float = 5.0) -> None:
        self.root = root
        self.lock_timeout = lock_timeout
        self._indexes: dict[str, TantivyKeywordIndex] = {}
        self._lock = threading.Lock()

    def index(self, collection: str) -> TantivyKeywordIndex:
        validate_collection_name(collection)
        with self._lock:
            if collection not in self._indexes:
                self._indexes[collection] = TantivyKeywordIndex(self.root / collection, self.lock_timeout)
            return self._indexes[collection]

    def drop(self, collection: str) -> None:
        validate_collection_name(collection)
        with self._lock:
            idx = self._indexes.pop(collection, None) or TantivyKeywordIndex(self.root / collection)
        idx.drop()

    def ping(self) -> None:
        """Raise KeywordBackendError when the data directory cannot be created or written."""
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise KeywordBackendError(f"tantivy at {self.root}: cannot create the directory: {e}") from e
        if not os.access(self.root, os.W_OK | os.X_OK):
            raise KeywordBackendError(f"tantivy at {self.root}: the directory is not writable")

    def close(self) -> None:
        with self._lock:
            indexes, self._indexes = list(self._indexes.values()), {}
        for idx in indexes:
            idx.close()


__all__ = ["TantivyKeywordIndex", "TantivyKeywordStore", "build_analyzer"]
