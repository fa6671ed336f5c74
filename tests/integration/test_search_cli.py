"""`sleuth search` end to end through the CLI on a tiny real collection (qdrant-edge, tantivy, MiniLM int8)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import get_settings

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
runner = CliRunner()

DOCS = {
    "ferries/ferry.md": "# Ferry\n\nThe Skarn ferry leaves Port Ellery twice a day and crosses the sound in 40 min.",
    "ferries/timetable.txt": "Winter timetable: the first boat to Skarn sails at 07:10, the last returns at 18:45.",
    "birds/puffins.md": "# Puffins\n\nAtlantic puffins nest on the cliffs of Skarn from April to August.",
    "birds/gulls.txt": "Herring gulls follow the fishing boats into the harbour of Port Ellery all year.",
}


def _run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _search(*args: str) -> list[dict]:
    code, out, err = _run("search", *args, "--json")
    assert code == 0, err
    return json.loads(out)["hits"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Two folders ingested with different --meta, plus a three-page PDF cut small so chunks fall on pages 2 and 3."""
    root = tmp_path_factory.mktemp("search-cli")
    for name, text in DOCS.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    shutil.copy(FIXTURES / "three_pages.pdf", root / "ferries" / "harbour.pdf")
    mp = pytest.MonkeyPatch()
    mp.setenv("SLEUTH_DATA_DIR", str(root / "data"))
    mp.setenv("SLEUTH_EMBEDDER", "minilm-int8")
    mp.setenv("SLEUTH_EMBED_WORKERS", "1")
    get_settings.cache_clear()
    small = ("--chunk-tokens", "16", "--chunk-overlap", "0")
    for folder in ("ferries", "birds"):
        code, out, err = _run("ingest", str(root / folder), "-c", "isles", "--meta", f"topic={folder}", *small)
        assert code == 0, out + err
    yield root
    mp.undo()
    get_settings.cache_clear()


@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_each_mode_finds_the_passage_and_reports_its_stages(corpus: Path, mode: str) -> None:
    hits = _search("When do puffins nest on the cliffs?", "-c", "isles", "--mode", mode, "-k", "3")
    assert 1 <= len(hits) <= 3
    top = hits[0]
    assert top["title"] == "puffins" and top["source"] == str(corpus / "birds" / "puffins.md")
    assert top["meta"]["topic"] == "birds"
    expected = {"hybrid": {"dense", "bm25", "rrf"}, "dense": {"dense"}, "bm25": {"bm25"}}[mode]
    assert set(top["scores"]) == expected, "a puffin query ranks the puffin passage in both lists"
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    if mode == "hybrid":
        assert all(h["score"] == h["scores"]["rrf"] for h in hits)


def test_hit_span_and_page_point_into_the_document(corpus: Path) -> None:
    [hit] = _search("Who was the keeper of the lighthouse?", "-c", "isles", "-k", "1")
    assert hit["title"] == "harbour" and hit["page"] == 2
    assert "Ada Morrow" in hit["text"] and hit["end"] - hit["start"] == len(hit["text"])
    code, out, _ = _run("search", "Who was the keeper of the lighthouse?", "-c", "isles", "-k", "1")
    assert code == 0
    assert "harbour" in out and "page 2" in out and f"chars {hit['start']}-{hit['end']}" in out
    assert hit["chunk_id"] in out and hit["doc_id"] in out


def test_filter_and_k(corpus: Path) -> None:
    hits = _search("Skarn", "-c", "isles", "--filter", "topic=ferries", "-k", "10")
    assert hits and {h["meta"]["topic"] for h in hits} == {"ferries"}
    assert "puffins" not in {h["title"] for h in hits}
    assert len(_search("Skarn", "-c", "isles", "-k", "2")) == 2
    assert _search("Skarn", "-c", "isles", "--filter", "topic=whales") == []


def test_rerank_without_a_model_says_it_is_a_pass_through(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("tools.rerank_onnx.load_bundled_reranker", lambda *a, **kw: None)
    code, out, err = _run("search", "ferry to Skarn", "-c", "isles", "--rerank", "--json")
    assert code == 0 and "no re-ranker model is installed" in " ".join(err.split())
    plain = _search("ferry to Skarn", "-c", "isles", "--no-rerank")
    assert [h["chunk_id"] for h in json.loads(out)["hits"]] == [h["chunk_id"] for h in plain]
    assert json.loads(out)["rerank"] is False


def test_bad_calls_exit_2_with_a_reason(corpus: Path) -> None:
    code, _, err = _run("search", "   ", "-c", "isles")
    assert code == 2 and "query is empty" in err
    code, _, err = _run("search", "ferry", "-c", "atlantis")
    assert code == 2 and "'atlantis' does not exist" in err
    code, _, err = _run("search", "ferry", "-c", "isles", "--filter", "novalue")
    assert code == 2 and "key=value" in err
    assert _run("search", "ferry", "-c", "isles", "--mode", "fuzzy")[0] == 2
