"""Per-run knobs of the ask graph (LangGraph `context_schema`); process settings live in api/settings.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from agent.deps import AgentDeps
from tools.types import Filters, SearchMode

ModeChoice = Literal["auto", "extractive", "claude", "local"]


@dataclass(kw_only=True)
class Context:
    """The injected services (`deps`) and the knobs for one question; every knob has a working default.

    LangGraph hands the same object to every node as `runtime.context`, the documented place for run-scoped
    dependencies, so nodes never build clients themselves.
    """

    deps: AgentDeps
    mode: ModeChoice = "auto"
    """auto = Claude when a chat model is injected, else the LLM-free extractive path."""
    top_k: int = 6
    """Passages kept per sub-query."""
    max_hops: int = 3
    """Retrieval rounds at most (the first one included); simple questions stop after one."""
    token_budget: int = 2500
    """Tokens of passages packed into the compose prompt (cl100k estimate, see agent/budget.py)."""
    max_context_passages: int = 12
    search_mode: SearchMode | None = None
    rerank: bool | None = None
    filters: Filters | None = None
    support_threshold: float = 0.55
    """Extractive verification: least claim/quote embedding similarity for a supported claim."""
    min_answer_score: float = 0.3
    """Extractive abstention: least score of the sentence that carries the answer."""
    min_chain_coverage: float = 0.0
    """Extractive abstention: least share of the question's words on the chain of named pages (0 = off).

    Measured at 0.4 (the best setting on hotpotqa_train100): abstention on unanswerable twins 72 -> 85 % there with
    false abstention 9 -> 11 %, but on musique_train100 false abstention rose 10 -> 43 % (its questions paraphrase
    their passages). It does not generalise, so it is off by default."""
    require_answer_type: bool = False
    """Extractive abstention: a question that asks for a type (who -> a person, when -> a date...) is not answered
    with a span of another type when no passage offers one of the asked type.

    Measured on the training sets: no change on hotpotqa_train100, and on musique_train100 F1 8.8 -> 8.3 with false
    abstention 9 -> 10 % and twin abstention unchanged (68 %): almost every context holds some entity of the asked
    type, so the rule rarely fires and then mostly on answerable questions. Off by default."""
    require_mentions: bool = True
    """Extractive abstention: every person, work, organisation or local place the question names must be mentioned in
    some passage of the context (extractive/grounding.py, `unmentioned`).

    Measured (stop 14): unanswerable twins abstained HotpotQA 72 -> 82 %, MuSiQue 68 -> 87 %, 2Wiki 85 -> 92 %, false
    abstention 7 -> 9, 9 -> 10, 2 -> 2 %. MoreHopQA's false abstention rises 8 -> 15 %: its questions name people
    only to count the letters of their names, which no passage holds (those answers were all wrong before)."""
    max_revisions: int = 1
