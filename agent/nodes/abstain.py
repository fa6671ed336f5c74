"""abstain: say plainly that the collection does not support an answer, and show the closest evidence."""

from __future__ import annotations

from typing import Any

from agent.instrument import emit
from agent.output import build
from agent.prompts import ABSTAIN
from agent.state import State


def reason_of(state: State) -> str:
    draft = state.get("draft", {})
    if draft.get("reason"):
        return str(draft["reason"])
    if draft.get("claims"):
        return "no claim of the draft answer was supported by the passages it cites"
    return str(state.get("abstain_reason") or "the passages do not answer the question")


async def abstain(state: State) -> dict[str, Any]:
    answer = build(state, abstained=True, reason=reason_of(state), text=ABSTAIN)
    data = answer.model_dump(mode="json")
    emit("answer", data)
    return {"answer": data}
