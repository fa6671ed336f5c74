"""Metadata filters: validation and the typed filter terms every index backend matches on.

Every backend stores, beside a chunk, a list of `filter_terms` such as `doc_id=s:a1` or `meta.year=n:2020`,
and a filter becomes an AND of exact term matches on that one field. So the semantics are identical in
qdrant-edge, Qdrant, tantivy and Elasticsearch:

- `doc_id`, `source`, `title` address the chunk's own (string) fields; numbers given for them are compared
  as their text, so `--filter doc_id=123` finds the document "123".
- any other key addresses `chunk.meta[key]`; strings match case-sensitively, bools only bools, and numbers
  numerically (`1 == 1.0`, but `1 != True` and `1 != "1"`).
- a key no chunk has matches nothing.

(A single term field also sidesteps a qdrant-edge 0.9 bug: `MatchValue(True)` is sent as the integer 1.)
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from tools.errors import InvalidFilterError
from tools.types import Chunk, Filters, MetaValue

FILTER_FIELD = "filter_terms"
TOP_LEVEL = ("doc_id", "source", "title")
MAX_KEY = 128
MAX_VALUE = 1024
_BAD_KEY = re.compile(r"[\s.=\[\]\"\x00-\x1f]")


def _canonical(value: MetaValue) -> str:
    """Typed text of a value: `s:` strings, `b:` bools, `n:` numbers (integral floats written as ints)."""
    if isinstance(value, bool):
        return "b:true" if value else "b:false"
    if isinstance(value, int):
        return f"n:{value}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return f"n:{int(value)}"
        return f"n:{value!r}"
    return f"s:{value}"


def _as_text(value: MetaValue) -> str:
    """A number or bool given for a string field, as the text a user would have typed."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _term(key: str, value: MetaValue) -> str:
    if key in TOP_LEVEL:
        return f"{key}=s:{_as_text(value)}"
    return f"meta.{key}={_canonical(value)}"


def validate_filters(filters: Filters | None) -> dict[str, MetaValue]:
    """Check a filter mapping and return it as a plain dict (empty for None).

    Raises:
        InvalidFilterError: not a mapping, an empty or malformed key, or a value that is not
            a string, int, finite float or bool.
    """
    if filters is None:
        return {}
    if not isinstance(filters, Mapping):
        raise InvalidFilterError(f"filters must be a mapping of key -> value, got {type(filters).__name__}")
    out: dict[str, MetaValue] = {}
    for key, value in filters.items():
        if not isinstance(key, str) or not key.strip():
            raise InvalidFilterError(f"filter keys must be non-empty strings, got {key!r}")
        if len(key) > MAX_KEY or _BAD_KEY.search(key):
            raise InvalidFilterError(
                f"invalid filter key {key!r}: use at most {MAX_KEY} characters, without spaces, '.', '=', "
                "brackets, quotes or control characters"
            )
        if not isinstance(value, str | int | float | bool):
            raise InvalidFilterError(
                f"filter {key!r} has a {type(value).__name__} value; only exact matches on a string, number "
                "or bool are supported (no lists, objects or null)"
            )
        if isinstance(value, float) and not math.isfinite(value):
            raise InvalidFilterError(f"filter {key!r} must be a finite number, got {value!r}")
        if isinstance(value, str) and len(value) > MAX_VALUE:
            raise InvalidFilterError(f"filter {key!r} has a value longer than {MAX_VALUE} characters")
        out[key] = value
    return out


def filter_terms(filters: Filters | None) -> list[str]:
    """The terms a chunk must all carry to pass `filters` (validated first)."""
    return [_term(k, v) for k, v in validate_filters(filters).items()]


def chunk_terms(chunk: Chunk) -> list[str]:
    """The terms stored with a chunk; meta values that are not scalars are not filterable and are skipped."""
    terms = [_term(k, getattr(chunk, k)) for k in TOP_LEVEL]
    for key, value in chunk.meta.items():
        if key in TOP_LEVEL:  # shadowed: a filter on these keys addresses the chunk's own field
            continue
        if isinstance(value, str | int | float | bool) and not (isinstance(value, float) and not math.isfinite(value)):
            terms.append(_term(key, value))
    return terms


def stored_payload(chunk: Chunk) -> dict[str, Any]:
    """The chunk's payload plus its filter terms: what every backend stores beside the vector / text."""
    return {**chunk.payload(), FILTER_FIELD: chunk_terms(chunk)}


__all__ = ["FILTER_FIELD", "chunk_terms", "filter_terms", "stored_payload", "validate_filters"]
