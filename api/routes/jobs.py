"""Ingest job status: stage, progress, per-file errors and the final report."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from api.deps import JobsDep, PrincipalDep
from api.errors import ERROR_RESPONSES, not_found
from api.jobs import Job, JobState

router = APIRouter(prefix="/v1/jobs", tags=["documents"], responses=ERROR_RESPONSES)


class FileError(BaseModel):
    source: str = Field(examples=["scan.pdf"])
    reason: str = Field(examples=["no extractable text"])


class JobOut(BaseModel):
    job_id: str
    collection: str
    state: JobState
    stage: str = Field(description="Current ingest stage (load, chunk, embed, index, ...) or done")
    done: int = Field(description="Units done in the current stage")
    total: int
    files: list[str]
    errors: list[FileError] = Field(description="Files that could not be ingested, with the reason")
    report: dict[str, Any] | None = Field(None, description="added, updated, unchanged, deleted, n_chunks, seconds")
    message: str | None = None
    created_at: float
    finished_at: float | None = None

    @classmethod
    def of(cls, job: Job) -> JobOut:
        d = job.snapshot()
        d.pop("tenant")
        return cls(**d)


@router.get("/{job_id}", response_model=JobOut, summary="Ingest job status")
def get_job(job_id: str, who: PrincipalDep, jobs: JobsDep) -> JobOut:
    job = jobs.get(job_id)
    if job is None or not who.can_see(job.collection):
        raise not_found("job")
    return JobOut.of(job)
