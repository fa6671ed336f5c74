"""verify: check every citation's quote in code, then each claim's support (lexical + embedding, or Claude)."""

from __future__ import annotations

import asyncio
from typing import Any, Literal

from langgraph.runtime import Runtime
from langgraph.types import Command

from agent.context import Context
from agent.derivation import wrong_steps
from agent.evidence import numbered
from agent.extractive import support
from agent.extractive.nlp import parser_for
from agent.instrument import emit, structured, timed
from agent.modes import chat_model, method
from agent.prompts import SYSTEM, VERIFY
from agent.quotes import verify as quote_holds
from agent.routing import after_verify
from agent.schemas import Citation, Verdicts
from agent.state import State


def checked_citations(claim: dict[str, Any], evidence: dict[str, dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """The claim's citations whose quote is exactly its chunk's text at its offsets, and how many failed."""
    good = []
    for c in claim.get("citations", []):
        entry = evidence.get(c.get("chunk_id", ""))
        if quote_holds(Citation.model_validate(c), entry["chunk"] if entry else None):
            good.append(c)
    return good, len(claim.get("citations", [])) - len(good)


@timed("verify")
async def verify(state: State, runtime: Runtime[Context]) -> Command[Literal["finish", "revise", "abstain"]]:
    """Adds a verdict to every claim of the draft and routes on the result."""
    ctx = runtime.context
    draft = state["draft"]
    evidence = state.get("evidence", {})
    claims, rejected = [], 0
    for claim in draft.get("claims", []):
        good, bad = checked_citations(claim, evidence)
        rejected += bad
        claims.append({**claim, "citations": good})
    usage: dict[str, float] = {}
    if state["mode"] == "claude" and any(c["citations"] for c in claims):
        usage = await _judge(ctx, state, claims)
    else:
        await asyncio.to_thread(_lexical, ctx, claims, evidence)
    for c in claims:
        if not c["citations"]:
            c["verdict"] = {"supported": False, "score": 0.0, "method": "none", "note": "no verifiable citation"}
        elif wrong := wrong_steps(c.get("derivation", "")):
            # The judge may pass a wrong sum; code recomputes every equation a derivation shows.
            note = f"the computation does not hold: {'; '.join(wrong)}"
            c["verdict"] = {**c["verdict"], "supported": False, "score": 0.0, "note": note}
    new_draft = {**draft, "claims": claims, "rejected_citations": draft.get("rejected_citations", 0) + rejected}
    emit(
        "verification",
        {
            "claims": [{"text": c["text"], **c["verdict"]} for c in claims],
            "rejected_citations": rejected,
        },
    )
    route = after_verify(new_draft, state.get("revisions", 0), ctx.max_revisions, state.get("reretrieved", False))
    return Command(update={"draft": new_draft, "usage": usage}, goto=route)


def _lexical(ctx: Context, claims: list[dict[str, Any]], evidence: dict[str, dict[str, Any]]) -> None:
    parse = parser_for(ctx.deps.nlp)
    for c in claims:
        if not c["citations"]:
            continue
        quotes = [x["quote"] for x in c["citations"]]
        passages = [evidence[x["chunk_id"]]["chunk"]["text"] for x in c["citations"]]
        s = support.check(c["text"], quotes, passages, parse, ctx.deps.embedder, ctx.support_threshold)
        note = f"not in the cited passages: {', '.join(s.missing)}" if s.missing else ""
        c["verdict"] = {"supported": s.supported, "score": s.score, "method": "lexical", "note": note}


async def _judge(ctx: Context, state: State, claims: list[dict[str, Any]]) -> dict[str, float]:
    """Claude judges the claims that still have a verified citation, against the passages they cite."""
    evidence = state.get("evidence", {})
    judged = [c for c in claims if c["citations"]]
    cited_ids = list(dict.fromkeys(x["chunk_id"] for c in judged for x in c["citations"]))
    passages = [evidence[i]["chunk"] for i in cited_ids]
    lines = []
    for n, c in enumerate(judged, start=1):
        refs = ", ".join(f"[{cited_ids.index(x['chunk_id']) + 1}] “{x['quote']}”" for x in c["citations"])
        derived = f" — derived: {c['derivation']}" if c.get("derivation") else ""
        lines.append(f"{n}. {c['text']} — cites {refs}{derived}")
    prompt = VERIFY.format(passages=numbered(passages), claims="\n".join(lines))
    out, usage = await structured(chat_model(ctx, "claude"), Verdicts, SYSTEM, prompt, method(ctx, "claude"))
    by_claim = {v.claim: v for v in out.verdicts}
    for n, c in enumerate(judged, start=1):
        v = by_claim.get(n)
        c["verdict"] = (
            {"supported": v.supported, "score": v.score, "method": "claude", "note": v.note}
            if v
            else {"supported": False, "score": 0.0, "method": "claude", "note": "the judge gave no verdict"}
        )
    return usage
