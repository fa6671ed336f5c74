"""Collections: create, list (only those the key may see), stats, delete."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from api.deps import CatalogDep, CollectionDep, ContainerDep, PrincipalDep
from api.errors import ERROR_RESPONSES, ApiError, ErrorBody
from tools.catalog import CollectionInfo, validate_collection_name

router = APIRouter(prefix="/v1/collections", tags=["collections"], responses=ERROR_RESPONSES)


class CollectionIn(BaseModel):
    name: str = Field(
        min_length=1, max_length=64, pattern=r"^[a-z0-9][a-z0-9_-]*$", examples=["handbook"], description="Name"
    )


class CollectionOut(BaseModel):
    name: str = Field(examples=["handbook"])
    version: int = Field(description="Bumped on every change; caches are keyed by it", examples=[3])
    embedder_id: str = Field(examples=["minilm-int8"])
    dim: int = Field(examples=[384])
    created_at: float
    n_documents: int = Field(examples=[12])
    n_chunks: int = Field(examples=[340])

    @classmethod
    def of(cls, info: CollectionInfo) -> CollectionOut:
        return cls(**info.__dict__)


class CollectionList(BaseModel):
    collections: list[CollectionOut]


@router.post(
    "",
    status_code=status.HTTP_201_CREATED,
    response_model=CollectionOut,
    summary="Create a collection",
    responses={403: {"model": ErrorBody, "description": "The name is outside this key's collections"}},
)
def create_collection(body: CollectionIn, who: PrincipalDep, c: ContainerDep) -> CollectionOut:
    """Idempotent. A name outside the key's scope is refused with 403: the scope is a name pattern, so the
    refusal reveals nothing about which collections exist."""
    name = validate_collection_name(body.name)
    if not who.can_see(name):
        raise ApiError(403, "collection_out_of_scope", f"this API key may not create {name!r}")
    return CollectionOut.of(c.catalog.create_collection(name, c.embedder.model_id, c.embedder.dim))


@router.get("", response_model=CollectionList, summary="List the collections this key can see")
def list_collections(who: PrincipalDep, catalog: CatalogDep) -> CollectionList:
    infos = [i for i in catalog.list_collections() if who.can_see(i.name)]
    return CollectionList(collections=[CollectionOut.of(i) for i in infos])


@router.get("/{name}", response_model=CollectionOut, summary="One collection's stats")
def collection_stats(info: CollectionDep) -> CollectionOut:
    return CollectionOut.of(info)


@router.delete("/{name}", status_code=status.HTTP_204_NO_CONTENT, summary="Delete a collection and its indexes")
def delete_collection(info: CollectionDep, c: ContainerDep) -> None:
    # Indexes first: a failure leaves the catalog entry, so the delete can be retried.
    c.dense_store.drop(info.name)
    c.keyword_store.drop(info.name)
    c.catalog.drop_collection(info.name)
