"""Answers computed from looked-up facts: the letters of a name (letters.py), a count from a date (dates.py).

No passage holds "4" for "How many letters are in the first name of the CTO of X?". The passages answer the looked-up
question ("Who is the CTO of X?"), and code does the rest; the claim that cites the looked-up answer shows the
computation, whose arithmetic the verify node checks again. Both modes use it: the extractive reading or Claude
answers the looked-up questions (agent/nodes/compose.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from agent.computed.dates import date_step
from agent.computed.letters import spelling

UNCOMPUTED = (
    "The question ends with a computation, but the fact it starts from was not found as a name or a date; this answer"
    " is read from the passages as they stand, not computed."
)
Answer = Callable[[str], dict[str, Any]]
"""Drafts an answer to a question over the retrieved passages (answer.draft after analysis)."""


class Step(Protocol):
    @property
    def lookups(self) -> list[str]:
        """The questions the passages answer ("Who is the CTO of X?")."""
        ...

    def finish(self, answers: list[dict[str, Any]]) -> tuple[str, str] | None:
        """The value computed from the looked-up drafts and how; None when an answer is not of the kind it needs."""
        ...


def step_for(question: str) -> Step | None:
    """The computation a question ends with, or None when it asks for a fact the passages state."""
    return spelling(question) or date_step(question)


def asked_of_passages(question: str) -> str:
    """What the passages are searched and read for: a computed question's one looked-up question, whose words the
    passages hold ("letters", "ASCII code", "two weeks after" are in none); else the question itself."""
    step = step_for(question)
    lookups = step.lookups if step else []
    return lookups[0] if len(lookups) == 1 else question


def computed_answer(step: Step, answer: Answer) -> dict[str, Any] | None:
    """The draft of a computed question: each looked-up question answered from the passages, then the value (see
    `combine`)."""
    drafts: list[dict[str, Any]] = []
    for question in step.lookups:
        drafts.append(answer(question))
        if not drafts[-1]["answerable"]:
            break
    return combine(step, drafts)


def combine(step: Step, drafts: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The computed draft from the looked-up questions' drafts, in `step.lookups` order.

    An abstention on a looked-up question is the draft's. None when a looked-up answer is not of the kind the
    computation needs (a name, a date): the usual reading of the whole question then answers, as it would without
    this step.
    """
    if abstained := next((d for d in drafts if not d["answerable"]), None):
        return abstained
    done = step.finish(drafts)
    claims = [c for d in drafts for c in d["claims"]]
    if done is None or not claims:
        return None
    value, how = done
    # The computation is shown on the claim that gives the last looked-up answer, which it starts from.
    claims[-1] = {**claims[-1], "derivation": "; ".join(filter(None, [claims[-1].get("derivation", ""), how]))}
    # The looked-up questions are the steps answered first, after any nested inside them.
    steps = [s for d in drafts for s in d.get("nested", [])]
    steps += [{"question": q, "answer": d["short_answer"]} for q, d in zip(step.lookups, drafts, strict=True)]
    return {"answerable": True, "short_answer": value, "claims": claims, "typed": True, "nested": steps}
