"""JSONL loader for the corpus format of the shared eval data: one `{"id", "title", "text"}` object a line."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from tools.errors import DocumentError
from tools.ingest.loaders import decode_text, sha256_hex
from tools.types import Document, MetaValue


def row_document(row: Mapping[str, object], source: str, meta: Mapping[str, MetaValue]) -> Document:
    """A corpus row as a Document: its id and title are kept; the hash covers title and text."""
    title, text = str(row["title"]), str(row["text"])
    return Document(
        doc_id=str(row["id"]),
        title=title,
        source=source,
        text=text,
        content_hash=sha256_hex(f"{title}\n{text}".encode()),
        meta={"format": "jsonl", **meta},
    )


def load_jsonl(path: Path, data: bytes, meta: Mapping[str, MetaValue]) -> list[Document]:
    """Every row, or DocumentError naming the first bad line: the whole file is refused, so nothing half-loads."""
    source = str(path.resolve())
    docs: list[Document] = []
    seen: dict[str, int] = {}
    for n, line in enumerate(decode_text(path, data).split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as e:
            raise DocumentError(str(path), f"line {n}: malformed JSON ({e.msg} at column {e.colno})") from e
        if not isinstance(row, dict):
            raise DocumentError(str(path), f"line {n}: expected an object with id, title, text")
        for key in ("id", "title", "text"):
            if not isinstance(row.get(key), str | int) or (key != "title" and not str(row[key]).strip()):
                raise DocumentError(str(path), f"line {n}: {key!r} is missing, empty or not a string")
        doc_id = str(row["id"])
        if doc_id in seen:
            raise DocumentError(str(path), f"line {n}: duplicate id {doc_id!r} (first on line {seen[doc_id]})")
        seen[doc_id] = n
        docs.append(row_document(row, source, meta))
    if not docs:
        raise DocumentError(str(path), "empty file (no JSONL rows)")
    return docs
