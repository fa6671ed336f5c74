"""The LLM-free hop decision: stop when one passage already covers the question, else follow bridge entities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.extractive.bridge import bridges, coverage
from agent.extractive.nlp import Parser
from agent.extractive.question import QuestionInfo

SINGLE_PASSAGE_COVERAGE = 0.8
"""A passage holding this share of the question's words answers it alone: no second hop (adaptive hop count)."""


@dataclass(frozen=True, kw_only=True)
class HopDecision:
    enough: bool
    why: str
    bridges: list[str] = field(default_factory=list)
    follow_up: list[str] = field(default_factory=list)


def decide(
    info: QuestionInfo,
    hop_chunks: Sequence[dict[str, Any]],
    known_titles: set[str],
    parse: Parser,
    limit: int = 2,
    asked: Sequence[str] = (),
) -> HopDecision:
    """Whether this hop's passages suffice and, if not, the bridge entities and their follow-up queries."""
    if info.options or (info.yes_no and len(info.anchors) >= 2):
        return HopDecision(enough=True, why="comparison: each side was retrieved by the plan")
    if not hop_chunks:
        return HopDecision(enough=True, why="nothing retrieved to follow")
    best = max(coverage(info, c) for c in hop_chunks[:2])
    if best >= SINGLE_PASSAGE_COVERAGE:
        return HopDecision(enough=True, why=f"one passage covers {best:.0%} of the question")
    pairs = bridges(info, hop_chunks, known_titles, parse, limit, asked)
    if not pairs:
        return HopDecision(enough=True, why="no bridge entity to follow")
    return HopDecision(
        enough=False,
        why=f"best passage covers {best:.0%} of the question",
        bridges=[name for name, _ in pairs],
        follow_up=[q for _, q in pairs],
    )
