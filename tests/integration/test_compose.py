"""docker-compose.yml wires the API to Qdrant, Elasticsearch and Redis, with healthchecks gating start-up.

No Docker engine runs here, so this checks the file's structure; the settings names are checked against
the real Settings class so a renamed field cannot silently break the deployment.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from api.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]


def test_four_services_each_with_a_healthcheck() -> None:
    assert set(SERVICES) == {"api", "qdrant", "elasticsearch", "redis"}
    for name, svc in SERVICES.items():
        check = svc.get("healthcheck")
        assert check and check["test"], f"{name} has no healthcheck"
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name


def test_api_waits_for_healthy_backends() -> None:
    depends = SERVICES["api"]["depends_on"]
    assert depends == {name: {"condition": "service_healthy"} for name in ("qdrant", "elasticsearch", "redis")}


def test_api_settings_point_at_the_compose_services() -> None:
    env = SERVICES["api"]["environment"]
    fields = set(Settings.model_fields)
    for var in env:
        if var.startswith("SLEUTH_"):
            assert var.removeprefix("SLEUTH_").lower() in fields, f"{var} is not a Settings field"
    assert env["SLEUTH_QDRANT_URL"] == "http://qdrant:6333"
    assert env["SLEUTH_ELASTICSEARCH_URL"] == "http://elasticsearch:9200"
    assert env["SLEUTH_REDIS_URL"] == "redis://redis:6379/0"
    # The default ports are the ones the backends listen on.
    assert "6333" in str(SERVICES["qdrant"]["healthcheck"]["test"])
    assert "9200" in str(SERVICES["elasticsearch"]["healthcheck"]["test"])


def test_state_lives_in_named_volumes() -> None:
    mounts = {name: [v.split(":")[0] for v in svc.get("volumes", [])] for name, svc in SERVICES.items()}
    for name in ("api", "qdrant", "elasticsearch"):
        assert mounts[name] and set(mounts[name]) <= set(COMPOSE["volumes"]), name
    assert SERVICES["api"]["volumes"] == ["sleuth-data:/data"]
    assert SERVICES["api"]["environment"]["SLEUTH_DATA_DIR"] == "/data"


def test_api_builds_from_the_dockerfile_and_serves_on_8000() -> None:
    assert SERVICES["api"]["build"] == "."
    assert "8000:8000" in SERVICES["api"]["ports"]
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'CMD ["sleuth", "serve", "--host", "0.0.0.0", "--port", "8000"]' in dockerfile
    assert "HEALTHCHECK" in dockerfile and "/readyz" in dockerfile
    # Secrets come from an optional .env at run time, never from the image.
    assert ".env" in (ROOT / ".dockerignore").read_text().split()
    assert "ANTHROPIC_API_KEY" not in str(SERVICES["api"]["environment"])
