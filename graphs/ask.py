"""The ask graph: plan → Send(retrieve)* → read ↺ → compose → verify → finish | revise | abstain."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Checkpointer

from agent.context import Context
from agent.deps import AgentDeps
from agent.nodes.abstain import abstain
from agent.nodes.compose import compose
from agent.nodes.finish import finish
from agent.nodes.plan import plan
from agent.nodes.read import read
from agent.nodes.retrieve import retrieve
from agent.nodes.revise import revise
from agent.nodes.verify import verify
from agent.routing import after_read, fan_out
from agent.schemas import Answer
from agent.state import InputState, OutputState, RetrieveTask, State


def build_ask_graph(checkpointer: Checkpointer = None) -> CompiledStateGraph[State, Context, InputState, OutputState]:
    """Compile the graph; callers bring their own checkpointer (none by default: each ask is independent)."""
    b = StateGraph(State, context_schema=Context, input_schema=InputState, output_schema=OutputState)
    b.add_node("plan", plan)
    b.add_node("retrieve", retrieve, input_schema=RetrieveTask)
    b.add_node("read", read)
    b.add_node("compose", compose)
    b.add_node("verify", verify, destinations=("finish", "revise", "abstain"))
    b.add_node("revise", revise, destinations=("verify", "finish", "abstain", "retrieve"))
    b.add_node("finish", finish)
    b.add_node("abstain", abstain)
    b.add_edge(START, "plan")
    b.add_conditional_edges("plan", fan_out, ["retrieve"])
    b.add_edge("retrieve", "read")
    b.add_conditional_edges("read", after_read, ["retrieve", "compose"])
    b.add_edge("compose", "verify")
    b.add_edge("finish", END)
    b.add_edge("abstain", END)
    return b.compile(checkpointer=checkpointer, name="sleuth-ask")


_GRAPH: CompiledStateGraph[State, Context, InputState, OutputState] | None = None


def graph() -> CompiledStateGraph[State, Context, InputState, OutputState]:
    """The shared compiled graph (stateless between runs, so one instance serves every caller)."""
    global _GRAPH
    if _GRAPH is None:
        _GRAPH = build_ask_graph()
    return _GRAPH


def _context(deps: AgentDeps, knobs: dict[str, Any] | None) -> Context:
    return Context(deps=deps, **(knobs or {}))


async def ask(question: str, collection: str, deps: AgentDeps, knobs: dict[str, Any] | None = None) -> Answer:
    """Answer one question. Raises the SleuthError subclasses the services raise (bad input, backend down)."""
    out = await graph().ainvoke({"question": question, "collection": collection}, context=_context(deps, knobs))
    return Answer.model_validate(out["answer"])


async def stream_ask(
    question: str, collection: str, deps: AgentDeps, knobs: dict[str, Any] | None = None
) -> AsyncIterator[dict[str, Any]]:
    """Node progress as `{"event", "data"}` (plan, retrieved, hop, draft, verification), ending with `answer`."""
    stream = graph().astream(
        {"question": question, "collection": collection}, context=_context(deps, knobs), stream_mode="custom"
    )
    async for chunk in stream:
        if isinstance(chunk, dict) and "event" in chunk:
            yield chunk
