"""Graph state: the input, the working state with its reducers, and the output."""

from __future__ import annotations

import operator
from typing import Annotated, Any, TypedDict

from agent.schemas import Mode


def merge_evidence(left: dict[str, dict[str, Any]], right: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Union of retrieved chunks by id; a chunk seen twice keeps its best (lowest) rank and its first hop."""
    out = dict(left or {})
    for cid, item in (right or {}).items():
        old = out.get(cid)
        if old is None or item["rank"] < old["rank"]:
            out[cid] = {**item, "hop": min(item["hop"], old["hop"])} if old else item
    return out


def add_numbers(left: dict[str, float], right: dict[str, float]) -> dict[str, float]:
    """Sum counters key by key (token usage, seconds per node)."""
    out = dict(left or {})
    for k, v in (right or {}).items():
        out[k] = out.get(k, 0) + v
    return out


class InputState(TypedDict):
    question: str
    collection: str


class OutputState(TypedDict):
    answer: dict[str, Any]
    """`Answer.model_dump()`: set by finish or abstain."""


class State(InputState, OutputState, total=False):
    mode: Mode
    hop: int
    pending: list[str]
    """Queries the next retrieve fan-out runs."""
    retrievals: Annotated[list[dict[str, Any]], operator.add]
    """One row per sub-query run: {"hop", "query", "ids"}."""
    evidence: Annotated[dict[str, dict[str, Any]], merge_evidence]
    """chunk_id -> {"chunk": payload, "rank", "hop", "query", "score"}."""
    facts: Annotated[list[str], operator.add]
    bridges: Annotated[list[str], operator.add]
    """Bridge entities followed so far (each a later hop's subject)."""
    enough: bool
    context_ids: list[str]
    draft: dict[str, Any]
    """{"short_answer", "answerable", "claims": [{"text", "citations": [Citation dicts], "verdict"}]}."""
    revisions: int
    reretrieved: bool
    abstain_reason: str
    usage: Annotated[dict[str, float], add_numbers]
    timings: Annotated[dict[str, float], add_numbers]


class RetrieveTask(TypedDict):
    """The payload of one `Send("retrieve", ...)` branch."""

    query: str
    collection: str
    hop: int
