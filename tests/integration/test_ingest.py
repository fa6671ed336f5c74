"""The ingest pipeline on real stores (qdrant-edge, tantivy) with the bundled MiniLM int8 embedder."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tools.catalog import Catalog
from tools.dense_edge import EdgeDenseStore
from tools.embed_cache import CachedEmbedder, EmbeddingCache
from tools.embedders import make_embedder
from tools.errors import InvalidFilterError, KeywordBackendError
from tools.ingest.chunking import ChunkingConfig
from tools.ingest.loaders import file_doc_id
from tools.ingest.pipeline import Ingestor
from tools.keyword_tantivy import TantivyKeywordStore, build_schema
from tools.types import Document

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
C = "docs"
LIGHTHOUSE = (
    "The Skarn lighthouse was designed by Miriam Coyle in 1889. Its lamp was first lit in the spring of 1891. "
    "Ada Morrow kept it for thirty years and wrote a diary of every storm."
)
FERRY = "The ferry to Skarn was run by the Ellery Steam Packet Company, which Ada Morrow's brother founded in 1902."


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CachedEmbedder]:
    cache = EmbeddingCache(tmp_path_factory.mktemp("emb") / "embeddings.sqlite")
    e = CachedEmbedder("minilm-int8", make_embedder("minilm-int8"), cache, workers=1)
    yield e
    e.close()
    cache.close()


@pytest.fixture
def ingestor(tmp_path: Path, embedder: CachedEmbedder) -> Iterator[Ingestor]:
    catalog = Catalog(tmp_path / "data" / "catalog.sqlite")
    dense = EdgeDenseStore(tmp_path / "data" / "qdrant-edge", dim=embedder.dim)
    keyword = TantivyKeywordStore(tmp_path / "data" / "tantivy")
    ing = Ingestor(
        catalog=catalog,
        dense=dense,
        keyword=keyword,
        embedder=embedder,
        chunking=ChunkingConfig(target_tokens=64, overlap_tokens=8),
        max_file_bytes=200_000,
    )
    yield ing
    dense.close()
    keyword.close()
    catalog.close()


def _chunks(ing: Ingestor, query: str = "Skarn lighthouse Ada Morrow ferry", k: int = 50) -> list:
    return [h.chunk for h in ing.keyword.index(C).search(query, k)]


def _corpus(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "lighthouse.md").write_text("# Lighthouse\n\n" + LIGHTHOUSE + "\n")
    (root / "sub" / "ferry.txt").write_text(FERRY)
    shutil.copy(FIXTURES / "three_pages.pdf", root / "harbour.pdf")
    return root


def test_ingest_indexes_every_format_with_exact_spans(ingestor: Ingestor, tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    (root / "rows.jsonl").write_text(json.dumps({"id": "row-1", "title": "Coyle", "text": "Miriam Coyle was born."}))
    stages: list[str] = []
    report = ingestor.ingest([root], C, meta={"team": "docs"}, progress=lambda s, d, t: stages.append(s))
    assert report.ok and (report.added, report.updated, report.unchanged) == (4, 0, 0)
    assert {"load", "embed", "index"} <= set(stages)
    info = ingestor.catalog.require(C)
    assert info.n_documents == 4 and info.embedder_id == ingestor.embedder.model_id
    assert ingestor.dense.index(C).count() == ingestor.keyword.index(C).count() == report.n_chunks == info.n_chunks
    texts = {r.doc_id: r for r in ingestor.catalog.documents(C)}
    assert set(texts) == {file_doc_id(root / "lighthouse.md"), file_doc_id(root / "sub/ferry.txt"),
                          file_doc_id(root / "harbour.pdf"), "row-1"}  # fmt: skip
    sources = {root / "lighthouse.md", root / "sub/ferry.txt"}
    for chunk in _chunks(ingestor, "Skarn lighthouse Ada Morrow ferry Coyle harbour page"):
        assert chunk.meta["team"] == "docs"
        src = Path(chunk.source)
        if src.suffix == ".pdf":
            assert chunk.page in (1, 2, 3) and chunk.title == "harbour"
        elif src in sources:
            assert src.read_text()[chunk.start : chunk.end] == chunk.text and chunk.title == src.stem
    vec = ingestor.embedder.embed_query("Who designed the Skarn lighthouse?")
    top = ingestor.dense.index(C).search(vec, 1)[0].chunk
    assert "Miriam Coyle" in top.text and top.title == "lighthouse"


def test_reingest_unchanged_does_nothing_and_a_change_replaces_chunks(ingestor: Ingestor, tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    first = ingestor.ingest([root], C)
    version = ingestor.catalog.version(C)
    again = ingestor.ingest([root], C)
    assert again.ok and (again.added, again.updated, again.unchanged, again.n_chunks) == (0, 0, 3, 0)
    assert ingestor.catalog.version(C) == version, "nothing changed, so caches stay valid"

    (root / "sub" / "ferry.txt").write_text("The Skarn ferry now belongs to the Northern Isles Line, since 1977.")
    changed = ingestor.ingest([root], C)
    assert (changed.added, changed.updated, changed.unchanged) == (0, 1, 2)
    ferry = [c for c in _chunks(ingestor, "Skarn ferry") if c.source.endswith("ferry.txt")]
    assert ferry and all("Northern Isles" in c.text for c in ferry), "old chunks are gone"
    assert (
        ingestor.dense.index(C).count() == ingestor.keyword.index(C).count() == first.n_chunks
    )  # one ferry chunk replaced by one


def test_a_release_that_cuts_differently_re_cuts_unchanged_files(
    ingestor: Ingestor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tools.ingest import pipeline

    root = _corpus(tmp_path)
    first = ingestor.ingest([root], C)
    monkeypatch.setattr(pipeline, "CUT_VERSION", pipeline.CUT_VERSION + 1)  # the next release
    again = ingestor.ingest([root], C)
    assert (again.added, again.updated, again.unchanged) == (0, first.added, 0)
    assert ingestor.keyword.index(C).count() == first.n_chunks, "old chunks replaced, not duplicated"
    assert ingestor.ingest([root], C).unchanged == first.added


def test_bad_files_are_reported_and_what_was_indexed_stays(ingestor: Ingestor, tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    ingestor.ingest([root], C)
    before = ingestor.keyword.index(C).count()
    bad = tmp_path / "bad"
    bad.mkdir()
    for name in ("corrupt.pdf", "scanned.pdf", "empty.txt", "malformed.jsonl"):
        shutil.copy(FIXTURES / name, bad / name)
    (bad / "huge.md").write_text("word " * 50_000)
    (tmp_path / "nothing").mkdir()
    (tmp_path / "nothing" / "photo.png").write_bytes(b"\x89PNG")
    report = ingestor.ingest([bad, tmp_path / "missing.txt", root / "lighthouse.md", tmp_path / "nothing"], C)
    reasons = {Path(s).name: r for s, r in report.failures}
    assert not report.ok and set(reasons) == {
        "corrupt.pdf", "scanned.pdf", "empty.txt", "malformed.jsonl", "huge.md", "missing.txt", "nothing"
    }  # fmt: skip
    assert reasons["nothing"].startswith("no supported files")
    assert "no text layer" in reasons["scanned.pdf"] and "line 2" in reasons["malformed.jsonl"]
    assert "limit" in reasons["huge.md"] and "cannot read" in reasons["missing.txt"]
    assert report.unchanged == 1 and ingestor.keyword.index(C).count() == before


def test_prune_and_delete(ingestor: Ingestor, tmp_path: Path) -> None:
    root = _corpus(tmp_path)
    rows = root / "rows.jsonl"
    rows.write_text(
        "\n".join(json.dumps({"id": f"r{i}", "title": f"T{i}", "text": f"Row {i} text."}) for i in range(3))
    )
    ingestor.ingest([root], C)
    (root / "sub" / "ferry.txt").unlink()
    rows.write_text(json.dumps({"id": "r0", "title": "T0", "text": "Row 0 text."}))
    kept = ingestor.ingest([root], C)
    assert kept.deleted == 0 and ingestor.catalog.require(C).n_documents == 6, "no prune without --prune"
    pruned = ingestor.ingest([root], C, prune=True)
    assert pruned.deleted == 3 and pruned.unchanged == 3
    assert {r.doc_id for r in ingestor.catalog.documents(C)} == {
        file_doc_id(root / "lighthouse.md"), file_doc_id(root / "harbour.pdf"), "r0"
    }  # fmt: skip
    assert not [c for c in _chunks(ingestor, "ferry Row") if c.doc_id in ("r1", "r2") or "ferry" in c.source]

    doc = file_doc_id(root / "lighthouse.md")
    assert ingestor.delete(C, [doc, "nope"]) == 1
    assert all(c.doc_id != doc for c in _chunks(ingestor))
    vec = ingestor.embedder.embed_query("lighthouse")
    assert all(h.chunk.doc_id != doc for h in ingestor.dense.index(C).search(vec, 20))


def test_ingest_documents_and_validation(ingestor: Ingestor) -> None:
    docs = [
        Document(doc_id="p1", title="Demon Dice", source="corpus.jsonl", text="A dice game by Lester Smith.",
                 content_hash="a" * 64),
        Document(doc_id="p1", title="Dup", source="other.jsonl", text="Duplicate id.", content_hash="b" * 64),
    ]  # fmt: skip
    report = ingestor.ingest_documents(docs, C, meta={"set": "x"})
    assert report.added == 1 and report.failures == [
        ("other.jsonl", "duplicate document id 'p1' (also in corpus.jsonl)")
    ]
    [chunk] = _chunks(ingestor, "Lester Smith")
    assert chunk.text == "A dice game by Lester Smith." and chunk.meta["set"] == "x"
    with pytest.raises(InvalidFilterError):
        ingestor.ingest_documents(docs, C, meta={"bad key": "x"})


def test_a_backend_failure_mid_update_keeps_the_old_chunks(ingestor: Ingestor, tmp_path: Path) -> None:
    """Another process holds the BM25 writer: the update fails, the old version stays searchable, a retry completes."""
    import tantivy

    root = _corpus(tmp_path)
    ingestor.ingest([root], C)
    ferry = root / "sub" / "ferry.txt"
    old = ingestor.catalog.get_document(C, file_doc_id(ferry))
    ferry.write_text("The Skarn ferry now belongs to the Northern Isles Line, since 1977.")
    keyword = TantivyKeywordStore(tmp_path / "data" / "tantivy", lock_timeout=0.2)
    impatient = Ingestor(
        catalog=ingestor.catalog,
        dense=ingestor.dense,
        keyword=keyword,
        embedder=ingestor.embedder,
        chunking=ingestor.chunking,
        max_file_bytes=ingestor.max_file_bytes,
    )
    other = tantivy.Index(build_schema(), path=str(tmp_path / "data" / "tantivy" / C), reuse=True)
    held = other.writer(15_000_000, 1)
    try:
        with pytest.raises(KeywordBackendError):
            impatient.ingest([ferry], C)
    finally:
        held.rollback()
        held.wait_merging_threads()
    assert ingestor.catalog.get_document(C, old.doc_id) == old  # type: ignore[union-attr]
    assert [c.text for c in _chunks(ingestor, "Skarn ferry") if c.doc_id == old.doc_id] == [FERRY]  # type: ignore[union-attr]
    retry = impatient.ingest([ferry], C)
    assert retry.updated == 1
    assert ingestor.dense.index(C).count() == keyword.index(C).count() == ingestor.catalog.require(C).n_chunks
    keyword.close()


def test_sample_corpus_ingests_and_each_hop_is_findable(ingestor: Ingestor) -> None:
    """The shipped samples: every file indexes, the README is ignored, and each hop of the demo question is found."""
    samples = Path(__file__).resolve().parents[2] / "samples"
    report = ingestor.ingest([samples], C)
    assert report.ok and report.added == 13, report.failures
    assert not [r for r in ingestor.catalog.documents(C) if r.title == "README"]
    hops = [
        ("Who wrote the novel The Quiet Ledger?", ("the-quiet-ledger-review", "the-quiet-ledger-reading-guide")),
        ("Which startup did Mara Okafor found?", ("mara-okafor",)),
        ("Which company acquired Brightwell Analytics?", ("halden-to-acquire-brightwell", "halden-annual-report-2019")),
    ]
    for question, titles in hops:
        vec = ingestor.embedder.embed_query(question)
        dense = [h.chunk.title for h in ingestor.dense.index(C).search(vec, 5)]
        bm25 = [h.chunk.title for h in ingestor.keyword.index(C).search(question, 5)]
        assert set(titles) & set(dense + bm25), (question, dense, bm25)
