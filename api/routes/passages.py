"""One passage by chunk id, for citation pop-ups; looked up only in collections the key can see."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from api.deps import CatalogDep, ContainerDep, PrincipalDep
from api.errors import ERROR_RESPONSES, not_found

router = APIRouter(prefix="/v1/passages", tags=["passages"], responses=ERROR_RESPONSES)


class PassageOut(BaseModel):
    collection: str
    chunk_id: str
    doc_id: str
    title: str
    source: str
    page: int | None
    start: int = Field(description="Character offset of the passage in its document")
    end: int
    text: str
    meta: dict[str, Any]


@router.get("/{chunk_id}", response_model=PassageOut, summary="Fetch a passage (e.g. a citation's)")
def get_passage(
    chunk_id: str,
    who: PrincipalDep,
    catalog: CatalogDep,
    c: ContainerDep,
    collection: Annotated[str | None, Query(description="Look only here (faster); default: every visible one")] = None,
) -> PassageOut:
    names = [collection] if collection else [i.name for i in catalog.list_collections()]
    for name in who.visible(names):
        if not catalog.exists(name):
            continue
        chunk = c.dense_store.index(name).get(chunk_id)
        if chunk is not None:
            return PassageOut(collection=name, **chunk.payload())
    raise not_found("passage")
