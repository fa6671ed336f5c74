"""LangChain tools over the injected searcher: `search_passages` and `get_passage`, written for an LLM to call.

A bad call (empty query, unknown collection or passage, a backend that is down) returns a message that says
how to recover instead of raising, so the model can correct itself; hits also travel as the tool's artifact.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from langchain_core.tools import StructuredTool
from pydantic import BaseModel, Field, ValidationError

from tools.catalog import Catalog
from tools.errors import BackendError, CollectionNotFoundError, InputError, NotFoundError
from tools.hybrid import DenseStore
from tools.types import Chunk, Filters, SearchHit, SearchMode

SEARCH_DESCRIPTION = """Search the document collection for passages relevant to a query.

Use it once per fact you need: for a multi-hop question, search for the first fact, read the result, then search
again with the name or entity you learned (e.g. first "author of The Quiet Ledger", then "Mara Okafor company").
Write short, specific queries with the key names; do not paste the whole question when it asks for several facts.
mode: "hybrid" (default, best in general), "bm25" for exact names, codes or rare words, "dense" for paraphrases.
Each result starts with [n] and `id=...`: cite passages by that id, and pass it to get_passage to read more."""

PASSAGE_DESCRIPTION = """Read one passage in full by the id that search_passages printed (`id=...`).

Use it when a search result was cut short or to quote a passage exactly for a citation."""


class Searcher(Protocol):
    """HybridSearcher, or any object with its `search()` (e.g. the Redis-cached searcher)."""

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


class SearchArgs(BaseModel):
    query: str = Field(description="What to look for: a short question or the key names and words")
    k: int = Field(5, ge=1, le=20, description="How many passages to return (1-20)")
    mode: SearchMode = Field("hybrid", description='"hybrid", "bm25" or "dense"')
    collection: str | None = Field(None, description="Collection to search; leave empty for the default one")


class PassageArgs(BaseModel):
    passage_id: str = Field(description="The id=... of a passage, as printed by search_passages")
    collection: str | None = Field(None, description="Collection holding it; leave empty for the default one")


def _head(chunk: Chunk) -> str:
    page = f", page {chunk.page}" if chunk.page is not None else ""
    return f"id={chunk.chunk_id} | {chunk.title} | {chunk.source}{page}, chars {chunk.start}-{chunk.end}"


def format_hits(hits: Sequence[SearchHit], max_chars: int | None = None) -> str:
    """Numbered passages with the id to cite, title, source, page and span; text cut at `max_chars` if given."""
    blocks = []
    for n, h in enumerate(hits, start=1):
        text = h.chunk.text
        if max_chars is not None and len(text) > max_chars:
            text = text[:max_chars].rstrip() + " [...]"
        blocks.append(f"[{n}] {_head(h.chunk)} | score {h.score:.4g}\n{text}")
    return "\n\n".join(blocks)


def build_llm_tools(
    searcher: Searcher,
    *,
    catalog: Catalog,
    dense: DenseStore | None = None,
    default_collection: str | None = None,
    max_chars: int | None = None,
) -> list[StructuredTool]:
    """The search tools for an agent, bound to injected services.

    Args:
        searcher: runs the searches (HybridSearcher or the cached one).
        catalog: names the collections, so a wrong name gets the list of right ones.
        dense: looks passages up by id for `get_passage`; None leaves that tool out.
        default_collection: searched when the model names none.
        max_chars: cut each search result's text here (get_passage always returns all of it).
    """
    store = dense

    def resolve(name: str | None) -> tuple[str | None, str]:
        """The collection to use, or None and a message listing the ones that exist."""
        chosen = name or default_collection
        if chosen and catalog.exists(chosen):
            return chosen, ""
        return None, missing(chosen)

    def missing(chosen: str | None) -> str:
        known = ", ".join(sorted(i.name for i in catalog.list_collections())) or "none (ingest documents first)"
        what = f"Collection {chosen!r} does not exist." if chosen else "No collection was given."
        return f"{what} Available collections: {known}. Call again with one of them as `collection`."

    def search_passages(
        query: str, k: int = 5, mode: SearchMode = "hybrid", collection: str | None = None
    ) -> tuple[str, list[dict[str, Any]]]:
        name, problem = resolve(collection)
        if name is None:
            return problem, []
        try:
            hits = searcher.search(query, name, mode=mode, k=k)
        except InputError as e:
            return f"Bad search: {e}. Call again with a non-empty, shorter query (key names and words).", []
        except CollectionNotFoundError:
            return missing(name), []  # dropped between the check and the search
        except BackendError as e:
            return f"Search is unavailable right now ({e}). Answer from passages already found, or say so.", []
        if not hits:
            return f"No passages matched {query!r}. Try other words, a name spelled differently, or mode bm25.", []
        return format_hits(hits, max_chars), [h.as_dict() for h in hits]

    def get_passage(passage_id: str, collection: str | None = None) -> tuple[str, list[dict[str, Any]]]:
        name, problem = resolve(collection)
        if name is None or store is None:
            return problem, []
        try:
            chunk = store.index(name).get(passage_id.strip())
        except (NotFoundError, BackendError) as e:
            return f"Could not read passages ({e}). Use the search results you already have.", []
        if chunk is None:
            return (
                f"No passage has id {passage_id!r} in {name!r}. Use an id exactly as search_passages printed it "
                "(the text after `id=`), or search again.",
                [],
            )
        hit = SearchHit(chunk=chunk, score=0.0, scores={})
        return f"{_head(chunk)}\n{chunk.text}", [hit.as_dict()]

    def invalid(e: ValidationError) -> str:
        fields = "; ".join(f"{'.'.join(map(str, err['loc']))}: {err['msg']}" for err in e.errors())
        return f"Invalid arguments ({fields}). Fix them and call again."

    tools = [
        StructuredTool.from_function(
            search_passages,
            name="search_passages",
            description=SEARCH_DESCRIPTION,
            args_schema=SearchArgs,
            response_format="content_and_artifact",
            handle_validation_error=invalid,
        )
    ]
    if store is not None:
        tools.append(
            StructuredTool.from_function(
                get_passage,
                name="get_passage",
                description=PASSAGE_DESCRIPTION,
                args_schema=PassageArgs,
                response_format="content_and_artifact",
                handle_validation_error=invalid,
            )
        )
    return tools


__all__ = ["PASSAGE_DESCRIPTION", "SEARCH_DESCRIPTION", "PassageArgs", "SearchArgs", "build_llm_tools", "format_hits"]
