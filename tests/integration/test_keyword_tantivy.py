"""tantivy keyword index: the KeywordIndex contract (shared with the Elasticsearch tests), persistence, locking."""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tools.errors import InvalidFilterError, KeywordBackendError
from tools.keyword_tantivy import TantivyKeywordStore
from tools.types import Chunk, KeywordIndex


def make_chunk(cid: str, doc: str, title: str, text: str, **meta: Any) -> Chunk:
    return Chunk(
        chunk_id=cid, doc_id=doc, title=title, source=f"/data/{doc}.txt", text=text,
        start=0, end=len(text), page=None, meta=meta,
    )  # fmt: skip


CHUNKS = [
    make_chunk("a#0", "a", "Lothair II", "Lothair II, king of Lotharingia. His mother: Ermengarde.", lang="en", y=843),
    make_chunk("a#1", "a", "Lothair II", "He died in Piacenza in 869.", lang="en", y=869, draft=True),
    make_chunk("b#0", "b", "Ermengarde of Tours", "Ermengarde of Tours died on 20 March 851.", lang="en", y=851.0),
    make_chunk("c#0", "c", "Piacenza", "Piacenza est une ville d'Italie.", lang="fr", y=1),
    make_chunk("d#0", "d", "Zürich", "Zürich liegt am Zürichsee; élan naïve café.", lang="de", y=True),
]


class KeywordContract:
    """Behaviour every KeywordIndex must show; subclasses provide a `store` fixture."""

    def ids(self, index: KeywordIndex, q: str, k: int = 10, **filters: Any) -> list[str]:
        return [r.chunk.chunk_id for r in index.search(q, k, filters or None)]

    def test_bm25_ranking_and_round_trip(self, store: Any) -> None:
        index = store.index("k1")
        index.upsert(CHUNKS)
        assert index.count() == len(CHUNKS)
        res = index.search("When did Ermengarde of Tours die?", 5)
        assert res[0].chunk == CHUNKS[2]
        assert [r.rank for r in res] == list(range(1, len(res) + 1))
        assert all(a.score >= b.score > 0 for a, b in itertools.pairwise(res))
        assert set(self.ids(index, "piacenza")) == {"c#0", "a#1"}
        assert self.ids(index, "ZÜRICH") == ["d#0"]  # case-insensitive, Unicode
        assert self.ids(index, "nothing-matches-this xyzzy") == []

    def test_title_is_searchable(self, store: Any) -> None:
        index = store.index("k1")
        index.upsert(CHUNKS)
        assert self.ids(index, "Tours") == ["b#0"]  # "Tours" is only in b#0's title and text
        assert "a#1" in self.ids(index, "Lothair")  # a#1's text lacks "Lothair": it comes from the title

    def test_query_syntax_is_not_interpreted(self, store: Any) -> None:
        index = store.index("k1")
        index.upsert(CHUNKS)
        for q in ['title:"Lothair', "Lothair AND (", "*", "king^2 -mother", "???", "a\\b/c"]:
            index.search(q, 5)  # no parse error
        assert index.search("???", 5) == []

    def test_upsert_is_idempotent_and_replaces(self, store: Any) -> None:
        index = store.index("k1")
        index.upsert(CHUNKS)
        index.upsert(CHUNKS)
        assert index.count() == len(CHUNKS)
        index.upsert([make_chunk("a#1", "a", "Lothair II", "He retired to Prüm abbey.")])
        assert index.count() == len(CHUNKS)
        assert self.ids(index, "Prüm abbey") == ["a#1"]
        assert "a#1" not in self.ids(index, "died")

    def test_deletes(self, store: Any) -> None:
        index = store.index("k1")
        index.upsert(CHUNKS)
        index.delete_documents(["a", "zzz"])
        assert index.count() == 3
        index.delete_chunks(["b#0"])
        assert index.count() == 2
        assert self.ids(index, "Lothair Ermengarde Piacenza") == ["c#0"]
        index.delete_documents([])
        index.delete_chunks([])

    def test_filters(self, store: Any) -> None:
        index = store.index("k1")
        index.upsert(CHUNKS)
        q = "Lothair Ermengarde Piacenza Zürich died"
        assert sorted(self.ids(index, q, doc_id="a")) == ["a#0", "a#1"]
        assert self.ids(index, q, source="/data/b.txt") == ["b#0"]
        assert self.ids(index, q, lang="fr") == ["c#0"]
        assert self.ids(index, q, lang="en", y=851) == ["b#0"]  # 851 == 851.0
        assert self.ids(index, q, draft=True) == ["a#1"]
        assert self.ids(index, q, y=True) == ["d#0"]
        assert self.ids(index, q, y=1) == ["c#0"]
        assert self.ids(index, q, missing="x") == []
        assert self.ids(index, q, lang="EN") == []

    def test_filters_do_not_change_scores(self, store: Any) -> None:
        index = store.index("k1")
        index.upsert(CHUNKS)
        plain = {r.chunk.chunk_id: r.score for r in index.search("Ermengarde died", 10)}
        filtered = index.search("Ermengarde died", 10, {"doc_id": "b"})
        assert [r.chunk.chunk_id for r in filtered] == ["b#0"]
        assert filtered[0].score == pytest.approx(plain["b#0"], rel=1e-5)

    @pytest.mark.parametrize("bad", [{"": "x"}, {"a b": 1}, {"k": [1]}, {"k": None}, {"k": {"n": 1}}])
    def test_invalid_filters_raise(self, store: Any, bad: dict[str, Any]) -> None:
        index = store.index("k1")
        index.upsert(CHUNKS)
        with pytest.raises(InvalidFilterError):
            index.search("Lothair", 3, bad)

    def test_collections_are_separate_and_drop(self, store: Any) -> None:
        store.index("k1").upsert(CHUNKS)
        store.index("k2").upsert(CHUNKS[:1])
        assert store.index("k2").count() == 1
        store.drop("k1")
        assert store.index("k1").count() == 0
        assert self.ids(store.index("k2"), "Lothair") == ["a#0"]
        store.ping()


