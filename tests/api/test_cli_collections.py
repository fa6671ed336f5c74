"""`sleuth collections list | stats | delete` as a subprocess over a real data dir."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from apitest import make_settings, seed

from api.container import Container

SLEUTH = str(Path(sys.executable).with_name("sleuth"))


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SLEUTH_DATA_DIR": str(tmp_path), "SLEUTH_EMBEDDER": "minilm-int8", "COLUMNS": "200"}
    return subprocess.run([SLEUTH, "collections", *args], env=env, capture_output=True, text=True, timeout=120)


def test_list_stats_delete(tmp_path: Path) -> None:
    c = Container(make_settings(tmp_path, None))
    seed(c, "cli-one")
    c.close()
    listed = run(tmp_path, "list")
    assert listed.returncode == 0 and "cli-one" in listed.stdout and " 3 " in listed.stdout
    stats = run(tmp_path, "stats", "cli-one")
    assert "3 documents" in stats.stdout and "bridge.txt" in stats.stdout
    missing = run(tmp_path, "stats", "nope")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
    assert run(tmp_path, "delete", "cli-one", "--yes").returncode == 0
    assert "cli-one" not in run(tmp_path, "list").stdout
