"""Retrieval evaluation: metrics, the runner over a scratch collection, and the markdown/PNG report."""

from tools.evaluation.metrics import METRIC_KEYS, Summary, query_metrics, summarize
from tools.evaluation.retrieval import EvalQuery, RetrievalEval, Variant, VariantResult, load_queries, rank_documents

__all__ = [
    "METRIC_KEYS",
    "EvalQuery",
    "RetrievalEval",
    "Summary",
    "Variant",
    "VariantResult",
    "load_queries",
    "query_metrics",
    "rank_documents",
    "summarize",
]
