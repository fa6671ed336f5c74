"""Sleuth's error tree; layers catch these narrow types at their boundaries.

SleuthError
├── InputError                 the caller's fault: fix the input and retry (HTTP 4xx)
│   ├── EmptyQueryError
│   ├── QueryTooLongError
│   ├── InvalidFilterError
│   └── DocumentError          one file could not be loaded (corrupt, empty, binary, too big)
├── NotFoundError              (HTTP 404)
│   ├── CollectionNotFoundError
│   └── PassageNotFoundError
├── BackendError               a service is down or misbehaving (HTTP 503)
│   ├── DenseBackendError
│   ├── KeywordBackendError
│   ├── CacheBackendError
│   └── LLMBackendError
└── ConfigurationError         settings are missing or contradictory (fail fast at start-up)
"""

from __future__ import annotations


class SleuthError(Exception):
    """Base of every error Sleuth raises on purpose."""

    code = "sleuth_error"


class InputError(SleuthError):
    code = "invalid_input"


class EmptyQueryError(InputError):
    code = "empty_query"


class QueryTooLongError(InputError):
    code = "query_too_long"


class InvalidFilterError(InputError):
    code = "invalid_filter"


class DocumentError(InputError):
    """A file that cannot be ingested; `path` names it and the message gives the reason."""

    code = "bad_document"

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class NotFoundError(SleuthError):
    code = "not_found"


class CollectionNotFoundError(NotFoundError):
    code = "collection_not_found"

    def __init__(self, name: str) -> None:
        super().__init__(f"collection {name!r} does not exist (create it with `sleuth ingest ... --collection {name}`)")
        self.name = name


class PassageNotFoundError(NotFoundError):
    code = "passage_not_found"


class BackendError(SleuthError):
    code = "backend_unavailable"


class DenseBackendError(BackendError):
    code = "dense_backend_unavailable"


class KeywordBackendError(BackendError):
    code = "keyword_backend_unavailable"


class CacheBackendError(BackendError):
    code = "cache_unavailable"


class LLMBackendError(BackendError):
    code = "llm_unavailable"


class ConfigurationError(SleuthError):
    code = "configuration_error"


__all__ = [
    "BackendError",
    "CacheBackendError",
    "CollectionNotFoundError",
    "ConfigurationError",
    "DenseBackendError",
    "DocumentError",
    "EmptyQueryError",
    "InputError",
    "InvalidFilterError",
    "KeywordBackendError",
    "LLMBackendError",
    "NotFoundError",
    "PassageNotFoundError",
    "QueryTooLongError",
    "SleuthError",
]
