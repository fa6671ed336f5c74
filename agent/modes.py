"""Which way of thinking answers a run: Claude, a local chat model, or the LLM-free extractive path."""

from __future__ import annotations

from typing import TYPE_CHECKING

from agent.schemas import Mode
from tools.errors import ConfigurationError

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from agent.context import Context


def resolve_mode(ctx: Context) -> Mode:
    """`auto` is Claude when a chat model is injected, else extractive; an explicit mode needs its model."""
    deps = ctx.deps
    if ctx.mode == "auto":
        return "claude" if deps.chat_model is not None else "extractive"
    if ctx.mode == "claude" and deps.chat_model is None:
        raise ConfigurationError("mode 'claude' needs ANTHROPIC_API_KEY (or SLEUTH_ANTHROPIC_API_KEY) to be set")
    if ctx.mode == "local" and deps.local_model is None:
        raise ConfigurationError("mode 'local' needs a local chat model; none is installed (see README, Local model)")
    return ctx.mode


def chat_model(ctx: Context, mode: Mode) -> BaseChatModel:
    """The chat model that thinks in `mode` (never called for extractive)."""
    model = ctx.deps.chat_model if mode == "claude" else ctx.deps.local_model
    if model is None:
        raise ConfigurationError(f"no chat model for mode {mode!r}")
    return model


def method(ctx: Context, mode: Mode) -> str:
    """How `mode`'s model returns structured outputs: Claude as configured; a local model by a forced tool call."""
    return ctx.deps.structured_output if mode == "claude" else "function_calling"
