"""`sleuth eval retrieval` end to end on a tiny synthetic data set (real stores, MiniLM int8)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli import app
from api.settings import get_settings
from tools.evaluation.metrics import METRIC_KEYS

runner = CliRunner()
KEYS = [*METRIC_KEYS, "n_queries", "p50_ms", "p95_ms"]

# Every query word below occurs only in its gold passages, except q3's second gold passage (p5), which shares no
# word with q3: BM25 cannot return it, so q3 scores R@k = 1/2 at every k and All@k = 0.
PASSAGES = {
    "p1": ("Quorvath", "Quorvath is a walled town on the Selmaine river, founded by the mason Idrel Vasko."),
    "p2": ("Idrel Vasko", "Idrel Vasko was a mason born in Tiberon who designed bridges and granaries."),
    "p3": ("Ambergate Abbey", "Ambergate Abbey holds a library of nine hundred illuminated psalters."),
    "p4": ("Harrowfen", "Harrowfen is a marsh where the bittern booms each spring."),
    "p5": ("Osgood Lyle", "Osgood Lyle painted eleven watercolours of wetland birds in 1888."),
    "p6": ("Tiberon", "Tiberon is a port city with a lighthouse and a fish market."),
    "p7": ("Granary", "A granary is a storehouse for threshed grain or animal feed."),
    "p8": ("Psalter", "A psalter is a volume containing the Book of Psalms."),
}
QUERIES = [
    ("q1", "Quorvath Selmaine walled town founder Idrel Vasko mason", ["p1", "p2"]),
    ("q2", "Ambergate Abbey library", ["p3"]),
    ("q3", "Harrowfen marsh bittern booms", ["p4", "p5"]),
]


def write_set(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    with (root / "corpus.jsonl").open("w") as f:
        for pid, (title, text) in PASSAGES.items():
            f.write(json.dumps({"id": pid, "title": title, "text": text}) + "\n")
    with (root / "queries.jsonl").open("w") as f:
        for qid, question, gold in QUERIES:
            titles = [PASSAGES[g][0] for g in gold]
            row = {"id": qid, "question": question, "answers": [], "gold_ids": gold, "gold_titles": titles}
            f.write(json.dumps(row) + "\n")
    return root


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("SLEUTH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SLEUTH_EMBEDDER", "minilm-int8")
    monkeypatch.setenv("SLEUTH_EMBED_WORKERS", "1")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def run_json(*args: str) -> dict:
    result = runner.invoke(app, ["eval", "retrieval", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_bm25_json_has_exactly_the_keys_and_the_expected_values(env: Path) -> None:
    data = write_set(env / "tiny")
    out = run_json(str(data), "--mode", "bm25", "--no-rerank")
    assert list(out) == KEYS
    # q1 and q2 perfect; q3 finds p4 first and never p5.
    assert out["n_queries"] == 3
    assert out["R@2"] == out["R@5"] == out["R@10"] == pytest.approx(100 * (1 + 1 + 0.5) / 3, abs=0.05)
    assert out["All@5"] == out["All@10"] == pytest.approx(200 / 3, abs=0.05)
    assert out["MRR@10"] == 100.0
    assert out["nDCG@10"] == pytest.approx(100 * (1 + 1 + 1 / (1 + 1 / 1.5849625)) / 3, abs=0.05)
    assert 0 < out["p50_ms"] <= out["p95_ms"]


def test_modes_report_and_cache(env: Path) -> None:
    data = write_set(env / "tiny")
    report = env / "out" / "tiny.md"
    out = run_json(str(data), "--mode", "all", "--no-rerank", "--report", str(report), "--queries", "2")
    assert set(out) == {"hybrid norerank", "dense norerank", "bm25 norerank"}
    assert all(list(v) == KEYS and v["n_queries"] == 2 for v in out.values())
    text = report.read_text()
    assert "| dense norerank |" in text and "![" in text and "tiny.png" in text
    assert report.with_suffix(".png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # A second run reuses the scratch collection: still one collection, nothing re-indexed.
    swept = run_json(str(data), "-m", "hybrid", "--no-rerank", "--bm25-weight", "0", "--bm25-weight", "1")
    assert set(swept) == {"hybrid w0 norerank", "hybrid w1 norerank"}
    assert swept["hybrid w0 norerank"]["R@10"] == out["dense norerank"]["R@10"], "weight 0 is dense alone"
    listing = runner.invoke(app, ["collections", "list"]).stdout
    assert listing.count("eval-tiny-") == 1


def test_corpus_dir_matches_gold_by_file_stem(env: Path) -> None:
    data = write_set(env / "tiny")
    files = env / "files"
    files.mkdir()
    for title, text in PASSAGES.values():
        (files / f"{title}.md").write_text(f"# {title}\n\n{text}\n")
    out = run_json(str(data), "--corpus-dir", str(files), "--mode", "bm25", "--no-rerank")
    by_id = run_json(str(data), "--mode", "bm25", "--no-rerank")
    assert out["R@5"] == by_id["R@5"] and out["All@5"] == by_id["All@5"]


def test_table_output_and_bad_input(env: Path) -> None:
    data = write_set(env / "tiny")
    result = runner.invoke(app, ["eval", "retrieval", str(data), "-m", "bm25", "--no-rerank"])
    assert result.exit_code == 0 and "bm25 norerank" in result.stdout and "MRR@10" in result.stdout
    missing = runner.invoke(app, ["eval", "retrieval", str(env / "nowhere")])
    assert missing.exit_code == 2 and "queries.jsonl" in missing.stderr
    bad_mode = runner.invoke(app, ["eval", "retrieval", str(data), "-m", "fuzzy"])
    assert bad_mode.exit_code == 2
    not_dir = runner.invoke(app, ["eval", "retrieval", str(data), "--corpus-dir", str(data / "corpus.jsonl")])
    assert not_dir.exit_code == 2 and "not a directory" in not_dir.stderr
