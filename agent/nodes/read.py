"""read: pull facts and bridge entities out of the evidence; decide on another hop or enough."""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.runtime import Runtime

from agent.computed import asked_of_passages
from agent.context import Context
from agent.evidence import numbered, pack
from agent.extractive.casing import truecase
from agent.extractive.hop import HopDecision, decide
from agent.extractive.nlp import parser_for
from agent.extractive.question import analyse
from agent.instrument import emit, structured, timed
from agent.modes import chat_model, method
from agent.prompts import READ, SYSTEM
from agent.schemas import ReadOut
from agent.state import State


@timed("read")
async def read(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Sets `enough`; when another hop is due, `pending` holds its queries and `hop` moves on."""
    ctx = runtime.context
    hop = state["hop"]
    evidence = state.get("evidence", {})
    asked = {r["query"] for r in state.get("retrievals", [])}
    usage: dict[str, float] = {}
    facts: list[str] = []
    if hop >= ctx.max_hops or state.get("reretrieved"):
        decision = HopDecision(enough=True, why="hop limit reached" if hop >= ctx.max_hops else "re-retrieval done")
    elif state["mode"] == "extractive":
        parse = parser_for(ctx.deps.nlp)
        this_hop = sorted((e for e in evidence.values() if e["hop"] == hop), key=lambda e: e["rank"])
        titles = {str(e["chunk"].get("title", "")) for e in evidence.values()}
        question = truecase(asked_of_passages(state["question"]), (e["chunk"] for e in evidence.values()))
        info = await asyncio.to_thread(analyse, question, parse)
        chunks = [dict(e["chunk"]) for e in this_hop]
        earlier = sorted((e for e in evidence.values() if e["hop"] < hop and e["rank"] <= 2), key=lambda e: e["hop"])
        chain = [dict(e["chunk"]) for e in earlier]
        decision = await asyncio.to_thread(decide, info, chunks, titles, parse, 2, sorted(asked), chain)
    else:
        context = pack(evidence, ctx.deps.budget, ctx.token_budget, ctx.max_context_passages)
        prompt = READ.format(
            question=state["question"],
            hop=hop,
            max_hops=ctx.max_hops,
            queries="; ".join(asked),
            passages=numbered(context),
        )
        out, usage = await structured(
            chat_model(ctx, state["mode"]), ReadOut, SYSTEM, prompt, method(ctx, state["mode"])
        )
        facts = out.facts
        follow = [q.strip() for q in out.follow_up_queries if q.strip()]
        decision = HopDecision(
            enough=out.enough or not follow, why="the model's judgement", bridges=out.bridge_entities, follow_up=follow
        )
    follow_up = [q for q in dict.fromkeys(decision.follow_up) if q not in asked][:3]
    enough = decision.enough or not follow_up
    emit(
        "hop",
        {
            "hop": hop,
            "enough": enough,
            "why": decision.why,
            "bridges": decision.bridges,
            "follow_up_queries": follow_up,
        },
    )
    update: dict[str, Any] = {"enough": enough, "facts": facts, "usage": usage}
    if not enough:
        update |= {"pending": follow_up, "hop": hop + 1, "bridges": decision.bridges}
    return update
