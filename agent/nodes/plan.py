"""plan: decompose the question into the first hop's sub-queries."""

from __future__ import annotations

import asyncio
from typing import Any

from langgraph.runtime import Runtime

from agent.computed import asked_of_passages
from agent.context import Context
from agent.extractive.nlp import parser_for
from agent.extractive.question import analyse, plan_queries
from agent.instrument import emit, structured, timed
from agent.modes import chat_model, method, resolve_mode
from agent.prompts import PLAN, SYSTEM
from agent.schemas import Plan
from agent.state import State
from tools.errors import EmptyQueryError, QueryTooLongError

MAX_QUESTION_CHARS = 4000


@timed("plan")
async def plan(state: State, runtime: Runtime[Context]) -> dict[str, Any]:
    """Extractive: the question plus one query per compared entity (spaCy); LLM modes: a structured Plan."""
    ctx = runtime.context
    question = state["question"].strip()
    if not question:
        raise EmptyQueryError("the question is empty")
    if len(question) > MAX_QUESTION_CHARS:
        raise QueryTooLongError(f"the question has {len(question)} characters; the limit is {MAX_QUESTION_CHARS}")
    mode = resolve_mode(ctx)
    usage: dict[str, float] = {}
    if mode == "extractive":
        parse = parser_for(ctx.deps.nlp)
        queries = plan_queries(await asyncio.to_thread(analyse, asked_of_passages(question), parse))
    else:
        out, usage = await structured(
            chat_model(ctx, mode), Plan, SYSTEM, PLAN.format(question=question), method(ctx, mode)
        )
        # The question itself stays a query: a decomposition can lose what the whole question matches.
        queries = list(dict.fromkeys([question, *(q.strip() for q in out.sub_queries if q.strip())]))[:4]
    emit("plan", {"sub_queries": queries, "mode": mode})
    return {"mode": mode, "hop": 1, "pending": queries, "usage": usage, "revisions": 0, "reretrieved": False}
