"""finish: the verified answer (supported claims only)."""

from __future__ import annotations

from typing import Any

from agent.instrument import emit
from agent.output import build
from agent.state import State


async def finish(state: State) -> dict[str, Any]:
    answer = build(state, abstained=False)
    data = answer.model_dump(mode="json")
    emit("answer", data)
    return {"answer": data}
