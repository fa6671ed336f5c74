"""Annotated dependency aliases: routes get the container's clients, the caller and its collection from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Path, Request, Security
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from api.auth import Authenticator, Principal, key_from_headers
from api.container import Container
from api.errors import not_found
from api.feedback import FeedbackStore
from api.jobs import JobManager
from api.ratelimit import RateLimiter
from tools.cache import CachedSearcher, RedisCache
from tools.catalog import Catalog, CollectionInfo


@dataclass(frozen=True, kw_only=True)
class Services:
    """What the lifespan builds once for the HTTP adapters, beside the container."""

    container: Container
    auth: Authenticator
    limiter: RateLimiter
    jobs: JobManager


def get_services(request: Request) -> Services:
    services: Services = request.app.state.services
    return services


ServicesDep = Annotated[Services, Depends(get_services)]


def get_container(s: ServicesDep) -> Container:
    return s.container


ContainerDep = Annotated[Container, Depends(get_container)]


def get_catalog(c: ContainerDep) -> Catalog:
    return c.catalog


def get_searcher(c: ContainerDep) -> CachedSearcher:
    return c.cached_searcher


def get_cache(c: ContainerDep) -> RedisCache:
    return c.cache


CatalogDep = Annotated[Catalog, Depends(get_catalog)]
SearcherDep = Annotated[CachedSearcher, Depends(get_searcher)]
CacheDep = Annotated[RedisCache, Depends(get_cache)]


def get_jobs(s: ServicesDep) -> JobManager:
    return s.jobs


def get_feedback(c: ContainerDep) -> FeedbackStore:
    return c.feedback


JobsDep = Annotated[JobManager, Depends(get_jobs)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]

# Declared so the OpenAPI documents both ways of sending a key; neither is required when auth is off.
_bearer = HTTPBearer(auto_error=False, description="API key as a bearer token")
_header = APIKeyHeader(name="X-API-Key", auto_error=False, description="API key header")


def get_principal(
    request: Request,
    s: ServicesDep,
    bearer: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
    header: Annotated[str | None, Security(_header)],
) -> Principal:
    """Authenticate the caller and count the request against its rate limit."""
    del bearer, header  # declared for the OpenAPI; read below with the stricter rules of key_from_headers
    key = key_from_headers(request.headers)
    client = request.client.host if request.client else "unknown"
    who = s.auth.authenticate(key, client)
    s.limiter.check(who)
    return who


PrincipalDep = Annotated[Principal, Depends(get_principal)]
CollectionName = Annotated[str, Path(description="Collection name", examples=["handbook"], max_length=64)]


def visible_collection(name: CollectionName, who: PrincipalDep, catalog: CatalogDep) -> CollectionInfo:
    """The collection's info if it exists and this key may see it; otherwise the same 404 either way."""
    if not who.can_see(name) or not catalog.exists(name):
        raise not_found("collection")
    return catalog.require(name)


CollectionDep = Annotated[CollectionInfo, Depends(visible_collection)]
