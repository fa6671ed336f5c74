"""LLM-free faithfulness: a claim's names, numbers and dates must be in its cited passage, and the claim must be
close (embedding cosine) to one of the sentences it quotes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from agent.extractive.nlp import Parser, norm
from tools.types import Embedder

_NUM = re.compile(r"\d[\d,.]*")
_CHECKED = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "WORK_OF_ART", "EVENT", "PRODUCT", "DATE"})


@dataclass(frozen=True, kw_only=True)
class Support:
    supported: bool
    score: float
    missing: list[str]


def check(
    claim: str, quotes: Sequence[str], passages: Sequence[str], parse: Parser, embedder: Embedder, threshold: float
) -> Support:
    """Check one claim against the quotes it cites and the passages holding them."""
    if not quotes:
        return Support(supported=False, score=0.0, missing=["no citation"])
    raw = " ".join(passages)
    haystack = f" {norm(raw)} "
    names = [e.text for e in parse(claim).ents if e.label_ in _CHECKED]
    numbers = [n.rstrip(".,") for n in _NUM.findall(claim)]
    # Names are compared word by word; numbers as written ("1980" is in "mid-1980s", "4AD" holds "4").
    missing = [t for t in names if norm(t) and f" {norm(t)} " not in haystack]
    missing += [n for n in numbers if n and n not in raw]
    needed = names + numbers
    # A verbatim quote (or a span inside it) is support by construction; only paraphrases need the embedder.
    if any(norm(claim) and norm(claim) in norm(q) for q in quotes):
        cos = 1.0
    else:
        vecs = embedder.embed_passages([claim, *quotes])
        cos = float(np.max(vecs[1:] @ vecs[0]))
    lexical = 1.0 - len(missing) / max(1, len(needed))
    score = round(0.5 * lexical + 0.5 * max(0.0, cos), 4)
    return Support(supported=not missing and cos >= threshold, score=score, missing=missing)
