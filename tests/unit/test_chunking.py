"""Chunking: exact spans (text == document.text[start:end]), token targets, overlap, pages, and corpus passages."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from tools.ingest.chunking import ChunkingConfig, chunk_document, count_tokens, stale_chunk_ids
from tools.types import Document

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
SENTENCES = [
    f"Sentence number {i} says that the river {w} flows past the old mill near Dr. Hale's house."
    for i, w in enumerate(["Avon", "Tamsin", "Ure", "Wye", "Exe", "Tees", "Nene", "Lune"] * 5)
]


def _doc(text: str, pages: tuple[tuple[int, int, int], ...] = ()) -> Document:
    return Document(doc_id="d1", title="Doc", source="/tmp/d1.txt", text=text, content_hash="ab" * 32, pages=pages)


def _assert_exact(doc: Document, cfg: ChunkingConfig) -> list:
    chunks = chunk_document(doc, cfg)
    assert chunks, "a non-empty document yields chunks"
    for c in chunks:
        assert c.text == doc.text[c.start : c.end], "a citation must be able to quote the exact span"
        assert c.text == c.text.strip() and c.text
        assert c.page == doc.page_at(c.start)
    return chunks


@pytest.mark.parametrize("strategy", ["sentence", "fixed"])
@pytest.mark.parametrize("target,overlap", [(40, 0), (40, 10), (64, 16), (256, 32)])
def test_spans_are_exact_and_cover_the_text(strategy: str, target: int, overlap: int) -> None:
    text = "# Rivers\n\n" + " ".join(SENTENCES[:20]) + "\n\n\n  " + " ".join(SENTENCES[20:]) + "\n"
    cfg = ChunkingConfig(strategy=strategy, target_tokens=target, overlap_tokens=overlap)  # type: ignore[arg-type]
    chunks = _assert_exact(_doc(text), cfg)
    # Every non-space character is in some chunk, chunks move forward, and none is far over the target.
    covered = set()
    for c in chunks:
        covered.update(range(c.start, c.end))
        assert count_tokens(c.text) <= target + 2  # joining two windows can merge a token pair at most
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())
    assert all(a.start < b.start for a, b in itertools.pairwise(chunks))
    assert len({c.chunk_id for c in chunks}) == len(chunks)


def test_sentence_chunks_end_on_sentence_boundaries_and_overlap() -> None:
    text = " ".join(SENTENCES)
    chunks = _assert_exact(_doc(text), ChunkingConfig(target_tokens=80, overlap_tokens=25))
    assert len(chunks) > 3
    for c in chunks:
        assert c.text.startswith("Sentence number") and c.text.endswith("house.")
    overlapping = sum(1 for a, b in itertools.pairwise(chunks) if b.start < a.end)
    assert overlapping == len(chunks) - 1, "with overlap each chunk repeats the previous one's last sentence"
    no_overlap = chunk_document(_doc(text), ChunkingConfig(target_tokens=80, overlap_tokens=0))
    assert all(b.start >= a.end for a, b in itertools.pairwise(no_overlap))


def test_fixed_windows_have_the_target_size_and_overlap() -> None:
    text = " ".join(SENTENCES)
    chunks = _assert_exact(_doc(text), ChunkingConfig(strategy="fixed", target_tokens=50, overlap_tokens=10))
    sizes = [count_tokens(c.text) for c in chunks[:-1]]
    assert all(45 <= s <= 51 for s in sizes), sizes
    assert all(b.start < a.end for a, b in itertools.pairwise(chunks))


def test_a_sentence_longer_than_the_target_is_split() -> None:
    text = "Intro. " + "word " * 300 + "end. Outro."
    chunks = _assert_exact(_doc(text), ChunkingConfig(target_tokens=64, overlap_tokens=8))
    assert len(chunks) >= 5 and max(count_tokens(c.text) for c in chunks) <= 66


def test_page_of_a_chunk_is_the_page_of_its_start() -> None:
    pages_text = [" ".join(SENTENCES[i : i + 6]) for i in range(0, 24, 6)]
    text, pages, pos = "", [], 0
    for n, t in enumerate(pages_text, start=1):
        if text:
            text += "\n\n"
            pos += 2
        pages.append((n, pos, pos + len(t)))
        text += t
        pos += len(t)
    doc = _doc(text, tuple(pages))
    for strategy in ("sentence", "fixed"):
        chunks = _assert_exact(doc, ChunkingConfig(strategy=strategy, target_tokens=60, overlap_tokens=20))  # type: ignore[arg-type]
        assert {c.page for c in chunks} == {1, 2, 3, 4}
        assert [c.page for c in chunks] == sorted(c.page for c in chunks)  # type: ignore[type-var]


def test_unicode_offsets_stay_exact() -> None:
    text = (
        "Zoë Ångström visited Kraków in 1999. 東京は大きい都市です。 "
        "Émile wrote “Les Misérables”? No — Hugo did. 🚀 launched."
    )
    for strategy in ("sentence", "fixed"):
        _assert_exact(_doc(text), ChunkingConfig(strategy=strategy, target_tokens=8, overlap_tokens=3))  # type: ignore[arg-type]


def test_config_is_validated() -> None:
    with pytest.raises(ValueError):
        ChunkingConfig(target_tokens=32, overlap_tokens=32)
    with pytest.raises(ValueError):
        ChunkingConfig(strategy="words")  # type: ignore[arg-type]


def test_stale_ids_are_the_old_version_minus_kept() -> None:
    old = stale_chunk_ids("d1", "cd" * 32, 3)
    assert old == ["d1:cdcdcdcdcdcd:0", "d1:cdcdcdcdcdcd:1", "d1:cdcdcdcdcdcd:2"]
    assert stale_chunk_ids("d1", "cd" * 32, 3, keep=old[:2]) == old[2:]


@pytest.mark.skipif(not DATA.is_dir(), reason="shared eval data not present")
def test_default_keeps_a_typical_corpus_passage_whole() -> None:
    """The eval's cached e5 vectors are keyed by title + passage: a ~100-word passage must be one identical chunk."""
    rows = [json.loads(line) for line in (DATA / "hotpotqa_train100" / "corpus.jsonl").open()][:300]
    short = [r for r in rows if len(r["text"].split()) <= 150]
    whole = 0
    for r in short:
        doc = Document(doc_id=r["id"], title=r["title"], source="c.jsonl", text=r["text"], content_hash="0" * 64)
        chunks = chunk_document(doc, ChunkingConfig())
        if len(chunks) == 1:
            whole += 1
            assert chunks[0].text == r["text"] and chunks[0].embed_text == f"{r['title']} {r['text']}"
    # Non-Latin scripts cost more cl100k tokens per word, so a rare short passage may still be cut in two.
    assert len(short) > 200 and whole >= 0.98 * len(short)
