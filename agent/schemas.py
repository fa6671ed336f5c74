"""Pydantic outputs: the structured LLM outputs (Plan, Draft, Verdicts) and the one public `Answer`."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, Field

Mode = Literal["claude", "extractive", "local"]


# --- Structured outputs asked of an LLM (schemas hold only what the model chooses) ---------------------------------


class Plan(BaseModel):
    """Sub-queries that together answer the question; one for a simple question."""

    sub_queries: list[str] = Field(min_length=1, max_length=4, description="Standalone search queries, in hop order")


class ReadOut(BaseModel):
    """What the evidence so far says, and whether another retrieval hop is needed."""

    facts: list[str] = Field(
        default_factory=list, description="Short facts the passages state, relevant to the question"
    )
    bridge_entities: list[str] = Field(
        default_factory=list, description="Names found in passages needed for a next hop"
    )
    enough: bool = Field(description="True when the passages already answer every part of the question")
    follow_up_queries: list[str] = Field(default_factory=list, max_length=3, description="Queries for the next hop")


class DraftCitation(BaseModel):
    passage: int = Field(description="The number of the cited passage in <passages>")
    quote: str = Field(description="A verbatim sentence or phrase copied exactly from that passage")


class DraftClaim(BaseModel):
    text: str = Field(description="One factual statement")
    citations: list[DraftCitation] = Field(min_length=1)
    derivation: str = Field(
        default="",
        description="Only for a claim computed from cited facts (an age, a time between dates, a count, a name's "
        "letters): the computation step by step, e.g. '1889 - 1851 = 38'. Empty for a claim a passage states.",
    )


class Draft(BaseModel):
    """A cited answer, or `answerable=false` when the passages do not support one."""

    answerable: bool
    short_answer: str = Field(default="", description="The answer in as few words as possible (a name, date, yes/no)")
    claims: list[DraftClaim] = Field(default_factory=list)


class ClaimVerdict(BaseModel):
    claim: int = Field(description="The claim's number")
    supported: bool
    score: float = Field(ge=0, le=1, description="Confidence that the cited passages support the claim")
    note: str = ""


class Verdicts(BaseModel):
    """One verdict per claim: is it supported by the passages it cites?"""

    verdicts: list[ClaimVerdict]


# --- The public answer (CLI, REST, MCP) ----------------------------------------------------------------------------


class Citation(BaseModel):
    """A verbatim quote of a chunk; `start`/`end` are document character offsets, checked in code."""

    chunk_id: str
    doc_id: str = ""
    title: str = ""
    source: str = ""
    page: int | None = None
    start: int
    end: int
    quote: str


class Verdict(BaseModel):
    supported: bool
    score: float
    method: Literal["lexical", "claude", "local", "none"] = "lexical"
    note: str = ""


class Claim(BaseModel):
    text: str
    citations: list[Citation] = Field(default_factory=list)
    derivation: str = Field("", description="How a computed claim follows from its cited facts; empty if stated")
    verdict: Verdict | None = None


class HopTrace(BaseModel):
    hop: int
    sub_queries: list[str]
    retrieved_ids: list[list[str]] = Field(default_factory=list, description="Chunk ids per sub-query, ranked")


class InnerAnswer(BaseModel):
    question: str
    answer: str


class Usage(BaseModel):
    llm_calls: int = 0
    input_tokens: int = 0
    output_tokens: int = 0


class Answer(BaseModel):
    """The agent's answer: claims with verified citations, or an abstention with the closest evidence."""

    answer_id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    collection: str
    question: str
    answer: str
    short_answer: str = ""
    claims: list[Claim] = Field(default_factory=list)
    dropped_claims: list[Claim] = Field(
        default_factory=list, description="Draft claims removed because verification found no support"
    )
    abstained: bool = False
    reason: str | None = None
    closest_evidence: list[Citation] = Field(default_factory=list)
    hops: list[HopTrace] = Field(default_factory=list)
    caveat: str = Field(
        "", description="Why the answer may not be what was asked (e.g. it is of another kind than the question wants)"
    )
    read_as: str = Field("", description="The question as answered, after nested questions were answered first")
    inner_answers: list[InnerAnswer] = Field(
        default_factory=list,
        description="The nested or looked-up questions answered first, innermost first (extractive mode)",
    )
    context_ids: list[str] = Field(default_factory=list, description="Chunk ids packed into the context, in order")
    mode: Mode = "extractive"
    usage: Usage = Field(default_factory=Usage)
    timings: dict[str, float] = Field(default_factory=dict, description="Seconds per node (summed over runs)")


__all__ = [
    "Answer",
    "Citation",
    "Claim",
    "ClaimVerdict",
    "Draft",
    "DraftCitation",
    "DraftClaim",
    "HopTrace",
    "Mode",
    "Plan",
    "ReadOut",
    "Usage",
    "Verdict",
    "Verdicts",
]
