"""Fan-out with `Send`, and the routers of the ask graph (pure functions of the state)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from langgraph.types import Send

from agent.state import RetrieveTask, State


def sends(queries: Sequence[str], collection: str, hop: int) -> list[Send]:
    """One `retrieve` branch per non-empty query; the branches run in parallel."""
    return [
        Send("retrieve", RetrieveTask(query=q, collection=collection, hop=hop)) for q in dict.fromkeys(queries) if q
    ]


def fan_out(state: State) -> list[Send]:
    """After plan: retrieve every planned sub-query."""
    return sends(state.get("pending", []), state["collection"], state["hop"])


def after_read(state: State) -> list[Send] | Literal["compose"]:
    """Another hop (its follow-up queries in parallel) or compose."""
    if state.get("enough", True):
        return "compose"
    return sends(state.get("pending", []), state["collection"], state["hop"]) or "compose"


def after_verify(
    draft: dict[str, Any], revisions: int, max_revisions: int, reretrieved: bool
) -> Literal["finish", "revise", "abstain"]:
    """finish when every claim holds; revise while a rewrite or one re-retrieval is left; else keep or abstain."""
    claims = draft.get("claims", [])
    if not draft.get("answerable") or not claims:
        return "abstain"
    supported = [c for c in claims if c.get("verdict", {}).get("supported")]
    if len(supported) == len(claims):
        return "finish"
    if revisions < max_revisions or (not supported and not reretrieved):
        return "revise"
    return "finish" if supported else "abstain"
