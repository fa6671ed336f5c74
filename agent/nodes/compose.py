"""compose: pack the best passages under the token budget and draft a cited answer."""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.runtime import Runtime

from agent.computed import UNCOMPUTED, combine, computed_answer, step_for
from agent.context import Context
from agent.evidence import numbered, pack
from agent.extractive.answer import draft as extractive_draft
from agent.extractive.casing import CAVEAT, lower_case, truecase
from agent.extractive.nlp import parser_for
from agent.extractive.question import analyse
from agent.instrument import emit, structured, timed
from agent.modes import chat_model, method
from agent.prompts import COMPOSE, SYSTEM
from agent.quotes import locate
from agent.schemas import Draft
from agent.state import State


def resolve_draft(out: Draft, context: list[dict[str, Any]]) -> dict[str, Any]:
    """A model's Draft as a state draft: each citation located in its passage by code; unfound quotes dropped."""
    claims = []
    dropped = 0
    for c in out.claims:
        cites = []
        for dc in c.citations:
            found = locate(context[dc.passage - 1], dc.quote) if 1 <= dc.passage <= len(context) else None
            if found is None:
                dropped += 1
            else:
                cites.append(found.model_dump())
        claims.append({"text": c.text.strip(), "citations": cites, "derivation": c.derivation.strip()})
    reason = None if out.answerable else "the model found no support for an answer in the passages"
    return {
        "answerable": out.answerable and bool(claims),
        "short_answer": out.short_answer.strip(),
        "claims": claims,
        "dropped_citations": dropped,
        "reason": reason,
    }


@timed("compose")
async def compose(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Sets `context_ids` (the packed passages, in order) and `draft`."""
    ctx = runtime.context
    context = pack(state.get("evidence", {}), ctx.deps.budget, ctx.token_budget, ctx.max_context_passages)
    usage: dict[str, float] = {}
    if state["mode"] == "extractive":
        parse = parser_for(ctx.deps.nlp)

        def answer(question: str) -> dict[str, Any]:
            # "who designed the vellmar tunnel?": names are read from the passages' spelling ("the quiet ledger").
            return extractive_draft(
                analyse(truecase(question, context), parse),
                context,
                parse,
                ctx.deps.embedder,
                min_answer_score=ctx.min_answer_score,
                min_chain_coverage=ctx.min_chain_coverage,
                require_type=ctx.require_answer_type,
                require_mentions=ctx.require_mentions,
                bridges=state.get("bridges", []),
            )

        def run() -> dict[str, Any]:
            # "How many letters are in the first name of X's director?": the director is looked up, the letters counted.
            step = step_for(state["question"])
            computed = computed_answer(step, answer) if step else None
            out = computed or answer(state["question"])
            info = analyse(truecase(state["question"], context), parse)
            caveats = [out.get("caveat", "")]
            if out["answerable"] and step and computed is None:
                caveats.append(UNCOMPUTED)  # the looked-up fact was no name or date: this is the closest passage's
            if out["answerable"] and lower_case(state["question"]) and not info.subjects:
                caveats.append(CAVEAT)
            out["caveat"] = " ".join(filter(None, caveats))
            return out

        draft = await asyncio.to_thread(run)
    else:
        model = chat_model(ctx, state["mode"])

        async def claude(question: str) -> dict[str, Any]:
            prompt = COMPOSE.format(question=question, passages=numbered(context))
            out, used = await structured(model, Draft, SYSTEM, prompt, method(ctx, state["mode"]))
            for key, value in used.items():
                usage[key] = usage.get(key, 0.0) + value
            return {**resolve_draft(out, context), "typed": True}  # the model answers with the kind asked for

        # Models miscount letters and calendars too: the model looks the facts up, code computes (agent/computed).
        step, drafts = step_for(state["question"]), []
        for question in step.lookups if step else []:
            drafts.append(await claude(question))
            if not drafts[-1]["answerable"]:
                break
        draft = (combine(step, drafts) if step else None) or await claude(state["question"])
    emit(
        "draft",
        {
            "answerable": draft["answerable"],
            "short_answer": draft.get("short_answer", ""),
            "claims": [c["text"] for c in draft["claims"]],
            "context_ids": [c["chunk_id"] for c in context],
            "read_as": draft.get("rewritten", ""),
        },
    )
    return {"context_ids": [c["chunk_id"] for c in context], "draft": draft, "usage": usage}
