"""The bundled cross-encoder: checksum guard, relevance on hand-made pairs, truncation, batching."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import numpy as np
import pytest

from tools.errors import ConfigurationError
from tools.rerank_onnx import (
    BUNDLED_DIR,
    MIN_PASSAGE_TOKENS,
    OnnxCrossEncoder,
    encode_pairs,
    load_bundled_reranker,
    load_tokenizer,
)
from tools.types import Reranker

pytestmark = pytest.mark.skipif(not (BUNDLED_DIR / "model.onnx").exists(), reason="no bundled re-ranker")


@pytest.fixture(scope="module")
def model() -> OnnxCrossEncoder:
    m = load_bundled_reranker(threads=1)
    assert m is not None
    return m


def test_bundle_matches_committed_checksums(model: OnnxCrossEncoder) -> None:
    assert isinstance(model, Reranker)
    assert model.is_passthrough is False
    assert (BUNDLED_DIR / "model.onnx").stat().st_size < 40_000_000  # int8: about a quarter of the fp32 size


def copy_bundle(dst: Path) -> Path:
    shutil.copytree(BUNDLED_DIR, dst)
    return dst


def test_tampered_model_is_refused(tmp_path: Path) -> None:
    bundle = copy_bundle(tmp_path / "reranker")
    data = bytearray((bundle / "model.onnx").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (bundle / "model.onnx").write_bytes(bytes(data))
    with pytest.raises(ConfigurationError, match="sha256"):
        load_bundled_reranker(bundle)


def test_tampered_tokenizer_is_refused(tmp_path: Path) -> None:
    bundle = copy_bundle(tmp_path / "reranker")
    (bundle / "tokenizer.json").write_text((bundle / "tokenizer.json").read_text().replace("[CLS]", "[CLX]", 1))
    with pytest.raises(ConfigurationError, match=r"tokenizer\.json"):
        load_bundled_reranker(bundle)


def test_missing_checksums_are_refused(tmp_path: Path) -> None:
    bundle = copy_bundle(tmp_path / "reranker")
    (bundle / "SHA256SUMS").unlink()
    with pytest.raises(ConfigurationError, match="SHA256SUMS"):
        load_bundled_reranker(bundle)


def test_no_model_file_means_no_reranker(tmp_path: Path) -> None:
    assert load_bundled_reranker(tmp_path) is None


CASES = [
    (
        "When did Ermengarde of Tours die?",
        "Ermengarde of Tours Ermengarde of Tours was a Frankish queen, wife of Lothair I. She died on 20 March 851.",
    ),
    (
        "Who directed the film Jaws?",
        "Jaws (film) Jaws is a 1975 American thriller film directed by Steven Spielberg, based on a novel.",
    ),
    (
        "What is the capital of Australia?",
        "Canberra Canberra is the capital city of Australia, in the Australian Capital Territory.",
    ),
    (
        "Which river flows through Budapest?",
        "Budapest Budapest is the capital of Hungary; the Danube river divides the city into Buda and Pest.",
    ),
]


@pytest.mark.parametrize("case", range(len(CASES)))
def test_relevant_passage_outranks_unrelated_ones(model: OnnxCrossEncoder, case: int) -> None:
    query, relevant = CASES[case]
    unrelated = [p for i, (_, p) in enumerate(CASES) if i != case]
    scores = model.score(query, [*unrelated, relevant])
    assert scores[-1] > max(scores[:-1])


def test_long_passage_is_truncated_and_query_kept(model: OnnxCrossEncoder) -> None:
    tok = load_tokenizer(BUNDLED_DIR / "tokenizer.json")
    query = "When did Ermengarde of Tours die?"
    long_passage = "Ermengarde of Tours died on 20 March 851. " + "Filler words about other things. " * 400
    ids, mask, types = encode_pairs(tok, query, [long_passage, "short"], model.max_length)
    q_ids = tok.encode(query, add_special_tokens=False).ids
    assert ids.shape == (2, model.max_length)
    assert ids[0, 1 : 1 + len(q_ids)].tolist() == q_ids  # the whole query, right after [CLS]
    assert int(mask[0].sum()) == model.max_length
    assert types[0, : len(q_ids) + 2].sum() == 0 and types[0, len(q_ids) + 2 :].all()
    assert int(mask[1].sum()) < model.max_length  # the short pair is padded, not filled
    # Scoring the over-long passage works (no overflow of the position table); how well it scores is another
    # matter: mean pooling dilutes one relevant sentence among 250 filler tokens (MODEL_CARD.md, limitations).
    assert len(model.score(query, [long_passage, CASES[1][1]])) == 2


def test_over_long_query_is_cut_to_leave_room_for_the_passage(model: OnnxCrossEncoder) -> None:
    tok = load_tokenizer(BUNDLED_DIR / "tokenizer.json")
    passage = "a passage that must still be seen"
    p_ids = tok.encode(passage, add_special_tokens=False).ids
    ids, mask, _ = encode_pairs(tok, "word " * 1000, [passage, "word " * 1000], model.max_length)
    query_tokens = model.max_length - 3 - MIN_PASSAGE_TOKENS
    row = ids[0, : int(mask[0].sum())].tolist()
    assert row[-1 - len(p_ids) : -1] == p_ids  # the whole short passage, before the final [SEP]
    assert len(row) == query_tokens + len(p_ids) + 3
    assert ids.shape[1] == model.max_length  # a long query with a long passage fills the limit exactly


def test_batched_scores_equal_one_by_one(model: OnnxCrossEncoder) -> None:
    query = CASES[0][0]
    passages = [p for _, p in CASES] + ["x " * n + "Lothair" for n in (3, 50, 300)]
    batched = np.array(model.score(query, passages))
    single = np.array([model.score(query, [p])[0] for p in passages])
    # int8 dynamic quantisation scales activations per batch tensor, so values move a little (a few % of the
    # score range); near-ties may swap, but no pair further apart than that may change order.
    tol = 0.1 * float(np.ptp(single))
    assert np.allclose(batched, single, atol=tol)
    for i, j in itertools.permutations(range(len(passages)), 2):
        if single[i] - single[j] > 2 * tol:
            assert batched[i] > batched[j], (i, j)
    assert model.score(query, []) == []
