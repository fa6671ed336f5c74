"""A non-editable install (as in the Docker image) imports from its own copy and carries the re-ranker bundle."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tools.rerank_onnx import BUNDLED_DIR, load_bundled_reranker

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("agent", "tools", "graphs", "api")


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("site")
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation", "--target", str(target)]
    subprocess.run([*pip, str(ROOT)], check=True, capture_output=True)
    return target


def run_installed(target: Path, code: str) -> list[str]:
    """Run `code` from an empty directory so the repo checkout is not on sys.path: only the installed copy answers."""
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=target.parent,
        env={"PYTHONPATH": str(target), "PATH": ""},
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\n")


def test_packages_import_from_an_installed_copy(installed: Path) -> None:
    code = (
        "import importlib, sys; "
        f"mods = [importlib.import_module(n) for n in {PACKAGES!r}]; "
        "print('\\n'.join(m.__file__ for m in mods))"
    )
    out = [line for line in run_installed(installed, code) if line]
    assert len(out) == len(PACKAGES)
    for name, path in zip(PACKAGES, out, strict=True):
        assert Path(path).is_relative_to(installed / name), f"{name} imported from {path}, not the installed copy"


@pytest.mark.skipif(not (BUNDLED_DIR / "model.onnx").exists(), reason="no bundled re-ranker")
def test_an_installed_copy_ships_and_loads_the_reranker(installed: Path) -> None:
    """The wheel must carry the model, or `--rerank` would silently fall back to pass-through."""
    code = (
        "import tools.rerank_onnx as r; m = r.load_bundled_reranker(threads=1); "
        "print(r.__file__); print(m.name); print(m.score('Who directed Jaws?', ['Jaws is a film by Spielberg.'])[0])"
    )
    out = run_installed(installed, code)
    assert Path(out[0]).is_relative_to(installed)
    assert out[1].startswith("sleuth-minilm-l6-ce@")  # with its checksum
    here = load_bundled_reranker(threads=1)
    assert here is not None
    assert float(out[2]) == pytest.approx(here.score("Who directed Jaws?", ["Jaws is a film by Spielberg."])[0])
    shipped = installed / "models" / "reranker"
    assert sorted(p.name for p in shipped.iterdir()) == sorted(p.name for p in BUNDLED_DIR.iterdir())
