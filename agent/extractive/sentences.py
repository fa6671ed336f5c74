"""Passages split into sentences with exact offsets, scored against the question (lexical + embedding)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from agent.extractive.nlp import Parser, content_words
from tools.types import Embedder


@dataclass(frozen=True, kw_only=True)
class Sentence:
    chunk: dict[str, Any]
    """The chunk payload (Chunk.payload())."""
    start: int
    """Offset in the chunk's text."""
    end: int
    order: int
    """Position of the chunk in the context (0 = best ranked)."""
    score: float = 0.0

    @property
    def text(self) -> str:
        return str(self.chunk["text"][self.start : self.end])


@dataclass(frozen=True, kw_only=True)
class Pick:
    """The short answer and the sentences that support it (cited verbatim)."""

    answer: str
    support: list[Sentence]
    score: float
    typed: bool = True
    """False when the question asks for a type (a person, a date...) and no candidate of that type was found."""
    derivation: str = ""
    """How the answer was computed from its sentences ("2011 + 1 = 2012"), when it is not written in them."""


_BLOCK = re.compile(r"[^\n]+(?:\n(?!\s*\n|\s*(?:[-*+]|\d+[.)])\s)[^\n]+)*")
"""A run of lines up to a blank line or a list item: spaCy glues headings and list items onto their neighbours."""
_HEADING = re.compile(r"^\s*(#{1,6}\s|[-*=_]{3,}\s*$)")
_LINE = re.compile(r"[^\n]+")
"""A line of a web page's text: the HTML loader writes each paragraph, heading and dateline on a line of its own."""


def split(chunks: Sequence[dict[str, Any]], parse: Parser) -> list[Sentence]:
    """Every sentence of every chunk with its exact span; Markdown headings and rules are not sentences."""
    out = []
    for order, chunk in enumerate(chunks):
        text = chunk["text"]
        # A web page's lines never wrap a sentence; the model reads a headline, its dateline and the lead as one.
        blocks = _LINE if (chunk.get("meta") or {}).get("format") == "html" else _BLOCK
        for sent in parse(text).sents:
            for block in blocks.finditer(text, sent.start_char, sent.end_char):
                piece = block.group().strip()
                if len(piece) < 3 or _HEADING.match(piece):
                    continue
                start = block.start() + (len(block.group()) - len(block.group().lstrip()))
                out.append(Sentence(chunk=chunk, start=start, end=start + len(piece), order=order))
    return out


def score(
    question: str,
    keywords: frozenset[str],
    sents: Sequence[Sentence],
    embedder: Embedder,
    max_embed: int = 24,
    focus: frozenset[str] = frozenset(),
) -> list[Sentence]:
    """Rank sentences: keyword overlap (title counts: it is the sentence's subject), cosine, and a rank prior.

    `focus` words (what the question still asks once its first link is read, e.g. "married" in "whom did the founder
    of X marry") carry most of the lexical weight: the answer sentence is about the bridge entity, so it shares the
    last relation with the question, not the names of the first hop.
    """
    if not sents:
        return []
    focus = focus & keywords
    rest = keywords - focus
    lex = []
    for s in sents:
        own = content_words(s.text) | content_words(str(s.chunk.get("title", "")))
        rest_share = len(rest & own) / len(rest) if rest else 0.0
        lex.append(0.7 * len(focus & own) / len(focus) + 0.3 * rest_share if focus else rest_share)
    lexa = np.asarray(lex)
    cos = np.zeros(len(sents))
    # Embedding every sentence is the slow part; only the lexically best are embedded.
    top = np.argsort(-lexa, kind="stable")[:max_embed]
    vecs = embedder.embed_passages([f"{sents[i].chunk.get('title', '')}: {sents[i].text}" for i in top])
    q = embedder.embed_query(question)
    cos[top] = vecs @ q
    prior = np.asarray([1.0 / (1 + s.order) for s in sents])
    total = 0.45 * lexa + 0.45 * cos + 0.1 * prior
    ranked = sorted(range(len(sents)), key=lambda i: -total[i])
    return [
        Sentence(chunk=sents[i].chunk, start=sents[i].start, end=sents[i].end, order=sents[i].order, score=total[i])
        for i in ranked
    ]
