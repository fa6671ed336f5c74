"""PDF loader (pypdf): text per page, pages kept as character ranges of the document text."""

from __future__ import annotations

import io
import logging
from collections.abc import Mapping
from pathlib import Path

from tools.errors import DocumentError
from tools.ingest.loaders import file_document, sha256_hex
from tools.types import Document, MetaValue

PAGE_SEPARATOR = "\n\n"


def load_pdf(path: Path, data: bytes, meta: Mapping[str, MetaValue]) -> list[Document]:
    """One Document; `pages` maps each page number (1-based) to its span of the text."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs warnings for every recoverable defect; the user only needs our one-line reason.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise DocumentError(str(path), "encrypted PDF (a password is needed)")
        texts = [(page.extract_text() or "").strip() for page in reader.pages]
        title = reader.metadata.title if reader.metadata else None
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError, RecursionError) as e:
        raise DocumentError(str(path), f"corrupt PDF: {type(e).__name__}: {e}") from e
    if not texts:
        raise DocumentError(str(path), "PDF has no pages")
    if not any(texts):
        raise DocumentError(str(path), f"PDF has no text layer ({len(texts)} page(s), scanned images?): OCR it first")
    parts: list[str] = []
    pages: list[tuple[int, int, int]] = []
    pos = 0
    for number, text in enumerate(texts, start=1):
        if not text:
            continue  # an empty page holds no span; chunks never point to it
        if parts:
            parts.append(PAGE_SEPARATOR)
            pos += len(PAGE_SEPARATOR)
        pages.append((number, pos, pos + len(text)))
        parts.append(text)
        pos += len(text)
    extra: dict[str, MetaValue] = {"format": "pdf", "n_pages": len(texts)}
    if title and str(title).strip():
        extra["pdf_title"] = str(title).strip()
    return [file_document(path, "".join(parts), sha256_hex(data), {**extra, **meta}, tuple(pages))]
