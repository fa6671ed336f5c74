"""HTML loader (trafilatura): the main text, with navigation, footers and other boilerplate dropped."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tools.errors import DocumentError
from tools.ingest.loaders import decode_text, file_document, sha256_hex
from tools.types import Document, MetaValue


def load_html(path: Path, data: bytes, meta: Mapping[str, MetaValue]) -> list[Document]:
    """One Document; the page's <title> is kept as `meta["html_title"]` (the title is the file name)."""
    import trafilatura
    from trafilatura.utils import decode_file

    try:
        html = decode_text(path, data)
    except DocumentError as e:
        if "binary" in e.reason:
            raise
        # Legacy pages declare other charsets (<meta charset="iso-8859-1">): trafilatura detects and decodes them.
        html = str(decode_file(data))
    text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_precision=True)
    if not text or not text.strip():
        # Short pages can fall below the precision thresholds; retry favouring recall before giving up.
        text = trafilatura.extract(html, include_comments=False, include_tables=True, favor_recall=True)
    if not text or not text.strip():
        raise DocumentError(str(path), "no main text found in the HTML")
    extra: dict[str, MetaValue] = {"format": "html"}
    info = trafilatura.extract_metadata(html)
    if info is not None and info.title:
        extra["html_title"] = info.title
    return [file_document(path, text.strip(), sha256_hex(data), {**extra, **meta})]
