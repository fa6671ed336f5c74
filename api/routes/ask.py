"""Ask: a cited answer as JSON, or the agent's progress streamed as server-sent events ending in that answer.

`answer_once` / `answer_events` are shared with the MCP server: cache look-up (keyed by collection version),
recording the answer id for feedback, and metrics, the same for every adapter.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from sse_starlette import EventSourceResponse, ServerSentEvent

from agent.schemas import Answer
from api.container import Container
from api.deps import CollectionDep, ContainerDep
from api.errors import ERROR_RESPONSES
from api.metrics import observe_answer
from tools.cache import answer_key
from tools.errors import SleuthError

router = APIRouter(prefix="/v1/collections", tags=["ask"], responses=ERROR_RESPONSES)
EVENTS = ("plan", "hop", "retrieved", "draft", "verification", "answer", "error")
STREAM_EXAMPLE = "".join(
    f"event: {name}\ndata: {json.dumps(data)}\n\n"
    for name, data in (
        ("plan", {"sub_queries": ["Who designed the Tamsin Bridge?"], "mode": "extractive"}),
        ("retrieved", {"hop": 1, "query": "Who designed the Tamsin Bridge?", "n": 1, "ids": ["b:0"], "titles": ["b"]}),
        (
            "hop",
            {
                "hop": 1,
                "enough": True,
                "why": "one passage covers the question",
                "bridges": [],
                "follow_up_queries": [],
            },
        ),
        ("draft", {"answerable": True, "short_answer": "Ilse Varga", "claims": ["..."], "context_ids": ["b:0"]}),
        (
            "verification",
            {"claims": [{"text": "...", "supported": True, "score": 1.0, "method": "lexical", "note": ""}]},
        ),
        ("answer", {"answer": "Ilse Varga", "claims": ["..."], "abstained": False}),
    )
)


class AskIn(BaseModel):
    question: str = Field(
        min_length=1,
        max_length=4000,
        examples=["Which company acquired the startup founded by the author of The Quiet Ledger, and when?"],
    )


async def answer_once(c: Container, collection: str, question: str) -> dict[str, Any]:
    """The answer as JSON (`Answer.model_dump(mode="json")`), from the cache when this version was asked before."""
    from graphs.ask import ask

    key = _key(c, collection, question)
    cached = c.cache.get_json("answer", key)
    if cached is not None:
        observe_answer(cached, cached=True)
        return dict(cached)
    answer = (await ask(question, collection, c.agent_deps, c.ask_knobs())).model_dump(mode="json")
    _served(c, key, collection, question, answer)
    return answer


async def answer_events(c: Container, collection: str, question: str) -> AsyncIterator[dict[str, Any]]:
    """AskEvents `{"event", "data"}`; a failure becomes a final `error` event (the stream has already begun)."""
    from graphs.ask import stream_ask

    try:
        key = _key(c, collection, question)
        cached = c.cache.get_json("answer", key)
        if cached is not None:
            observe_answer(cached, cached=True)
            yield {"event": "answer", "data": cached}
            return
        async for event in stream_ask(question, collection, c.agent_deps, c.ask_knobs()):
            if event["event"] == "answer":
                _served(c, key, collection, question, event["data"])
            yield event
    except SleuthError as e:
        yield {"event": "error", "data": {"code": e.code, "message": str(e)}}


def _key(c: Container, collection: str, question: str) -> str:
    """Answers differ by run knobs, the model that thinks and the search settings, so all are part of the key."""
    context = [c.ask_knobs(), c.agent_deps.chat_model_id, c.searcher.fingerprint]
    return answer_key(c.cache, c.catalog, collection, question, context)


def _served(c: Container, key: str, collection: str, question: str, answer: dict[str, Any]) -> None:
    observe_answer(answer, cached=False)
    if answer.get("answer_id"):
        c.feedback.record_answer(str(answer["answer_id"]), collection, question)
    c.cache.set_json("answer", key, answer)


ANSWER_EXAMPLE = {
    "answer_id": "cf7979a01a774c6db8ddc8f32d664caf",
    "collection": "handbook",
    "question": "Who designed the Tamsin Bridge?",
    "answer": "Ilse Varga",
    "short_answer": "Ilse Varga",
    "claims": [
        {
            "text": "It was designed by the engineer Ilse Varga.",
            "citations": [
                {
                    "chunk_id": "bridge:0",
                    "doc_id": "bridge",
                    "title": "bridge",
                    "source": "bridge.txt",
                    "page": None,
                    "start": 34,
                    "end": 77,
                    "quote": "It was designed by the engineer Ilse Varga.",
                }
            ],
            "verdict": {"supported": True, "score": 1.0, "method": "lexical", "note": ""},
        }
    ],
    "dropped_claims": [],
    "abstained": False,
    "reason": None,
    "closest_evidence": [],
    "hops": [{"hop": 1, "sub_queries": ["Who designed the Tamsin Bridge?"], "retrieved_ids": [["bridge:0"]]}],
    "context_ids": ["bridge:0"],
    "mode": "extractive",
    "usage": {"llm_calls": 0, "input_tokens": 0, "output_tokens": 0},
    "timings": {"plan": 0.05, "retrieve": 0.01, "read": 0.001, "compose": 0.01, "verify": 0.001},
}


@router.post(
    "/{name}/ask",
    response_model=Answer,
    summary="Ask a question; get a cited answer (or an abstention)",
    responses={200: {"content": {"application/json": {"example": ANSWER_EXAMPLE}}}},
)
async def ask_json(info: CollectionDep, body: AskIn, c: ContainerDep) -> dict[str, Any]:
    return await answer_once(c, info.name, body.question)


@router.post(
    "/{name}/ask/stream",
    summary="Ask, streaming progress as server-sent events",
    response_class=EventSourceResponse,
    responses={
        200: {
            "description": "Events: "
            + ", ".join(EVENTS)
            + ". The final `answer` event's data is the JSON answer (the `Answer` schema); a failure after the "
            "stream began is an `error` event `{code, message}`.",
            "content": {"text/event-stream": {"example": STREAM_EXAMPLE}},
        }
    },
)
async def ask_stream(info: CollectionDep, body: AskIn, c: ContainerDep) -> EventSourceResponse:
    async def sse() -> AsyncIterator[ServerSentEvent]:
        async for event in answer_events(c, info.name, body.question):
            yield ServerSentEvent(event=event["event"], data=json.dumps(event["data"]))

    return EventSourceResponse(sse(), ping=15)
