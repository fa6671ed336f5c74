"""The LLM-free hop decision: stop when one passage already covers the question, else follow bridge entities."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from agent.extractive.bridge import bridges, chain_coverage, coverage, unnamed_links
from agent.extractive.nlp import Parser
from agent.extractive.question import QuestionInfo

SINGLE_PASSAGE_COVERAGE = 1.0
"""A passage holding all the question's words answers it alone: no second hop (adaptive hop count). A multi-hop
question usually misses exactly one relation word in its first passage ("marry" in "whom did the founder of X marry"),
so anything short of all of them hops."""


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
    chain_chunks: Sequence[dict[str, Any]] = (),
) -> HopDecision:
    """Whether this hop's passages suffice and, if not, the bridge entities and their follow-up queries.

    `chain_chunks` are the best passages of the earlier hops: with this hop's best they form the chain.
    """
    if info.options or (info.yes_no and len(info.anchors) >= 2):
        return HopDecision(enough=True, why="comparison: each side was retrieved by the plan")
    if not hop_chunks:
        return HopDecision(enough=True, why="nothing retrieved to follow")
    # A passage that describes the asked-for thing without naming it ("a Norwegian payments company") may cover
    # every word of the question and still not answer it: the link it describes is followed first.
    unnamed = unnamed_links(info, hop_chunks, parse, asked)
    best = max(coverage(info, c) for c in hop_chunks[:2])
    if best >= SINGLE_PASSAGE_COVERAGE and not unnamed:
        return HopDecision(enough=True, why=f"one passage covers {best:.0%} of the question")
    chain = chain_coverage(info, [*chain_chunks, *hop_chunks[:2]])
    if chain_chunks and chain >= SINGLE_PASSAGE_COVERAGE and not unnamed:
        return HopDecision(enough=True, why=f"the hops' best passages together cover {chain:.0%} of the question")
    pairs = unnamed + bridges(info, hop_chunks, known_titles, parse, limit, asked)
    if not pairs:
        return HopDecision(enough=True, why="no bridge entity to follow")
    return HopDecision(
        enough=False,
        why=f"best passage covers {best:.0%} of the question",
        bridges=[name for name, _ in pairs],
        follow_up=[q for _, q in pairs],
    )
