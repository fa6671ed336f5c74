"""Fixtures: a real redis-server, and the real app (bundled minilm-int8 embedder, embedded stores) on tmp dirs."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from apitest import KEYS, make_settings
from fastapi.testclient import TestClient
from sleuth_servers import RedisServer

from api.auth import hash_key
from api.container import Container
from api.main import create_app
from api.settings import Settings


def pytest_addoption(parser: pytest.Parser) -> None:
    # Registered when tests/api is on the command line (this conftest then loads before option parsing).
    parser.addoption(
        "--screenshot",
        default=None,
        help="test_web: also save the answered page here (refresh docs/screenshot.png)",
    )


@pytest.fixture(scope="session")
def redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer) -> Settings:
    return make_settings(tmp_path_factory.mktemp("sleuth"), redis_server.url)


@pytest.fixture(scope="module")
def container(settings: Settings) -> Iterator[Container]:
    c = Container(settings)
    yield c
    c.close()


@pytest.fixture(scope="module")
def client(settings: Settings, container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(settings, container)) as tc:
        yield tc


@pytest.fixture(scope="module")
def auth_client(tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer) -> Iterator[TestClient]:
    """An app with API keys on (two tenants), sharing the session's Redis."""
    keys = {hash_key(k): spec for k, spec in KEYS.items()}
    s = make_settings(tmp_path_factory.mktemp("sleuth-auth"), redis_server.url, api_keys=keys)
    c = Container(s)
    with TestClient(create_app(s, c)) as tc:
        yield tc
    c.close()
