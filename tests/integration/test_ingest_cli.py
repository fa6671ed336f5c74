"""`sleuth ingest` / `sleuth delete` end to end through the CLI (real stores, MiniLM int8), with exit statuses."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.container import Container
from api.settings import get_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Point the CLI's settings at a scratch data dir (settings are read from the environment, and cached)."""
    monkeypatch.setenv("SLEUTH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SLEUTH_EMBEDDER", "minilm-int8")
    monkeypatch.setenv("SLEUTH_EMBED_WORKERS", "1")
    get_settings.cache_clear()
    yield tmp_path / "data"
    get_settings.cache_clear()


def _run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def _docs(collection: str) -> list[dict]:
    code, out = _run("collections", "stats", collection)
    assert code == 0, out
    return [line for line in out.splitlines() if line.startswith("  ")]  # type: ignore[misc]


def test_ingest_json_report_then_unchanged_then_changed(data_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "keeper.md").write_text("# Keeper\n\nAda Morrow kept the Skarn lighthouse from 1891 to 1921.\n")
    shutil.copy(FIXTURES / "three_pages.pdf", corpus / "harbour.pdf")
    code, out = _run(
        "ingest", str(corpus), "--collection", "cli", "--meta", "team=docs", "--meta", "year=2024", "--json"
    )
    assert code == 0, out
    report = json.loads(out[out.index("{") :])
    assert report["ok"] and report["added"] == 2 and report["n_chunks"] >= 2 and report["failures"] == []

    code, out = _run("ingest", str(corpus), "-c", "cli", "--meta", "team=docs", "--meta", "year=2024", "--json")
    assert code == 0 and json.loads(out[out.index("{") :])["unchanged"] == 2

    c = Container(get_settings())
    try:
        [hit] = c.keyword_store.index("cli").search("Skarn lighthouse keeper", 1)
        assert hit.chunk.title == "keeper" and hit.chunk.meta == {"format": "markdown", "team": "docs", "year": 2024}
    finally:
        c.close()

    code, out = _run("ingest", str(corpus), "-c", "cli", "--chunking", "fixed", "--chunk-tokens", "16", "--json")
    changed = json.loads(out[out.index("{") :])
    assert code == 0 and changed["updated"] == 2, "a new chunking re-cuts unchanged files"
    assert changed["n_chunks"] > report["n_chunks"]


def test_failed_files_give_exit_1_and_keep_the_rest(data_dir: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("The ferry to Skarn leaves twice a day.")
    code, out = _run("ingest", str(good), str(FIXTURES / "corrupt.pdf"), str(FIXTURES / "random.bin"), "-c", "cli")
    assert code == 1
    assert "corrupt.pdf" in out and "corrupt PDF" in out and "binary file" in out
    assert len(_docs("cli")) == 1


def test_usage_errors_give_exit_2(data_dir: Path, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("text")
    assert _run("ingest", str(tmp_path / "a.txt"), "-c", "Bad Name!")[0] == 2
    assert _run("ingest", str(tmp_path / "a.txt"), "-c", "ok", "--meta", "novalue")[0] == 2
    assert _run("ingest", str(tmp_path / "a.txt"), "-c", "ok", "--chunk-tokens", "32", "--chunk-overlap", "40")[0] == 2
    assert _run("delete", "-c", "ok")[0] == 2, "neither ids nor --source"


def test_delete_by_id_and_by_source_and_prune(data_dir: Path, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "sub/c.txt", "sub/d.txt"):
        (corpus / name).write_text(f"Document {name} mentions the harbour of Port Ellery.")
    assert _run("ingest", str(corpus), "-c", "cli")[0] == 0
    ids = {line.split()[1]: line.split()[0] for line in _docs("cli")}  # title -> doc_id
    assert set(ids) == {"a", "b", "c", "d"}

    code, out = _run("delete", "-c", "cli", ids["a"], "--json")
    assert code == 0 and json.loads(out)["deleted"] == 1
    code, out = _run("delete", "-c", "cli", ids["a"])
    assert code == 1 and "not found" in out
    code, out = _run("delete", "-c", "cli", "--source", str(corpus / "sub"), "--json")
    assert code == 0 and json.loads(out)["deleted"] == 2
    assert [line.split()[1] for line in _docs("cli")] == ["b"]

    assert _run("ingest", str(corpus), "-c", "cli")[0] == 0
    (corpus / "b.txt").unlink()
    code, out = _run("ingest", str(corpus), "-c", "cli", "--prune", "--json")
    assert code == 0 and json.loads(out[out.index("{") :])["deleted"] == 1
    assert sorted(line.split()[1] for line in _docs("cli")) == ["a", "c", "d"]
