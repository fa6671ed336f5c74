"""The catalog: collection lifecycle, document records, version bumps."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools.catalog import Catalog, DocumentRecord
from tools.errors import CollectionNotFoundError, InputError


@pytest.fixture
def catalog(tmp_path: Path) -> Catalog:
    return Catalog(tmp_path / "catalog.sqlite")


def _rec(doc_id: str, h: str = "h1", n: int = 2) -> DocumentRecord:
    return DocumentRecord(doc_id=doc_id, source=f"/x/{doc_id}.md", title=doc_id, content_hash=h, n_chunks=n)


def test_unknown_collection_is_a_typed_error(catalog: Catalog) -> None:
    with pytest.raises(CollectionNotFoundError, match="nope"):
        catalog.require("nope")
    assert not catalog.exists("nope")


@pytest.mark.parametrize("name", ["", "Upper", "has space", "-lead", "x" * 65, "../etc"])
def test_bad_names_are_rejected(catalog: Catalog, name: str) -> None:
    with pytest.raises(InputError):
        catalog.create_collection(name, "m", 3)


def test_version_bumps_on_every_change_and_counts_follow(catalog: Catalog) -> None:
    info = catalog.create_collection("docs", "m", 3)
    assert (info.version, info.n_documents, info.n_chunks) == (0, 0, 0)
    catalog.upsert_document("docs", _rec("a"))
    catalog.upsert_document("docs", _rec("b", n=5))
    info = catalog.require("docs")
    assert (info.version, info.n_documents, info.n_chunks) == (2, 2, 7)
    catalog.upsert_document("docs", _rec("a", h="h2", n=1))
    assert catalog.get_document("docs", "a") == DocumentRecord(
        doc_id="a",
        source="/x/a.md",
        title="a",
        content_hash="h2",
        n_chunks=1,
        ingested_at=catalog.get_document("docs", "a").ingested_at,  # type: ignore[union-attr]
    )
    assert catalog.delete_documents("docs", ["a", "missing"]) == 1
    assert catalog.version("docs") == 4
    assert catalog.delete_documents("docs", ["missing"]) == 0
    assert catalog.version("docs") == 4
    assert [d.doc_id for d in catalog.documents("docs")] == ["b"]


def test_create_is_idempotent_but_refuses_another_embedder(catalog: Catalog) -> None:
    catalog.create_collection("docs", "m", 3)
    catalog.create_collection("docs", "m", 3)
    with pytest.raises(InputError, match="embedder"):
        catalog.create_collection("docs", "other", 3)


def test_drop_forgets_documents(catalog: Catalog, tmp_path: Path) -> None:
    catalog.create_collection("docs", "m", 3)
    catalog.upsert_document("docs", _rec("a"))
    catalog.drop_collection("docs")
    assert not catalog.exists("docs")
    catalog.create_collection("docs", "m", 3)
    assert catalog.documents("docs") == []
    # A second handle on the same file sees the same state (CLI and API share the catalog).
    assert Catalog(tmp_path / "catalog.sqlite").exists("docs")
