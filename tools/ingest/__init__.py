"""Ingestion: loaders (PDF, HTML, Markdown, text, JSONL), chunking, and the pipeline that indexes them."""

from tools.ingest.chunking import ChunkingConfig, chunk_document
from tools.ingest.loaders import load_file
from tools.ingest.pipeline import Ingestor, IngestReport, ProgressFn

__all__ = ["ChunkingConfig", "IngestReport", "Ingestor", "ProgressFn", "chunk_document", "load_file"]
