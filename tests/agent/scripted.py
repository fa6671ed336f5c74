"""A scripted chat model: replies to each structured-output call from a queue per schema (tool) name.

The agent asks for structured output through forced tool calling (`with_structured_output(method="function_calling")`),
so a reply is a tool call whose arguments are the schema instance. Every call is recorded for the test to inspect.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import Field


class ScriptedChat(BaseChatModel):
    script: dict[str, list[dict[str, Any] | Callable[[str], dict[str, Any]]]] = Field(default_factory=dict)
    """Tool (schema) name -> each successive reply's arguments, or a function of the prompt returning them."""
    calls: list[tuple[str, str]] = Field(default_factory=list)
    """(tool name, the prompt's last message) per call."""
    bound: str | None = None

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(self, tools: Sequence[Any], **kwargs: Any) -> Any:  # type: ignore[override]
        name = convert_to_openai_tool(tools[0])["function"]["name"]
        # A shallow copy shares the script and the call log with this instance.
        return self.model_copy(update={"bound": name})

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        name = self.bound or "text"
        self.calls.append((name, str(messages[-1].content)))
        queue = self.script.get(name)
        if not queue:
            raise AssertionError(f"the script has no reply left for {name}")
        reply = queue.pop(0)
        args = reply(str(messages[-1].content)) if callable(reply) else reply
        msg = AIMessage(
            content="",
            tool_calls=[{"name": name, "args": args, "id": f"call_{len(self.calls)}", "type": "tool_call"}],
            usage_metadata={"input_tokens": 50, "output_tokens": 10, "total_tokens": 60},
        )
        return ChatResult(generations=[ChatGeneration(message=msg)])

    def called(self) -> list[str]:
        return [name for name, _ in self.calls]
