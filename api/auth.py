"""API keys: stored as sha256 digests in settings, each scoped to its tenant's collections.

No configured keys means auth is off (the local default): every caller sees every collection.
A key never learns that another tenant's collection exists: out-of-scope names answer 404, never 403.
Hash a new key with `python -m api.auth hash KEY`.
"""

from __future__ import annotations

import hashlib
import hmac
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase

from api.errors import ApiError
from api.settings import ApiKeySpec


def hash_key(raw: str) -> str:
    """The sha256 hex digest stored in SLEUTH_API_KEYS in place of the key."""
    return hashlib.sha256(raw.encode()).hexdigest()


@dataclass(frozen=True, kw_only=True)
class Principal:
    """Who is calling: a tenant, its collection patterns (None = all) and its rate limit bucket."""

    tenant: str
    bucket: str
    patterns: tuple[str, ...] | None
    rate_per_minute: int

    def can_see(self, collection: str) -> bool:
        return self.patterns is None or any(fnmatchcase(collection, p) for p in self.patterns)

    def visible(self, names: Iterable[str]) -> list[str]:
        return [n for n in names if self.can_see(n)]


class Authenticator:
    """Resolves a presented key (or none) to a Principal."""

    def __init__(self, keys: Mapping[str, ApiKeySpec], default_rate: int) -> None:
        self.keys = {k.lower(): v for k, v in keys.items()}
        self.default_rate = default_rate

    @property
    def enabled(self) -> bool:
        return bool(self.keys)

    def authenticate(self, raw_key: str | None, client: str) -> Principal:
        """Raises ApiError(401) when auth is on and the key is missing or unknown."""
        if not self.enabled:
            return Principal(tenant="local", bucket=f"ip:{client}", patterns=None, rate_per_minute=self.default_rate)
        if not raw_key:
            raise ApiError(401, "missing_api_key", "send an API key: 'Authorization: Bearer KEY' or 'X-API-Key: KEY'")
        digest = hash_key(raw_key)
        # Constant-time comparison so response timing does not reveal how much of a digest matched.
        spec = next((s for h, s in self.keys.items() if hmac.compare_digest(h, digest)), None)
        if spec is None:
            raise ApiError(401, "invalid_api_key", "unknown API key", headers={"WWW-Authenticate": "Bearer"})
        patterns = None if "*" in spec.collections else tuple(spec.collections)
        rate = spec.rate_per_minute or self.default_rate
        return Principal(tenant=spec.tenant, bucket=f"key:{digest[:16]}", patterns=patterns, rate_per_minute=rate)


def key_from_headers(headers: Mapping[str, str]) -> str | None:
    """The key from `Authorization: Bearer KEY` or `X-API-Key: KEY`.

    Every credential presented must be usable: a malformed Authorization header, or two different keys,
    is a 401 rather than silently falling back to the other header.
    """
    auth = headers.get("authorization")
    header = headers.get("x-api-key") or None
    if auth is None:
        return header
    scheme, _, bearer = auth.partition(" ")
    if scheme.lower() != "bearer" or not bearer.strip():
        raise ApiError(401, "invalid_api_key", "the Authorization header must be 'Bearer KEY'")
    if header is not None and header != bearer.strip():
        raise ApiError(401, "invalid_api_key", "Authorization and X-API-Key carry different keys")
    return bearer.strip()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "hash":
        sys.exit("usage: python -m api.auth hash KEY")
    print(hash_key(sys.argv[2]))
