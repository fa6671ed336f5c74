"""tantivy's BM25 checked against rank_bm25 on a tiny corpus (as bm25s checks its scores against rank_bm25).

Two references, both over the same lowercase \\w+ tokens of title + " " + text:
- Lucene-flavoured BM25 (rank_bm25 with idf = ln(1 + (N-n+0.5)/(n+0.5)), k1=1.2, b=0.75): the formula tantivy
  implements, so scores must agree to float precision. Every passage here is under 40 tokens, where tantivy's
  one-byte fieldnorm encoding is exact; longer passages would add a small, length-dependent error.
- rank_bm25's BM25Okapi (k1=1.5, epsilon idf floor): the eval README's reference. Scores differ by design
  (another idf and k1), so only orderings are compared. For keyword queries (no word in more than half the
  passages) the top 3 must be identical and the Spearman correlation over every matched passage >= 0.95.
  For natural questions only the top passage must agree and 2 of the top 3: Okapi's idf is negative for
  "the", "of", "is" here and rank_bm25 floors it at 0.25 x the mean idf, while Lucene's idf for them is
  near 0, so the tail of passages that share only such words is ordered differently (Spearman 0.4-1.0).
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from tools.keyword_tantivy import TantivyKeywordStore
from tools.types import Chunk

PASSAGES = [
    ("Lothair II", "Lothair II was king of Lotharingia from 855 until his death in 869."),
    ("Ermengarde of Tours", "Ermengarde of Tours was the wife of Lothair I and mother of Lothair II."),
    ("Ermengarde of Tours", "She died on 20 March 851 at the abbey of Erstein."),
    ("Lotharingia", "Lotharingia was a medieval kingdom between the Rhine and the Scheldt rivers."),
    ("Piacenza", "Piacenza is a city in Emilia-Romagna in northern Italy; Lothair II died there."),
    ("Erstein", "Erstein is a commune in the Bas-Rhin department in Grand Est in north-eastern France."),
    ("Rhine", "The Rhine is a river that flows from the Swiss Alps to the North Sea."),
    ("Scheldt", "The Scheldt is a river in northern France, western Belgium and the southwestern Netherlands."),
    ("Charlemagne", "Charlemagne was King of the Franks and the grandfather of Lothair I."),
    ("Louis the Pious", "Louis the Pious was the son of Charlemagne and the father of Lothair I."),
    ("Emilia-Romagna", "Emilia-Romagna is a region of northern Italy with Bologna as its capital city."),
    (
        "North Sea",
        "The North Sea lies between Great Britain, Norway, Germany, the Netherlands, Belgium and France.",
    ),
]
QUERIES = [
    "When did Lothair II's mother die?",
    "Which river flows into the North Sea?",
    "Where is the abbey of Erstein?",
    "Who was the father of Lothair I?",
    "capital city of the region of northern Italy where Lothair II died",
]
KEYWORD_QUERIES = ["Lothair Erstein abbey", "river North Sea", "father Lothair", "capital Italy region Lothair died"]


def tok(s: str) -> list[str]:
    return re.findall(r"\w+", s.lower())


class LuceneBM25(BM25Okapi):
    """rank_bm25 with Lucene's (and tantivy's) idf; pass k1=1.2, b=0.75."""

    def _calc_idf(self, nd: dict[str, int]) -> None:
        for word, n in nd.items():
            self.idf[word] = math.log(1 + (self.corpus_size - n + 0.5) / (n + 0.5))


def spearman(a: list[float], b: list[float]) -> float:
    ra, rb = np.argsort(np.argsort(-np.array(a))), np.argsort(np.argsort(-np.array(b)))
    return float(np.corrcoef(ra, rb)[0, 1])


@pytest.fixture(scope="module")
def tantivy_scores(tmp_path_factory: pytest.TempPathFactory) -> list[dict[int, float]]:
    store = TantivyKeywordStore(Path(tmp_path_factory.mktemp("bm25")))
    index = store.index("ref")
    index.upsert(
        [
            Chunk(chunk_id=str(i), doc_id=str(i), title=t, source="s", text=x, start=0, end=len(x))
            for i, (t, x) in enumerate(PASSAGES)
        ]
    )
    out = [{int(r.chunk.chunk_id): r.score for r in index.search(q, len(PASSAGES))} for q in ALL]
    store.close()
    return out


DOCS = [tok(f"{t} {x}") for t, x in PASSAGES]
ALL = QUERIES + KEYWORD_QUERIES


def top(scores: dict[int, float] | list[float], n: int) -> list[int]:
    items = scores.items() if isinstance(scores, dict) else enumerate(scores)
    return [i for i, s in sorted(items, key=lambda kv: -kv[1]) if s > 0][:n]


def test_passages_are_short_enough_for_exact_fieldnorms() -> None:
    assert max(len(d) for d in DOCS) < 40


def test_tokenizer_matches_the_reference(tmp_path: Path) -> None:
    index = TantivyKeywordStore(tmp_path).index("t")
    for text in [t + " " + x for t, x in PASSAGES] + QUERIES + ["Zürich_Nord naïve CAFÉ 851-ish"]:
        assert index.tokens(text) == tok(text)


@pytest.mark.parametrize("qi", range(len(ALL)))
def test_scores_equal_lucene_bm25(tantivy_scores: list[dict[int, float]], qi: int) -> None:
    ref = LuceneBM25(DOCS, k1=1.2, b=0.75).get_scores(tok(ALL[qi]))
    got = tantivy_scores[qi]
    assert set(got) == {i for i, s in enumerate(ref) if s > 0}  # OR semantics: every passage sharing a term
    for i, score in got.items():
        assert score == pytest.approx(ref[i], rel=1e-4), PASSAGES[i]


@pytest.mark.parametrize("qi", range(len(QUERIES)))
def test_questions_agree_with_rank_bm25_okapi_at_the_top(tantivy_scores: list[dict[int, float]], qi: int) -> None:
    ref = list(BM25Okapi(DOCS).get_scores(tok(QUERIES[qi])))
    got = tantivy_scores[qi]
    assert top(got, 1) == top(ref, 1)
    assert len(set(top(got, 3)) & set(top(ref, 3))) >= 2


@pytest.mark.parametrize("q", KEYWORD_QUERIES)
def test_keyword_queries_rank_like_rank_bm25_okapi(tantivy_scores: list[dict[int, float]], q: str) -> None:
    ref = list(BM25Okapi(DOCS).get_scores(tok(q)))
    got = tantivy_scores[ALL.index(q)]
    assert top(got, 3) == top(ref, 3)
    matched = sorted(set(got) | set(top(ref, len(ref))))
    assert spearman([got.get(i, 0.0) for i in matched], [ref[i] for i in matched]) >= 0.95
