"""The catalog: which collections and documents exist, their content hashes, and a version per collection.

The version increases on every change to a collection, so caches keyed by it invalidate on re-ingest.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tools.errors import CollectionNotFoundError, InputError

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")


@dataclass(frozen=True, kw_only=True)
class CollectionInfo:
    name: str
    version: int
    embedder_id: str
    dim: int
    created_at: float
    n_documents: int = 0
    n_chunks: int = 0


@dataclass(frozen=True, kw_only=True)
class DocumentRecord:
    doc_id: str
    source: str
    title: str
    content_hash: str
    n_chunks: int
    meta: dict[str, Any] = field(default_factory=dict)
    ingested_at: float = 0.0


def validate_collection_name(name: str) -> str:
    if not _NAME.match(name):
        raise InputError(
            f"invalid collection name {name!r}: use 1-64 lowercase letters, digits, '-' or '_', "
            "starting with a letter or digit"
        )
    return name


class Catalog:
    """SQLite-backed catalog; one per data directory, shared by the CLI, API and MCP server."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._lock = threading.RLock()
        with self._db:
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, version INTEGER NOT NULL,"
                " embedder_id TEXT NOT NULL, dim INTEGER NOT NULL, created_at REAL NOT NULL)"
            )
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS documents (collection TEXT NOT NULL, doc_id TEXT NOT NULL,"
                " source TEXT NOT NULL, title TEXT NOT NULL, content_hash TEXT NOT NULL,"
                " n_chunks INTEGER NOT NULL, meta TEXT NOT NULL, ingested_at REAL NOT NULL,"
                " PRIMARY KEY (collection, doc_id))"
            )

    def create_collection(self, name: str, embedder_id: str, dim: int) -> CollectionInfo:
        """Create `name` if missing (idempotent); refuses a different embedder than it was built with."""
        validate_collection_name(name)
        with self._lock, self._db:
            row = self._db.execute("SELECT embedder_id FROM collections WHERE name=?", (name,)).fetchone()
            if row is None:
                self._db.execute(
                    "INSERT INTO collections VALUES (?, 0, ?, ?, ?)", (name, embedder_id, dim, time.time())
                )
            elif row[0] != embedder_id:
                raise InputError(
                    f"collection {name!r} was built with embedder {row[0]!r}, not {embedder_id!r}: "
                    "re-create it or switch SLEUTH_EMBEDDER back"
                )
        return self.require(name)

    def exists(self, name: str) -> bool:
        with self._lock:
            return self._db.execute("SELECT 1 FROM collections WHERE name=?", (name,)).fetchone() is not None

    def require(self, name: str) -> CollectionInfo:
        """The collection's info, or CollectionNotFoundError."""
        with self._lock:
            row = self._db.execute(
                "SELECT c.name, c.version, c.embedder_id, c.dim, c.created_at, COUNT(d.doc_id),"
                " COALESCE(SUM(d.n_chunks), 0) FROM collections c LEFT JOIN documents d"
                " ON d.collection = c.name WHERE c.name=? GROUP BY c.name",
                (name,),
            ).fetchone()
        if row is None:
            raise CollectionNotFoundError(name)
        return CollectionInfo(
            name=row[0],
            version=row[1],
            embedder_id=row[2],
            dim=row[3],
            created_at=row[4],
            n_documents=row[5],
            n_chunks=row[6],
        )

    def list_collections(self) -> list[CollectionInfo]:
        with self._lock:
            names = [r[0] for r in self._db.execute("SELECT name FROM collections ORDER BY name")]
        return [self.require(n) for n in names]

    def drop_collection(self, name: str) -> None:
        self.require(name)
        with self._lock, self._db:
            self._db.execute("DELETE FROM documents WHERE collection=?", (name,))
            self._db.execute("DELETE FROM collections WHERE name=?", (name,))

    def version(self, name: str) -> int:
        return self.require(name).version

    def get_document(self, collection: str, doc_id: str) -> DocumentRecord | None:
        with self._lock:
            row = self._db.execute(
                "SELECT doc_id, source, title, content_hash, n_chunks, meta, ingested_at FROM documents"
                " WHERE collection=? AND doc_id=?",
                (collection, doc_id),
            ).fetchone()
        return _record(row) if row else None

    def documents(self, collection: str) -> list[DocumentRecord]:
        self.require(collection)
        with self._lock:
            rows = self._db.execute(
                "SELECT doc_id, source, title, content_hash, n_chunks, meta, ingested_at FROM documents"
                " WHERE collection=? ORDER BY doc_id",
                (collection,),
            ).fetchall()
        return [_record(r) for r in rows]

    def upsert_document(self, collection: str, rec: DocumentRecord) -> None:
        """Record a (re-)indexed document and bump the collection's version."""
        with self._lock, self._db:
            self._db.execute(
                "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    collection,
                    rec.doc_id,
                    rec.source,
                    rec.title,
                    rec.content_hash,
                    rec.n_chunks,
                    json.dumps(rec.meta),
                    rec.ingested_at or time.time(),
                ),
            )
            self._bump(collection)

    def delete_documents(self, collection: str, doc_ids: list[str]) -> int:
        """Forget documents; returns how many were known."""
        with self._lock, self._db:
            n = 0
            for doc_id in doc_ids:
                n += self._db.execute(
                    "DELETE FROM documents WHERE collection=? AND doc_id=?", (collection, doc_id)
                ).rowcount
            if n:
                self._bump(collection)
        return n

    def _bump(self, collection: str) -> None:
        self._db.execute("UPDATE collections SET version = version + 1 WHERE name=?", (collection,))

    def close(self) -> None:
        self._db.close()


def _record(row: tuple[Any, ...]) -> DocumentRecord:
    return DocumentRecord(
        doc_id=row[0],
        source=row[1],
        title=row[2],
        content_hash=row[3],
        n_chunks=row[4],
        meta=json.loads(row[5]),
        ingested_at=row[6],
    )
