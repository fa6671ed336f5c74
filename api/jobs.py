"""Background ingest jobs for uploads: progress by stage, and per-file errors.

An upload has no meaningful path, so its documents get a stable id from (collection, file name) and the file name
as source: uploading a file again replaces its chunks (or is skipped when unchanged) instead of duplicating it.

Jobs live in this process's memory, not Redis: the uploaded files sit in this process's temp dir and the ingest
runs in its worker thread, so a job cannot outlive or move away from the process that owns it. One worker thread:
ingests run one at a time (the embedded BM25 index allows one writer, and embedding already uses every core).
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import tempfile
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from api.metrics import JOBS
from tools.errors import DocumentError, SleuthError
from tools.ingest.loaders import file_doc_id, load_file
from tools.ingest.pipeline import Ingestor, IngestReport, ProgressFn
from tools.types import Document

log = logging.getLogger(__name__)
JobState = Literal["queued", "running", "succeeded", "failed"]
Failures = list[tuple[str, str]]


@dataclass(kw_only=True)
class Job:
    job_id: str
    collection: str
    tenant: str
    files: list[str]
    state: JobState = "queued"
    stage: str = "queued"
    done: int = 0
    total: int = 0
    errors: list[dict[str, str]] = field(default_factory=list)
    report: dict[str, Any] | None = None
    message: str | None = None
    created_at: float = field(default_factory=time.time)
    finished_at: float | None = None

    def snapshot(self) -> dict[str, Any]:
        return asdict(self)


class JobManager:
    """Saves uploads to a per-job temp dir and ingests them in a background thread."""

    def __init__(self, ingestor: Callable[[], Ingestor], *, work_dir: Path | None = None, keep: int = 1000) -> None:
        self._ingestor = ingestor
        self._work_dir = work_dir
        self._keep = keep
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sleuth-ingest")

    def new_upload_dir(self) -> Path:
        if self._work_dir is not None:
            self._work_dir.mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(prefix="upload-", dir=self._work_dir))

    def submit(self, collection: str, tenant: str, folder: Path, meta: Mapping[str, Any] | None = None) -> Job:
        """Queue the ingest of every file in `folder` (which the job deletes when done)."""
        files = sorted(p.name for p in folder.iterdir())
        job = Job(job_id=uuid.uuid4().hex, collection=collection, tenant=tenant, files=files, total=len(files))
        with self._lock:
            self._jobs[job.job_id] = job
            while len(self._jobs) > self._keep:
                self._jobs.popitem(last=False)
        self._pool.submit(self._run, job, folder, dict(meta or {}))
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def _run(self, job: Job, folder: Path, meta: dict[str, Any]) -> None:
        job.state = job.stage = "running"

        def progress(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = stage, done, total

        try:
            ingestor = self._ingestor()
            docs, failures = _load(sorted(folder.iterdir()), job.collection, ingestor.max_file_bytes, progress)
            report = ingestor.ingest_documents(docs, job.collection, meta=meta or None, progress=progress)
            job.report = _plain(report)
            job.errors = [{"source": s, "reason": r} for s, r in failures + list(report.failures)]
            job.state = "succeeded" if docs or not failures else "failed"
            if job.errors:
                job.message = f"{len(job.errors)} file(s) could not be ingested"
        except SleuthError as e:
            job.state, job.message = "failed", str(e)
        except Exception as e:  # the thread must record any crash, or the job would stay "running" forever
            log.exception("ingest job %s crashed", job.job_id)
            job.state, job.message = "failed", f"internal error: {type(e).__name__}: {e}"
        finally:
            job.stage = "done"
            job.finished_at = time.time()
            JOBS.labels(job.state).inc()
            shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _load(paths: list[Path], collection: str, max_bytes: int, progress: ProgressFn) -> tuple[list[Document], Failures]:
    docs: list[Document] = []
    failures: Failures = []
    for i, path in enumerate(paths, start=1):
        try:
            docs.extend(_as_upload(d, path, collection) for d in load_file(path, max_bytes))
        except DocumentError as e:
            failures.append((path.name, e.reason))
        progress("load", i, len(paths))
    return docs, failures


def _as_upload(doc: Document, path: Path, collection: str) -> Document:
    """Replace the temp path in a whole-file document's id and source (JSONL rows keep their own ids)."""
    if doc.doc_id != file_doc_id(path):
        return replace(doc, source=path.name)
    key = hashlib.sha256(f"{collection}\n{path.name}".encode()).hexdigest()[:20]
    return replace(doc, doc_id=f"u{key}", source=path.name)


def _plain(report: IngestReport) -> dict[str, Any]:
    d = asdict(report)
    d.pop("failures", None)
    return d
