"""revise: rewrite or drop unsupported claims, or re-retrieve once for missing support."""

from __future__ import annotations

from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import Command, Send

from agent.context import Context
from agent.evidence import numbered
from agent.instrument import emit, structured, timed
from agent.modes import chat_model, method
from agent.nodes.compose import resolve_draft
from agent.prompts import REVISE, SYSTEM
from agent.routing import sends
from agent.schemas import Draft
from agent.state import State


def _supported(claim: dict[str, Any]) -> bool:
    return bool(claim.get("verdict", {}).get("supported"))


@timed("revise")
async def revise(
    state: State, runtime: Runtime[Context]
) -> Command[Literal["verify", "finish", "abstain", "retrieve"]]:
    """LLM modes rewrite once; then unsupported claims are dropped; with none left, one re-retrieval or abstain."""
    ctx = runtime.context
    draft = state["draft"]
    revisions = state.get("revisions", 0)
    good = [c for c in draft["claims"] if _supported(c)]
    bad = [c for c in draft["claims"] if not _supported(c)]
    evidence = state.get("evidence", {})
    if state["mode"] != "extractive" and revisions < ctx.max_revisions:
        context = [evidence[i]["chunk"] for i in state.get("context_ids", []) if i in evidence]
        prompt = REVISE.format(
            question=state["question"],
            unsupported="\n".join(f"- {c['text']} ({c['verdict'].get('note', '')})" for c in bad),
            passages=numbered(context),
        )
        out, usage = await structured(chat_model(ctx, state["mode"]), Draft, SYSTEM, prompt, method(ctx, state["mode"]))
        emit("hop", {"revise": "rewrite", "dropped": [c["text"] for c in bad]})
        new = {**resolve_draft(out, context), "dropped": [*draft.get("dropped", []), *bad]}
        return Command(update={"draft": new, "revisions": revisions + 1, "usage": usage}, goto="verify")
    if good:
        emit("hop", {"revise": "drop", "dropped": [c["text"] for c in bad]})
        new = {**draft, "claims": good, "dropped": [*draft.get("dropped", []), *bad]}
        return Command(update={"draft": new, "revisions": revisions + 1}, goto="finish")
    if not state.get("reretrieved"):
        queries = [c["text"] for c in bad][:2] or [state["question"]]
        hop = state["hop"] + 1
        emit("hop", {"revise": "re-retrieve", "hop": hop, "follow_up_queries": queries})
        goto: list[Send] = sends(queries, state["collection"], hop)
        return Command(update={"reretrieved": True, "hop": hop, "pending": queries}, goto=goto)
    return Command(update={"abstain_reason": "no claim could be supported, even after re-retrieval"}, goto="abstain")
