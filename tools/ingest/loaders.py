"""Load files into Documents: dispatch by extension, shared checks (size, empty, binary, encoding), stable ids."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from tools.errors import DocumentError
from tools.types import Document, MetaValue

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".rst"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf", ".jsonl"}
"""Extensions a folder walk picks up; a file named explicitly is tried whatever its extension."""


def file_doc_id(path: Path) -> str:
    """A file's document id: a hash of its resolved path.

    Stable across runs and machines-independent of content, so an edited file keeps its id (and replaces its chunks),
    while a moved or renamed file is a new document (the old one goes with `--prune`).
    """
    return "f" + hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:20]


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, or DocumentError when it is missing, too big or empty."""
    try:
        size = path.stat().st_size
    except OSError as e:
        raise DocumentError(str(path), f"cannot read: {e.strerror or e}") from e
    if size > max_bytes:
        raise DocumentError(str(path), f"file is {size:,} bytes, over the {max_bytes:,}-byte limit (max_file_bytes)")
    if size == 0:
        raise DocumentError(str(path), "empty file")
    try:
        return path.read_bytes()
    except OSError as e:
        raise DocumentError(str(path), f"cannot read: {e.strerror or e}") from e


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text (BOM dropped); binary or undecodable bytes raise DocumentError."""
    if b"\x00" in data[:8192]:
        raise DocumentError(str(path), "binary file (contains NUL bytes), not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise DocumentError(str(path), f"undecodable: not UTF-8 text (invalid byte at offset {e.start})") from e
    # Normalise line ends so character offsets do not depend on the platform that wrote the file.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def require_text(path: Path, text: str, what: str = "no text") -> str:
    if not text.strip():
        raise DocumentError(str(path), what)
    return text


def file_document(
    path: Path,
    text: str,
    content_hash: str,
    meta: Mapping[str, MetaValue],
    pages: tuple[tuple[int, int, int], ...] = (),
) -> Document:
    """A Document for a whole file: title = file name without extension (what eval gold titles match)."""
    return Document(
        doc_id=file_doc_id(path),
        title=path.stem,
        source=str(path.resolve()),
        text=text,
        content_hash=content_hash,
        pages=pages,
        meta=dict(meta),
    )


def load_text(path: Path, data: bytes, meta: Mapping[str, MetaValue]) -> list[Document]:
    """Plain text and Markdown, kept verbatim so citations quote what the file says."""
    text = require_text(path, decode_text(path, data), "empty file (only whitespace)")
    fmt = "markdown" if path.suffix.lower() in {".md", ".markdown"} else "text"
    return [file_document(path, text, sha256_hex(data), {"format": fmt, **meta})]


def load_file(path: Path, max_bytes: int, meta: Mapping[str, MetaValue] | None = None) -> list[Document]:
    """Every Document in `path` (one per file; one per line for JSONL). Raises DocumentError with the reason."""
    data = read_bytes(path, max_bytes)
    suffix = path.suffix.lower()
    extra = dict(meta or {})
    if suffix == ".pdf" or data[:5] == b"%PDF-":
        from tools.ingest.pdf import load_pdf

        return load_pdf(path, data, extra)
    if suffix in HTML_SUFFIXES:
        from tools.ingest.html import load_html

        return load_html(path, data, extra)
    if suffix == ".jsonl":
        from tools.ingest.jsonl import load_jsonl

        return load_jsonl(path, data, extra)
    return load_text(path, data, extra)


IGNORE_FILE = ".sleuthignore"
"""gitignore-style patterns, in a folder given to `sleuth ingest`, for files the walk must skip (e.g. a README)."""


def expand_paths(paths: Sequence[Path]) -> Iterator[Path]:
    """Files named directly, plus the supported files under each folder (recursively; hidden and ignored skipped)."""
    import pathspec

    for p in paths:
        if not p.is_dir():
            yield p
            continue
        ignore = p / IGNORE_FILE
        spec = pathspec.GitIgnoreSpec.from_lines(ignore.read_text().splitlines() if ignore.is_file() else [])
        for f in sorted(p.rglob("*")):
            rel = f.relative_to(p)
            if any(x.startswith(".") for x in rel.parts) or not f.is_file() or f.suffix.lower() not in SUFFIXES:
                continue
            if not spec.match_file(rel.as_posix()):
                yield f


__all__ = ["SUFFIXES", "expand_paths", "file_doc_id", "load_file", "read_bytes"]
