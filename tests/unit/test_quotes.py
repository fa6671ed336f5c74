"""Citations are checked in code: a quote must be its chunk's exact text at its document offsets."""

from __future__ import annotations

from agent.quotes import cite, locate, verify

CHUNK = {
    "chunk_id": "doc:1",
    "doc_id": "doc",
    "title": "Doc",
    "source": "doc.md",
    "page": 2,
    "start": 100,
    "end": 160,
    "text": "Halden Systems bought Brightwell\nAnalytics in March 2019.",
}


def test_cite_uses_document_offsets() -> None:
    c = cite(CHUNK, 0, 14)
    assert (c.start, c.end, c.quote, c.page) == (100, 114, "Halden Systems", 2)
    assert verify(c, CHUNK)


def test_locate_exact_and_reflowed_whitespace() -> None:
    exact = locate(CHUNK, "bought Brightwell")
    assert exact is not None and exact.quote == "bought Brightwell" and exact.start == 115
    reflowed = locate(CHUNK, "Brightwell Analytics in March")  # the model joined the line break into a space
    assert reflowed is not None and reflowed.quote == "Brightwell\nAnalytics in March"
    assert verify(reflowed, CHUNK)
    assert locate(CHUNK, "Brightwell Analytics in April") is None
    assert locate(CHUNK, "  ") is None


def test_tampered_citations_are_rejected() -> None:
    good = cite(CHUNK, 0, 14)
    assert not verify(good.model_copy(update={"quote": "Meridian Group"}), CHUNK)  # same offsets, other words
    assert not verify(good.model_copy(update={"start": 101, "end": 115}), CHUNK)  # shifted span
    assert not verify(good.model_copy(update={"end": 999}), CHUNK)  # past the chunk
    assert not verify(good.model_copy(update={"chunk_id": "doc:2"}), CHUNK)  # another chunk's id
    assert not verify(good, None)  # the chunk is not in the evidence