HOLD_WRITER = """
import sys, time, tantivy
from tools.keyword_tantivy import build_analyzer, build_schema, ANALYZER
idx = tantivy.Index(build_schema(), path=sys.argv[1], reuse=True)
idx.register_tokenizer(ANALYZER, build_analyzer())
w = idx.writer(15_000_000, 1)
print("locked", flush=True)
time.sleep(30)
"""

ADD_ONE = """
import sys
from pathlib import Path
from tools.keyword_tantivy import TantivyKeywordStore
from tools.types import Chunk
c = Chunk(chunk_id="x#0", doc_id="x", title="Quokka", source="s", text="quokka island", start=0, end=13)
TantivyKeywordStore(Path(sys.argv[1])).index("k1").upsert([c])
"""


class TestTantivy(KeywordContract):
    @pytest.fixture
    def store(self, tmp_path: Path) -> Iterator[TantivyKeywordStore]:
        s = TantivyKeywordStore(tmp_path / "tv")
        yield s
        s.close()

    def test_reopen_sees_data(self, tmp_path: Path) -> None:
        s = TantivyKeywordStore(tmp_path / "tv")
        s.index("k1").upsert(CHUNKS)
        s.close()
        s2 = TantivyKeywordStore(tmp_path / "tv")
        assert s2.index("k1").count() == len(CHUNKS)
        assert self.ids(s2.index("k1"), "Ermengarde Tours")[0] == "b#0"

    def test_writes_from_another_process_are_seen(self, tmp_path: Path) -> None:
        s = TantivyKeywordStore(tmp_path / "tv")
        s.index("k1").upsert(CHUNKS)
        assert self.ids(s.index("k1"), "quokka") == []
        subprocess.run([sys.executable, "-c", ADD_ONE, str(tmp_path / "tv")], check=True, timeout=60, cwd=Path.cwd())
        assert self.ids(s.index("k1"), "quokka") == ["x#0"]
        assert s.index("k1").count() == len(CHUNKS) + 1

    def test_writer_held_elsewhere_gives_a_clear_error(self, tmp_path: Path) -> None:
        s = TantivyKeywordStore(tmp_path / "tv", lock_timeout=0.3)
        s.index("k1").upsert(CHUNKS)
        path = str(tmp_path / "tv" / "k1")
        holder = subprocess.Popen(
            [sys.executable, "-c", textwrap.dedent(HOLD_WRITER), path],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path.cwd(),
        )
        try:
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            started = time.monotonic()
            with pytest.raises(KeywordBackendError, match="another process is writing"):
                s.index("k1").upsert([make_chunk("z#0", "z", "Z", "zebra")])
            assert time.monotonic() - started < 5
            assert s.index("k1").count() == len(CHUNKS)  # reads still work, nothing was lost
            assert self.ids(s.index("k1"), "Ermengarde Tours")[0] == "b#0"
        finally:
            holder.kill()
            holder.wait()

    def test_unusable_root_raises(self, tmp_path: Path) -> None:
        blocker = tmp_path / "file"
        blocker.write_text("x")
        with pytest.raises(KeywordBackendError, match="tantivy at"):
            TantivyKeywordStore(blocker / "tv").ping()
        with pytest.raises(KeywordBackendError, match=str(blocker)):
            TantivyKeywordStore(blocker / "tv").index("k1").count()
